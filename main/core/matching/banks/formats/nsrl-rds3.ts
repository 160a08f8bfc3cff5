// NSRL RDS v3, the current distribution: an SQLite database whose FILE view lists one row per file with
// sha256, sha1, md5, file_name, file_size and package_id (upper-case hex). Read straight from the file,
// read-only, a row at a time; each row gives up to three entries, and a row with a damaged hash is reported
// by its row number (1-based, in the view's order). It never writes to the database it reads.
import Database from 'better-sqlite3-multiple-ciphers';
import { BankFileError, parseHash, preview, sentence, type HashAlgorithm, type ImportItem } from '../entry';

const REQUIRED = ['sha256', 'sha1', 'md5', 'file_name', 'file_size', 'package_id'];

interface RdsRow {
  sha256: string | null;
  sha1: string | null;
  md5: string | null;
  file_name: string | null;
  file_size: number | null;
  package_id: number | string | null;
}

export async function* readNsrlRds3(path: string): AsyncGenerator<ImportItem> {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BankFileError(
      `${path} is not a readable SQLite database (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  try {
    let columns: string[];
    try {
      columns = (db.prepare("SELECT name FROM pragma_table_info('FILE')").pluck().all() as string[]).map(
        (c) => c.toLowerCase(),
      );
    } catch (error) {
      throw new BankFileError(
        `${path} is an SQLite file Custody cannot read (${error instanceof Error ? error.message : String(error)}): is it encrypted or damaged?`,
      );
    }
    const missing = REQUIRED.filter((name) => !columns.includes(name));
    if (missing.length > 0) {
      throw new BankFileError(
        `${path} is an SQLite database but not an NSRL RDS v3 one: its FILE view ${columns.length === 0 ? 'is missing' : `lacks ${missing.join(', ')}`}.`,
      );
    }
    const rows = db
      .prepare('SELECT sha256, sha1, md5, file_name, file_size, package_id FROM FILE')
      .iterate() as IterableIterator<RdsRow>;
    let line = 0;
    for (const row of rows) {
      line++;
      yield* rowItems(row, line);
      // Let other work run between large stretches of a list of millions of rows.
      if (line % 10_000 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    db.close();
  }
}

function rowItems(row: RdsRow, line: number): ImportItem[] {
  const extra: Record<string, string | number> = {};
  if (row.file_size !== null) extra.FileSize = Number(row.file_size);
  if (row.package_id !== null) extra.PackageId = row.package_id;
  const label = row.file_name ?? '';
  const items: ImportItem[] = [];
  const reasons: string[] = [];
  for (const algorithm of ['sha256', 'sha1', 'md5'] as const satisfies readonly HashAlgorithm[]) {
    const text = row[algorithm];
    if (text === null || text === '') continue;
    const hash = parseHash(algorithm, String(text));
    if ('reason' in hash) reasons.push(hash.reason);
    else
      items.push({
        entry: { algorithm, value: hash.value, line, extra: { ...extra }, ...(label ? { label } : {}) },
      });
  }
  if (reasons.length > 0) return [{ problem: { line, message: sentence(reasons.join('; ')) } }];
  if (items.length === 0)
    return [{ problem: { line, message: `Row ${line} (${preview(label)}) has no hash.` } }];
  return items;
}
