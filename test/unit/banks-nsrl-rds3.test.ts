// NSRL RDS v3: a small database shaped like NIST's (METADATA and PACKAGE_OBJECT tables, the FILE view with
// upper-case hashes) generated here, detected from its first bytes, streamed row by row into entries that
// round-trip every hash, name and size, with a damaged row reported by its number; a database without the
// FILE view is refused.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { BankFileError, detectFileFormat, readBankFile, type ImportItem } from '../../main/core/matching';
import { useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

const digest = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex');

/** An RDS v3-shaped database: the real FILE view over its own METADATA and PACKAGE_OBJECT tables. */
function rdsDatabase(
  path: string,
  files: Array<{ name: string; extension: string; bytes: number; sha1?: string }>,
) {
  const db = new Database(path);
  db.exec(`
    CREATE TABLE PACKAGE_OBJECT (object_id INTEGER PRIMARY KEY, package_id INTEGER NOT NULL);
    CREATE TABLE METADATA (
      metadata_id INTEGER PRIMARY KEY, object_id INTEGER NOT NULL, file_name VARCHAR NOT NULL,
      extension VARCHAR NOT NULL, bytes INTEGER NOT NULL, md5 VARCHAR NOT NULL, sha1 VARCHAR NOT NULL,
      sha256 VARCHAR NOT NULL
    );
    CREATE VIEW FILE AS
      SELECT UPPER(md.sha256) AS sha256, UPPER(md.sha1) AS sha1, UPPER(md.md5) AS md5,
        CASE md.extension WHEN '' THEN md.file_name ELSE md.file_name||'.'||md.extension END AS file_name,
        md.bytes AS file_size, po.package_id
      FROM METADATA AS md, PACKAGE_OBJECT AS po WHERE md.object_id = po.object_id;
  `);
  const object = db.prepare('INSERT INTO PACKAGE_OBJECT (object_id, package_id) VALUES (?, ?)');
  const metadata = db.prepare(
    'INSERT INTO METADATA (object_id, file_name, extension, bytes, md5, sha1, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  files.forEach((file, i) => {
    object.run(i + 1, 1000 + i);
    const text = `${file.name}.${file.extension}`;
    metadata.run(
      i + 1,
      file.name,
      file.extension,
      file.bytes,
      digest('md5', text),
      file.sha1 ?? digest('sha1', text),
      digest('sha256', text),
    );
  });
  db.close();
}

async function collect(items: AsyncIterable<ImportItem>): Promise<ImportItem[]> {
  const all: ImportItem[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('NSRL RDS v3', () => {
  it('is detected from its first bytes and read row by row, every hash, name and size kept', async () => {
    const path = join(await tempDir(), 'RDS_2026.09.1_modern_minimal.db');
    const files = [
      { name: 'kernel32', extension: 'dll', bytes: 1_114_112 },
      { name: 'README', extension: '', bytes: 42 },
      { name: 'damaged', extension: 'exe', bytes: 7, sha1: 'not-a-sha1' },
      { name: 'setup', extension: 'msi', bytes: 9_000_000 },
    ];
    rdsDatabase(path, files);
    expect(await detectFileFormat(path)).toBe('nsrl-rds3');
    const items = await collect(readBankFile(path));
    const entries = items.flatMap((item) => ('entry' in item ? [item.entry] : []));
    const problems = items.flatMap((item) => ('problem' in item ? [item.problem] : []));
    expect(problems).toEqual([{ line: 3, message: expect.stringMatching(/SHA-1 "NOT-A-SHA1"/) }]);
    expect(entries).toHaveLength(9);
    for (const [i, file] of files.entries()) {
      if (file.sha1) continue;
      const text = `${file.name}.${file.extension}`;
      const label = file.extension ? text : file.name;
      const row = entries.filter((e) => e.line === i + 1);
      expect(row.map((e) => [e.algorithm, e.value])).toEqual([
        ['sha256', digest('sha256', text)],
        ['sha1', digest('sha1', text)],
        ['md5', digest('md5', text)],
      ]);
      for (const entry of row) {
        expect(entry.label).toBe(label);
        expect(entry.extra).toEqual({ FileSize: file.bytes, PackageId: 1000 + i });
      }
    }
  });

  it('refuses an SQLite database without the FILE view', async () => {
    const path = join(await tempDir(), 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(await detectFileFormat(path)).toBe('nsrl-rds3');
    await expect(collect(readBankFile(path))).rejects.toThrow(BankFileError);
    await expect(collect(readBankFile(path))).rejects.toThrow(
      /not an NSRL RDS v3 one: its FILE view is missing/,
    );
  });
});
