// One VICS Media record as bank entries: its MD5, SHA1, SHA256 and AlternativeHashes (PDQ too), its
// Category and flags (booleans as JSON or as "true"/"false"), and an allow-list of other fields. It never
// copies comments, paths, EXIF or thumbnails into the bank.
import type { BankEntry, HashAlgorithm, ImportItem } from '../entry';
import { parseHash, preview } from '../entry';
import type { JsonObject, JsonValue } from './json-value';

/** Media fields holding a hash Custody matches (keys compared in lower case). */
const HASH_FIELDS: ReadonlyArray<[string, HashAlgorithm]> = [
  ['md5', 'md5'],
  ['sha1', 'sha1'],
  ['sha256', 'sha256'],
];

/** AlternativeHashes[].HashName values Custody matches (lower case, without dashes). */
const ALTERNATIVE_NAMES: ReadonlyMap<string, HashAlgorithm> = new Map([
  ['md5', 'md5'],
  ['sha1', 'sha1'],
  ['sha256', 'sha256'],
  ['pdq', 'pdq'],
]);

/** VICS flags: JSON booleans, or the strings "true"/"false" as many exporters write them. */
const BOOLEAN_FIELDS = [
  'VictimIdentified',
  'OffenderIdentified',
  'IsDistributed',
  'IsPrecategorized',
  'IsSuspected',
];

/**
 * Scalar Media fields copied to `extra`. An allow-list: Comments, file paths, EXIF and thumbnails
 * ("Miniature") stay out of the bank.
 */
const EXTRA_FIELDS = [
  'MediaID',
  'MediaSize',
  'Series',
  'Tags',
  'DateUpdated',
  'MimeType',
  'PrecategorizationSource',
];

/**
 * One Media record (the `ordinal`-th of the file, starting on `line`) as entries, one per hash, or one
 * problem naming everything wrong with it, on the line of its first bad field.
 */
export function mediaItems(
  media: JsonObject,
  line: number,
  keyLines: Map<string, number>,
  ordinal: number,
): ImportItem[] {
  return new MediaRecord(media, line, keyLines).items(ordinal);
}

interface Hash {
  algorithm: HashAlgorithm;
  value: string;
  line: number;
}

class MediaRecord {
  private readonly byLowerKey = new Map<string, [string, JsonValue]>();
  private readonly reasons: string[] = [];
  private problemLine: number | undefined;
  private readonly hashes: Hash[] = [];

  constructor(
    media: JsonObject,
    private readonly line: number,
    private readonly keyLines: Map<string, number>,
  ) {
    for (const [key, value] of media) this.byLowerKey.set(key.toLowerCase(), [key, value]);
  }

  items(ordinal: number): ImportItem[] {
    for (const [name, algorithm] of HASH_FIELDS) {
      const found = this.field(name);
      if (found) this.addHash(algorithm, found[0], found[1]);
    }
    this.readAlternativeHashes();
    const category = this.category();
    const extra = this.extra();
    if (this.reasons.length > 0) {
      return [
        {
          problem: {
            line: this.problemLine ?? this.line,
            message: `${this.name(ordinal)}: ${this.reasons.join('; ')}.`,
          },
        },
      ];
    }
    if (this.hashes.length === 0) {
      const message = `${this.name(ordinal)} has no MD5, SHA1 or SHA256 hash (a PhotoDNA alone is not matched).`;
      return [{ problem: { line: this.line, message } }];
    }
    const fileName = this.field('FileName')?.[1] ?? this.field('Name')?.[1];
    return this.hashes.map(({ algorithm, value, line }) => {
      const entry: BankEntry = { algorithm, value, line, extra: { ...extra } };
      if (typeof fileName === 'string' && fileName !== '') entry.label = fileName;
      if (category !== undefined) entry.category = category;
      return { entry };
    });
  }

  /** The field `name` (any case) as [its key as written, its value]. */
  private field(name: string): [string, JsonValue] | undefined {
    return this.byLowerKey.get(name.toLowerCase());
  }

  private fail(key: string, reason: string): void {
    this.reasons.push(reason);
    this.problemLine ??= this.keyLines.get(key) ?? this.line;
  }

  private name(ordinal: number): string {
    const id = this.field('MediaID')?.[1];
    const where = `Media record #${ordinal}`;
    return typeof id === 'string' || typeof id === 'number' ? `${where} (MediaID ${id})` : where;
  }

  private addHash(algorithm: HashAlgorithm, key: string, raw: JsonValue): void {
    if (raw === null || raw === '') return;
    if (typeof raw !== 'string') {
      this.fail(key, `${key} is not a string`);
      return;
    }
    const hash = parseHash(algorithm, raw);
    if ('reason' in hash) {
      this.fail(key, hash.reason);
      return;
    }
    for (const known of this.hashes) if (known.algorithm === algorithm && known.value === hash.value) return;
    this.hashes.push({ algorithm, value: hash.value, line: this.keyLines.get(key) ?? this.line });
  }

  private readAlternativeHashes(): void {
    const alternatives = this.field('AlternativeHashes');
    if (!alternatives || !Array.isArray(alternatives[1])) return;
    for (const alternative of alternatives[1]) {
      if (!(alternative instanceof Map)) continue;
      const name = alternative.get('HashName');
      const algorithm =
        typeof name === 'string' ? ALTERNATIVE_NAMES.get(name.toLowerCase().replace(/-/g, '')) : undefined;
      if (algorithm) this.addHash(algorithm, alternatives[0], alternative.get('HashValue') ?? null);
    }
  }

  private category(): string | undefined {
    const found = this.field('Category');
    if (!found || found[1] === null || found[1] === '') return undefined;
    const value = found[1];
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return value.trim();
    this.fail(found[0], `Category ${describe(value)} is not a whole number`);
    return undefined;
  }

  private extra(): Record<string, string | number | boolean> {
    const extra: Record<string, string | number | boolean> = {};
    for (const name of BOOLEAN_FIELDS) {
      const found = this.field(name);
      if (!found || found[1] === null || found[1] === '') continue;
      const flag = parseFlag(found[1]);
      if (flag === undefined)
        this.fail(found[0], `${found[0]} is ${describe(found[1])}; expected true or false`);
      else extra[name] = flag;
    }
    for (const name of EXTRA_FIELDS) {
      const value = this.field(name)?.[1];
      if (
        (typeof value === 'string' && value !== '') ||
        typeof value === 'number' ||
        typeof value === 'boolean'
      ) {
        extra[name] = value;
      }
    }
    return extra;
  }
}

/** A VICS flag: true or false as JSON, or as the strings "true"/"false" in any case. */
function parseFlag(value: JsonValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

function describe(value: JsonValue): string {
  if (typeof value === 'string') return `"${preview(value, 40)}"`;
  if (value instanceof Map) return 'an object';
  if (Array.isArray(value)) return 'an array';
  return String(value);
}
