// RFC 8785 JSON Canonicalization Scheme: the one byte form of a ledger entry that gets hashed and signed.
// It must never guess: a value JSON cannot carry exactly (NaN, undefined, a Date, a Map, a BigInt, a lone
// surrogate, a cycle) is refused with a CanonicalJsonError naming where it is, never dropped or coerced.
import { InvalidInputError } from '../errors';

export class CanonicalJsonError extends InvalidInputError {}

/** Any lone UTF-16 surrogate: I-JSON (RFC 7493), which RFC 8785 requires, forbids them. */
const loneSurrogate = /[\uD800-\uDFFF]/u;

/** The RFC 8785 serialisation of `value`, as a string. */
export function canonicalize(value: unknown): string {
  return serialize(value, '$', new Set());
}

/** The RFC 8785 serialisation of `value`, UTF-8 encoded: the bytes to hash and sign. */
export function canonicalBytes(value: unknown): Uint8Array {
  return Buffer.from(canonicalize(value), 'utf8');
}

function serialize(value: unknown, path: string, ancestors: Set<object>): string {
  if (value === null || value === true || value === false) return String(value);
  switch (typeof value) {
    case 'number':
      return serializeNumber(value, path);
    case 'string':
      return serializeString(value, path);
    case 'object':
      return serializeContainer(value, path, ancestors);
    default:
      throw new CanonicalJsonError(`${path} is ${describe(value)}, which JSON cannot represent.`);
  }
}

/** ECMAScript Number-to-String (RFC 8785 section 3.2.2.3); -0 becomes 0. */
function serializeNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) {
    throw new CanonicalJsonError(`${path} is ${value}; JSON numbers must be finite.`);
  }
  return JSON.stringify(value);
}

/** JSON.stringify's string quoting is exactly RFC 8785's minimal escaping, once lone surrogates are refused. */
function serializeString(value: string, path: string): string {
  if (loneSurrogate.test(value)) {
    throw new CanonicalJsonError(
      `${path} contains a lone UTF-16 surrogate, which is not valid Unicode text.`,
    );
  }
  return JSON.stringify(value);
}

function serializeContainer(value: object, path: string, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw new CanonicalJsonError(`${path} refers back to itself (a cycle).`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return serializeArray(value, path, ancestors);
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      throw new CanonicalJsonError(
        `${path} is ${describe(value)}; only plain objects and arrays are allowed.`,
      );
    }
    return serializeObject(value as Record<string, unknown>, path, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function serializeArray(value: readonly unknown[], path: string, ancestors: Set<object>): string {
  const items: string[] = [];
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) throw new CanonicalJsonError(`${path}[${i}] is a hole in a sparse array.`);
    items.push(serialize(value[i], `${path}[${i}]`, ancestors));
  }
  return `[${items.join(',')}]`;
}

function serializeObject(value: Record<string, unknown>, path: string, ancestors: Set<object>): string {
  if (Object.getOwnPropertySymbols(value).length > 0) {
    throw new CanonicalJsonError(`${path} has symbol keys, which JSON cannot represent.`);
  }
  // Sorted by UTF-16 code units (RFC 8785 section 3.2.3), which is what `<` on strings compares.
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const members = keys.map((key) => {
    const memberPath = `${path}${JSON.stringify([key])}`;
    return `${serializeString(key, memberPath)}:${serialize(value[key], memberPath, ancestors)}`;
  });
  return `{${members.join(',')}}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return 'a BigInt';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  const constructorName = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof constructorName === 'string'
    ? `an instance of ${constructorName}`
    : 'an object with a custom prototype';
}
