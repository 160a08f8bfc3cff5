// Input generators of the fuzz suite, as fast-check arbitraries: byte-level damage to a valid seed (flips,
// cuts, dropped and duplicated runs, stray delimiters, boundary values in length fields), structure-aware
// changes to a JSON value, random chunkings of a stream. Generated data only; never real media.
import fc from 'fast-check';

const STRAY = [...'",;\t\n\r{}[]<>/&\\:*#%=\'?!']
  .map((c) => [c.charCodeAt(0)])
  .concat([[0], [0xff], [0xc3], [0xef, 0xbb, 0xbf]]);
/** Values that break length, offset and count fields: zero, sign bits, all ones. */
const BOUNDARY = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];

type Edit =
  | { op: 'flip'; at: number; mask: number }
  | { op: 'cut'; at: number }
  | { op: 'drop'; at: number; length: number }
  | { op: 'stray'; at: number; which: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'boundary'; at: number; which: number; width: number }
  | { op: 'insert'; at: number; bytes: Uint8Array };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: position, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant('cut' as const), at: position }),
  fc.record({ op: fc.constant('drop' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('stray' as const), at: position, which: fc.nat(STRAY.length - 1) }),
  fc.record({
    op: fc.constant('duplicate' as const),
    at: position,
    length: fc.integer({ min: 1, max: 120 }),
  }),
  fc.record({
    op: fc.constant('boundary' as const),
    at: position,
    which: fc.nat(BOUNDARY.length - 1),
    width: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    op: fc.constant('insert' as const),
    at: position,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }),
  }),
);

function apply(seed: Uint8Array, edits: readonly Edit[]): Buffer {
  let out = Buffer.from(seed);
  for (const e of edits) {
    if (out.length === 0) break;
    const at = Math.floor(e.at * out.length);
    switch (e.op) {
      case 'flip':
        out[at] = (out[at] ?? 0) ^ e.mask;
        break;
      case 'cut':
        out = out.subarray(0, at);
        break;
      case 'drop':
        out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + e.length))]);
        break;
      case 'stray':
        out = Buffer.concat([out.subarray(0, at), Buffer.from(STRAY[e.which] ?? [0]), out.subarray(at)]);
        break;
      case 'duplicate':
        out = Buffer.concat([out.subarray(0, at), out.subarray(at, at + e.length), out.subarray(at)]);
        break;
      case 'boundary':
        out = Buffer.from(out);
        for (let i = 0; i < e.width && at + i < out.length; i++) out[at + i] = BOUNDARY[e.which] ?? 0;
        break;
      default:
        out = Buffer.concat([out.subarray(0, at), Buffer.from(e.bytes), out.subarray(at)]);
    }
  }
  return out;
}

/** `seed` with one to `maxEdits` byte-level edits; `region` limits where they land (e.g. an image header). */
export function damaged(
  seed: Uint8Array,
  maxEdits = 6,
  region?: { start: number; end: number },
): fc.Arbitrary<Buffer> {
  if (!region)
    return fc.array(edit, { minLength: 1, maxLength: maxEdits }).map((edits) => apply(seed, edits));
  const { start, end } = region;
  const head = seed.subarray(start, Math.min(end, seed.length));
  return fc
    .array(edit, { minLength: 1, maxLength: maxEdits })
    .map((edits) =>
      Buffer.concat([seed.subarray(0, start), apply(head, edits), seed.subarray(start + head.length)]),
    );
}

/** One of `seeds`, damaged. */
export function damagedOneOf(seeds: readonly Uint8Array[], maxEdits = 6): fc.Arbitrary<Buffer> {
  return fc.oneof(...seeds.map((seed) => damaged(seed, maxEdits)));
}

/** A text seed damaged at the byte level, decoded back to text (invalid UTF-8 becomes U+FFFD). */
export function damagedText(seed: string, maxEdits = 6): fc.Arbitrary<string> {
  return damaged(Buffer.from(seed, 'utf8'), maxEdits).map((bytes) => bytes.toString('utf8'));
}

/** Splits `bytes` into chunks of random sizes, as a stream delivers them. */
export function chunkings(bytes: Buffer): fc.Arbitrary<Buffer[]> {
  return fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 20 }).map((sizes) => {
    const out: Buffer[] = [];
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const size = sizes[i % sizes.length] ?? 1;
      out.push(bytes.subarray(at, at + size));
      at += size;
    }
    return out;
  });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type JsonEdit =
  | { op: 'replace'; at: number; value: Json }
  | { op: 'remove'; at: number }
  | { op: 'add'; at: number; key: string; value: Json }
  | { op: 'wrap'; at: number; depth: number };

/** Every path (keys and indexes) of a JSON value down to depth 40, the value itself first. */
function paths(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out = [prefix];
  if (prefix.length >= 40) return out;
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function edited(
  value: Json,
  path: ReadonlyArray<string | number>,
  change: (old: Json) => Json | undefined,
): Json {
  if (path.length === 0) return change(value) ?? null;
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  if (Array.isArray(value)) {
    const copy = [...value];
    const next = edited(copy[head as number] ?? null, rest, change);
    if (rest.length === 0 && change(copy[head as number] ?? null) === undefined)
      copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  if (value !== null && typeof value === 'object') {
    const copy: { [key: string]: Json } = { ...value };
    if (rest.length === 0 && change(copy[head] ?? null) === undefined) delete copy[head];
    else copy[head] = edited(copy[head] ?? null, rest, change);
    return copy;
  }
  return value;
}

const jsonLeaf: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(
    '',
    '__proto__',
    'constructor',
    -1,
    0,
    1e308,
    -0,
    2 ** 53,
    'x'.repeat(10_000),
    '../..',
    '\u0000',
    [],
  ),
);

const jsonEdit: fc.Arbitrary<JsonEdit> = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), at: position, value: jsonLeaf }),
  fc.record({ op: fc.constant('remove' as const), at: position }),
  fc.record({
    op: fc.constant('add' as const),
    at: position,
    key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'toString')),
    value: jsonLeaf,
  }),
  fc.record({ op: fc.constant('wrap' as const), at: position, depth: fc.integer({ min: 1, max: 300 }) }),
);

function applyJson(seed: Json, edits: readonly JsonEdit[]): Json {
  let value = seed;
  for (const e of edits) {
    const all = paths(value);
    const path = all[Math.floor(e.at * all.length)] ?? [];
    if (e.op === 'replace') value = edited(value, path, () => e.value);
    else if (e.op === 'remove') value = path.length === 0 ? value : edited(value, path, () => undefined);
    else if (e.op === 'wrap')
      value = edited(value, path, (old) => {
        let wrapped = old;
        for (let i = 0; i < e.depth; i++) wrapped = [wrapped];
        return wrapped;
      });
    else
      value = edited(value, path, (old) =>
        old !== null && typeof old === 'object' && !Array.isArray(old)
          ? Object.defineProperty({ ...old }, e.key, {
              value: e.value,
              enumerable: true,
              configurable: true,
              writable: true,
            })
          : Array.isArray(old)
            ? [...old, e.value]
            : old,
      );
  }
  return value;
}

/** A valid JSON value with one to `maxEdits` structural changes (fields replaced, removed, added, nested). */
export function mutatedJson(seed: unknown, maxEdits = 3): fc.Arbitrary<unknown> {
  const base = JSON.parse(JSON.stringify(seed)) as Json;
  return fc.array(jsonEdit, { minLength: 1, maxLength: maxEdits }).map((edits) => applyJson(base, edits));
}

/** Text of `value` nested `depth` times in arrays or objects, deeper than JSON.stringify can go. */
export function deeplyNested(value: unknown): fc.Arbitrary<string> {
  const text = JSON.stringify(value);
  return fc
    .record({ depth: fc.integer({ min: 100, max: 100_000 }), object: fc.boolean() })
    .map(({ depth, object }) =>
      object
        ? '{"a":'.repeat(depth) + text + '}'.repeat(depth)
        : '['.repeat(depth) + text + ']'.repeat(depth),
    );
}

/** JSON text: a mutated seed, the seed damaged byte by byte, nested very deep, or any JSON value at all. */
export function hostileJsonText(seed: unknown): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: mutatedJson(seed).map((value) => JSON.stringify(value)), weight: 4 },
    { arbitrary: damagedText(JSON.stringify(seed, null, 2)), weight: 4 },
    { arbitrary: deeplyNested(seed), weight: 1 },
    { arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)), weight: 1 },
  );
}
