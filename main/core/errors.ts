// Typed errors thrown by the core. Each carries a code from the shared vocabulary and a message a person
// can act on; the router turns them into IPC failures and the CLI into one line on stderr.
import type { ErrorCode, FieldIssue } from '../../shared/errors';

export class CustodyError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[] | undefined;
  constructor(code: ErrorCode, message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.issues = issues;
  }
}

export class VaultLockedError extends CustodyError {
  constructor(message = 'The vault is locked. Unlock it to continue.') {
    super('VAULT_LOCKED', message);
  }
}

export class VaultNotFoundError extends CustodyError {
  constructor(where: string) {
    super('VAULT_NOT_FOUND', `No vault at ${where}. Check the name, or create a vault first.`);
  }
}

export class VaultExistsError extends CustodyError {
  constructor(where: string) {
    super('VAULT_EXISTS', `A vault already exists at ${where}. Open it, or choose another name.`);
  }
}

export class VaultBusyError extends CustodyError {
  constructor(holder: string, advice = '') {
    super(
      'VAULT_BUSY',
      `The vault is open in another Custody process (${holder}). Close it there first.${advice ? ` ${advice}` : ''}`,
    );
  }
}

export class WrongPassphraseError extends CustodyError {
  constructor(readonly user: string) {
    super('WRONG_PASSPHRASE', `The passphrase for user "${user}" is wrong. Nothing was changed.`);
  }
}

/** Too many wrong passphrases in a row for one user: the next attempt is heard after `retryAfterSeconds`. */
export class UnlockThrottledError extends CustodyError {
  constructor(
    readonly user: string,
    readonly retryAfterSeconds: number,
  ) {
    super(
      'UNLOCK_THROTTLED',
      `Too many wrong passphrases for user "${user}" on this workstation. Try again in ${retryAfterSeconds} s.`,
    );
  }
}

export class UnknownUserError extends CustodyError {
  constructor(readonly user: string) {
    super('UNKNOWN_USER', `This vault has no user "${user}". Check the name, or ask an admin to add you.`);
  }
}

export class ForbiddenError extends CustodyError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

export class NotFoundError extends CustodyError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

export class InvalidInputError extends CustodyError {
  constructor(message: string, issues?: FieldIssue[]) {
    super('INVALID_INPUT', message, issues);
  }
}

/** Stored data failed an integrity check: a blob, the database, a key slot or a ledger entry. */
export class TamperDetectedError extends CustodyError {
  constructor(message: string) {
    super('TAMPER_DETECTED', message);
  }
}

const databaseDamageCodes = new Set([
  'SQLITE_CORRUPT',
  'SQLITE_CORRUPT_VTAB',
  'SQLITE_CORRUPT_INDEX',
  'SQLITE_NOTADB',
]);

/**
 * SQLite's own corruption errors as a TamperDetectedError a person can act on (null for any other error).
 * SQLCipher checks an HMAC on every page, so a changed byte anywhere in vault.db surfaces on first read.
 */
export function databaseDamage(error: unknown): TamperDetectedError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !databaseDamageCodes.has(code)) return null;
  return new TamperDetectedError(
    `vault.db is damaged or was changed outside Custody (${(error as Error).message}). Restore it from a backup.`,
  );
}
