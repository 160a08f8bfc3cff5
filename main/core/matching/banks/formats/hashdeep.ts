// hashdeep lists (HASHDEEP FILE FORMAT 1.0): "%%%% HASHDEEP-1.0", "%%%% size,<hashes...>,filename" naming
// the columns, "##" comments, then "size,hash,...,filename" rows; the unquoted last column may hold commas.
// It never reads a row before the column header: such a file is refused whole.
import type { BankInput, HashAlgorithm, ImportItem } from '../entry';
import { BankFileError, parseHash, preview, sentence } from '../entry';
import { lineBatches, MAX_LINE_CHARS } from './text';

/** Column names hashdeep writes; those Custody does not match (tiger, whirlpool, sha3) are read and ignored. */
const HASH_COLUMNS: ReadonlyMap<string, HashAlgorithm | 'ignored'> = new Map([
  ['md5', 'md5'],
  ['sha1', 'sha1'],
  ['sha-1', 'sha1'],
  ['sha256', 'sha256'],
  ['sha-256', 'sha256'],
  ['tiger', 'ignored'],
  ['whirlpool', 'ignored'],
  ['sha3', 'ignored'],
  ['sha3-256', 'ignored'],
]);

export async function* readHashdeep(input: BankInput): AsyncGenerator<ImportItem> {
  let columns: Array<HashAlgorithm | 'ignored'> | undefined;
  for await (const batch of lineBatches(input)) {
    for (const { text, line, tooLong } of batch) {
      if (tooLong) {
        yield { problem: { line, message: `The line is longer than ${MAX_LINE_CHARS} characters.` } };
        continue;
      }
      if (text.trim() === '' || text.startsWith('##')) continue;
      if (text.startsWith('%%%%')) {
        const header = text.slice(4).trim();
        if (/^HASHDEEP-\d+(\.\d+)*$/i.test(header)) continue;
        columns = parseColumns(header, line);
        continue;
      }
      if (!columns) {
        throw new BankFileError(
          `Line ${line} holds a row before the hashdeep column header ("%%%% size,md5,...,filename"). Is this a hashdeep file?`,
        );
      }
      yield* parseRow(text, line, columns);
    }
  }
}

function parseColumns(header: string, line: number): Array<HashAlgorithm | 'ignored'> {
  const names = header.split(',').map((name) => name.trim().toLowerCase());
  if (names.length < 3 || names[0] !== 'size' || names.at(-1) !== 'filename') {
    throw new BankFileError(
      `Line ${line}: the hashdeep column header "${preview(header)}" must start with "size" and end with "filename".`,
    );
  }
  const hashes = names.slice(1, -1).map((name) => {
    const algorithm = HASH_COLUMNS.get(name);
    if (!algorithm) {
      throw new BankFileError(
        `Line ${line}: "${preview(name)}" is not a hashdeep column (md5, sha1, sha256, tiger, whirlpool).`,
      );
    }
    return algorithm;
  });
  if (!hashes.some((algorithm) => algorithm !== 'ignored')) {
    throw new BankFileError(
      `Line ${line}: the hashdeep file has no md5, sha1 or sha256 column, so nothing to import.`,
    );
  }
  return hashes;
}

/** One problem, or an entry per hash column Custody matches. */
function parseRow(text: string, line: number, columns: Array<HashAlgorithm | 'ignored'>): ImportItem[] {
  const fields: string[] = [];
  let at = 0;
  for (let i = 0; i <= columns.length; i++) {
    const comma = text.indexOf(',', at);
    if (comma < 0) {
      return [
        {
          problem: {
            line,
            message: `The row has ${fields.length + 1} field(s); the header declares ${columns.length + 2} (size, hashes, filename).`,
          },
        },
      ];
    }
    fields.push(text.slice(at, comma).trim());
    at = comma + 1;
  }
  const name = text.slice(at);
  const size = fields[0] ?? '';
  if (!/^\d+$/.test(size)) {
    return [{ problem: { line, message: `The size "${preview(size)}" is not a whole number of bytes.` } }];
  }
  const entries: ImportItem[] = [];
  const reasons: string[] = [];
  columns.forEach((algorithm, index) => {
    if (algorithm === 'ignored') return;
    const hash = parseHash(algorithm, fields[index + 1] ?? '');
    if ('reason' in hash) reasons.push(hash.reason);
    else
      entries.push({
        entry: { algorithm, value: hash.value, label: name, line, extra: { size: Number(size) } },
      });
  });
  if (reasons.length > 0) return [{ problem: { line, message: sentence(reasons.join('; ')) } }];
  return entries;
}
