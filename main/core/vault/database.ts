// Opens the vault's SQLCipher database with the raw data key, pins the cipher, applies the durability
// pragmas and brings the schema up to date. Never derives a key from a passphrase (key slots do that).
import Database from 'better-sqlite3-multiple-ciphers';
import { TamperDetectedError } from '../errors';
import { migrations } from './migrations';
import { databasePragmas, sqlcipherPragmas } from './parameters';

export type VaultDatabase = Database.Database;

/** Opens (or creates) the database. Throws TamperDetectedError when the key does not open it. */
export function openDatabase(path: string, dataKey: Buffer, options: { create: boolean }): VaultDatabase {
  const db = new Database(path, { fileMustExist: !options.create });
  try {
    for (const pragma of sqlcipherPragmas) db.pragma(pragma);
    db.pragma(`key = "x'${dataKey.toString('hex')}'"`);
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch {
      throw new TamperDetectedError(
        "vault.db does not open with this vault's key: the database is damaged or was replaced. Restore it from a backup.",
      );
    }
    for (const pragma of databasePragmas) db.pragma(pragma);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Applies every migration newer than the database's user_version, each in its own transaction. */
export function migrate(db: VaultDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new TamperDetectedError(
      `vault.db has schema version ${current}, newer than this Custody understands (${latest}). Update Custody.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

/** SQLite's own structural check; returns the problems it lists (empty when the database is sound). */
export function integrityProblems(db: VaultDatabase): string[] {
  const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check).filter((line) => line !== 'ok');
}
