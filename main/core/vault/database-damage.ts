// Turns SQLite's own corruption errors into a TamperDetectedError a person can act on. SQLCipher checks
// an HMAC on every page, so a changed byte anywhere in vault.db surfaces here on first read of its page.
import { TamperDetectedError } from '../errors';

const damageCodes = new Set([
  'SQLITE_CORRUPT',
  'SQLITE_CORRUPT_VTAB',
  'SQLITE_CORRUPT_INDEX',
  'SQLITE_NOTADB',
]);

export function databaseDamage(error: unknown): TamperDetectedError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !damageCodes.has(code)) return null;
  return new TamperDetectedError(
    `vault.db is damaged or was changed outside Custody (${(error as Error).message}). Restore it from a backup.`,
  );
}
