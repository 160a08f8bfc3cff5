// Interpol ICSE hash exports as CSV. Interpol publishes no layout, so this reads any header-named CSV: hash
// columns MD5, SHA1, SHA256, PDQ (any case, "SHA-1", "sha1_hash"...), optional category, label and quality
// columns; comma, semicolon or tab separated. Other columns are never copied into the bank.
import type { BankEntry, BankInput, HashAlgorithm, ImportItem } from '../entry';
import { BankFileError, parseHash, preview, sentence } from '../entry';
import { readHeaderedCsv, sniffDelimiter, splitCsvLine } from './csv';

type Role = HashAlgorithm | 'category' | 'label' | 'quality';

/** Header names (lower case, without spaces, dashes and underscores) and what their column holds. */
const HEADER_ROLES: ReadonlyMap<string, Role> = new Map([
  ['md5', 'md5'],
  ['md5hash', 'md5'],
  ['hashmd5', 'md5'],
  ['sha1', 'sha1'],
  ['sha1hash', 'sha1'],
  ['hashsha1', 'sha1'],
  ['sha256', 'sha256'],
  ['sha256hash', 'sha256'],
  ['hashsha256', 'sha256'],
  ['pdq', 'pdq'],
  ['pdqhash', 'pdq'],
  ['hashpdq', 'pdq'],
  ['category', 'category'],
  ['classification', 'category'],
  ['label', 'label'],
  ['name', 'label'],
  ['filename', 'label'],
  ['imageid', 'label'],
  ['mediaid', 'label'],
  ['id', 'label'],
  ['quality', 'quality'],
  ['pdqquality', 'quality'],
]);

/** The header names that make a CSV an ICSE-style hash list (for detection). */
export function icseHashColumns(headerFields: readonly string[]): HashAlgorithm[] {
  return headerFields.flatMap((name) => {
    const role = HEADER_ROLES.get(normaliseHeader(name));
    return role === 'md5' || role === 'sha1' || role === 'sha256' || role === 'pdq' ? [role] : [];
  });
}

interface IcseColumns {
  delimiter: string;
  count: number;
  hashes: Array<[HashAlgorithm, number]>;
  category: number;
  label: number;
  quality: number;
}

export function readIcseCsv(input: BankInput): AsyncGenerator<ImportItem> {
  return readHeaderedCsv(input, parseHeader, parseRow);
}

function normaliseHeader(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, '');
}

function parseHeader(text: string, line: number): IcseColumns {
  const delimiter = sniffDelimiter(text);
  const split = splitCsvLine(text, delimiter);
  const names = 'fields' in split ? split.fields : [];
  const columns: IcseColumns = {
    delimiter,
    count: names.length,
    hashes: [],
    category: -1,
    label: -1,
    quality: -1,
  };
  names.forEach((name, index) => {
    const role = HEADER_ROLES.get(normaliseHeader(name));
    if (role === 'category' || role === 'label' || role === 'quality') {
      if (columns[role] < 0) columns[role] = index;
    } else if (role) {
      columns.hashes.push([role, index]);
    }
  });
  if (columns.hashes.length === 0) {
    throw new BankFileError(
      `Line ${line} is not a hash-list CSV header: no column is named MD5, SHA1, SHA256 or PDQ (found "${preview(text)}").`,
    );
  }
  return columns;
}

function parseRow(text: string, line: number, columns: IcseColumns): ImportItem[] {
  const split = splitCsvLine(text, columns.delimiter);
  if ('reason' in split) return [{ problem: { line, message: sentence(split.reason) } }];
  const fields = split.fields;
  if (fields.length !== columns.count) {
    return [
      {
        problem: { line, message: `The row has ${fields.length} field(s); the header has ${columns.count}.` },
      },
    ];
  }
  const category = fields[columns.category] ?? '';
  const label = fields[columns.label] ?? '';
  const qualityText = fields[columns.quality] ?? '';
  if (qualityText !== '' && !(/^\d{1,3}$/.test(qualityText) && Number(qualityText) <= 100)) {
    return [
      {
        problem: {
          line,
          message: `The quality "${preview(qualityText)}" is not a whole number from 0 to 100.`,
        },
      },
    ];
  }
  const entries: ImportItem[] = [];
  const reasons: string[] = [];
  for (const [algorithm, index] of columns.hashes) {
    const cell = fields[index] ?? '';
    if (cell === '') continue;
    const hash = parseHash(algorithm, cell);
    if ('reason' in hash) {
      reasons.push(hash.reason);
      continue;
    }
    const entry: BankEntry = { algorithm, value: hash.value, line };
    if (label !== '') entry.label = label;
    if (category !== '') entry.category = category;
    if (algorithm === 'pdq' && qualityText !== '') entry.quality = Number(qualityText);
    entries.push({ entry });
  }
  if (reasons.length > 0) return [{ problem: { line, message: sentence(reasons.join('; ')) } }];
  if (entries.length === 0)
    return [{ problem: { line, message: 'The row has no hash in any hash column.' } }];
  return entries;
}
