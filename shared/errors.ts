// The error vocabulary shared by the core and the renderer. Errors cross the IPC boundary as plain data
// (an error code and a message a person can act on); never as stack traces, paths or key material.

export const errorCodes = [
  'UNKNOWN_CHANNEL',
  'BAD_REQUEST',
  'FORBIDDEN',
  'VAULT_LOCKED',
  'VAULT_NOT_FOUND',
  'VAULT_EXISTS',
  'VAULT_BUSY',
  'WRONG_PASSPHRASE',
  'UNKNOWN_USER',
  'NOT_FOUND',
  'TAMPER_DETECTED',
  'INVALID_INPUT',
  /** A remote service (NCMEC) could not be reached or answered wrongly: nothing was done; try later. */
  'REMOTE_UNAVAILABLE',
  /** A remote service may have acted without saying so: a person must find out before anything is sent again. */
  'REMOTE_AMBIGUOUS',
  /** Long work stopped before its end and waits for a person (cancelled, or a submission that cannot go on). */
  'STOPPED',
  'INTERNAL',
  /** Too many wrong passphrases in a row for one user: wait `retryAfterSeconds` before the next attempt. */
  'UNLOCK_THROTTLED',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `user.name`; empty for the payload itself. */
  path: string;
  message: string;
}

export interface IpcFailure {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
  /** For UNLOCK_THROTTLED: seconds until the next attempt is heard. */
  retryAfterSeconds?: number;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcFailure };
