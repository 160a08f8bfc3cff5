// NSRL RDS legacy NSRLFile.txt (RDS 2.x): a quoted CSV header "SHA-1","MD5","CRC32","FileName","FileSize",
// "ProductCode","OpSystemCode","SpecialCode", then one row per file, columns found by header name. A row
// with more or fewer fields than the header is reported, never guessed at.
import type { BankInput, ImportItem } from '../entry';
import { BankFileError, parseHash, preview, sentence } from '../entry';
import { readHeaderedCsv, splitCsvLine } from './csv';

/** Columns copied to an entry's `extra`, when present and not empty. */
const EXTRA_COLUMNS = ['CRC32', 'FileSize', 'ProductCode', 'OpSystemCode', 'SpecialCode'];

interface NsrlColumns {
  count: number;
  sha1: number;
  md5: number;
  fileName: number;
  extra: Array<[string, number]>;
}

export function readNsrl(input: BankInput): AsyncGenerator<ImportItem> {
  return readHeaderedCsv(input, parseHeader, parseRow);
}

function parseHeader(text: string, line: number): NsrlColumns {
  const split = splitCsvLine(text, ',');
  const names = 'fields' in split ? split.fields.map((name) => name.toUpperCase()) : [];
  const find = (name: string): number => names.indexOf(name.toUpperCase());
  const sha1 = find('SHA-1');
  const md5 = find('MD5');
  if (sha1 < 0 || md5 < 0) {
    throw new BankFileError(
      `Line ${line} is not an NSRL header: expected "SHA-1","MD5","CRC32","FileName","FileSize","ProductCode","OpSystemCode","SpecialCode"; found "${preview(text)}".`,
    );
  }
  const extra: Array<[string, number]> = [];
  for (const name of EXTRA_COLUMNS) {
    const index = find(name);
    if (index >= 0) extra.push([name, index]);
  }
  return { count: names.length, sha1, md5, fileName: find('FileName'), extra };
}

function parseRow(text: string, line: number, columns: NsrlColumns): ImportItem[] {
  const split = splitCsvLine(text, ',');
  if ('reason' in split) return [{ problem: { line, message: sentence(split.reason) } }];
  const fields = split.fields;
  if (fields.length !== columns.count) {
    return [
      {
        problem: {
          line,
          message: `The row has ${fields.length} field(s); the NSRL header has ${columns.count}.`,
        },
      },
    ];
  }
  const sha1 = parseHash('sha1', fields[columns.sha1] ?? '');
  const md5 = parseHash('md5', fields[columns.md5] ?? '');
  const reasons = [sha1, md5].flatMap((hash) => ('reason' in hash ? [hash.reason] : []));
  if (!('value' in sha1) || !('value' in md5))
    return [{ problem: { line, message: sentence(reasons.join('; ')) } }];
  const extra: Record<string, string | number> = {};
  for (const [name, index] of columns.extra) {
    const value = fields[index] ?? '';
    if (value !== '') extra[name] = name === 'FileSize' && /^\d+$/.test(value) ? Number(value) : value;
  }
  const label = fields[columns.fileName] ?? '';
  const common = { line, extra, ...(label === '' ? {} : { label }) };
  return [
    { entry: { algorithm: 'sha1', value: sha1.value, ...common } },
    { entry: { algorithm: 'md5', value: md5.value, ...common, extra: { ...extra } } },
  ];
}
