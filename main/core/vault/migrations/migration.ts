// The shape of one schema migration. One numbered file per migration (Signal's convention); they run in
// order inside a transaction and are never edited once released.
import type Database from 'better-sqlite3-multiple-ciphers';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
