// Pure helpers for a report draft as plain JSON: reading and immutably writing a value at a model path,
// dropping what the form left blank, comparing drafts, and naming a model path as the XML element path
// the core's completeness check uses (so a problem it reports can be found on the form). No DOM, no I/O.
import { ATTRIBUTE_NAMES, SIMPLE_CONTENT } from '../../../shared/cybertip';

export type Obj = Record<string, unknown>;
export type ModelPath = ReadonlyArray<string | number>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function getIn(value: unknown, path: ModelPath): unknown {
  let at = value;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(at)) return undefined;
      at = at[segment];
    } else {
      if (!isObject(at)) return undefined;
      at = at[segment];
    }
  }
  return at;
}

/** A copy of `value` with `next` at `path`, creating objects and arrays on the way; undefined deletes. */
export function setIn(value: unknown, path: ModelPath, next: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return next;
  if (typeof head === 'number') {
    const list = Array.isArray(value) ? [...(value as unknown[])] : [];
    const child = setIn(list[head], rest, next);
    if (child === undefined && rest.length === 0) list.splice(head, 1);
    else list[head] = child;
    return list;
  }
  const copy: Obj = isObject(value) ? { ...value } : {};
  const child = setIn(copy[head], rest, next);
  if (child === undefined) delete copy[head];
  else copy[head] = child;
  return copy;
}

/**
 * Drops empty strings, empty lists, and the objects that only held them, so a field the person cleared
 * leaves no empty element behind. Objects that were already empty (a victim's `{}` person record, which
 * the XSD requires) are kept.
 */
export function prune(value: unknown): unknown {
  if (value === '') return undefined;
  if (Array.isArray(value)) {
    const kept = value.map(prune).filter((item) => item !== undefined);
    return kept.length === 0 ? undefined : kept;
  }
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return value;
    const kept = entries.flatMap(([key, item]) => {
      const pruned = prune(item);
      return pruned === undefined ? [] : [[key, pruned] as const];
    });
    return kept.length === 0 ? undefined : Object.fromEntries(kept);
  }
  return value;
}

/** JSON with object keys sorted, for comparing drafts whatever order their keys were written in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    isObject(item)
      ? Object.fromEntries(
          Object.keys(item)
            .sort()
            .map((key) => [key, item[key]]),
        )
      : item,
  );
}

/** The element path of a model path inside `model`, e.g. /report/reporter/reportingPerson/email. */
export function elementPath(root: string, model: unknown, path: ModelPath): string {
  let out = `/${root}`;
  let previous: string | undefined;
  let at: unknown = model;
  for (const segment of path) {
    if (typeof segment === 'number') {
      const count = Array.isArray(at) ? at.length : 0;
      if (count > 1) out += `[${segment + 1}]`;
      at = Array.isArray(at) ? at[segment] : undefined;
    } else {
      if (ATTRIBUTE_NAMES.has(segment)) out += `/@${segment}`;
      else if (!(segment === 'value' && previous !== undefined && SIMPLE_CONTENT.has(previous)))
        out += `/${segment}`;
      previous = segment;
      at = isObject(at) ? at[segment] : undefined;
    }
  }
  return out;
}
