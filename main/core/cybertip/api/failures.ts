// Which typed error (./errors) a failed exchange with NCMEC is: a refusal code, an answer that is not
// NCMEC's, or no answer at all. Only a failure before anything was sent is certain to have left NCMEC
// unchanged; a /submit that may have arrived is ambiguous, never transient.
import {
  AUTH_CODES,
  NcmecAmbiguousError,
  NcmecAuthError,
  NcmecCancelledError,
  NcmecProtocolError,
  NcmecResponseError,
  NcmecTransientError,
  NcmecValidationError,
  TRANSIENT_CODES,
  VALIDATION_CODES,
  oneLine,
  type NcmecApiError,
  type NcmecFailure,
} from './errors';

/** Failures where the request never left this machine. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TLS_FAILURE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;
/** HTTP statuses saying the request was not processed. */
const NOT_PROCESSED = new Set([408, 429, 503]);
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** The system error code (ECONNREFUSED...) under a fetch failure, looking a few causes deep. */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return undefined;
}

/** NCMEC's Retry-After header (seconds or an HTTP date) as a wait in ms, capped at an hour. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const ms = /^\d+$/.test(header.trim()) ? Number(header.trim()) * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

/** The Request-ID NCMEC gives each call, to quote when asking NCMEC about it. */
export function requestIdOf(headers: Headers): string | undefined {
  const value = headers.get('request-id') ?? headers.get('x-request-id');
  return value === null || value.trim() === '' ? undefined : oneLine(value, 200);
}

/** The error for a non-zero responseCode. */
export function refusal(code: number, failure: NcmecFailure): NcmecApiError {
  if (AUTH_CODES.has(code)) return new NcmecAuthError(failure);
  if (VALIDATION_CODES.has(code)) return new NcmecValidationError(failure);
  if (TRANSIENT_CODES.has(code)) return new NcmecTransientError(failure);
  return new NcmecResponseError(failure);
}

/** The error when an answer came but is not NCMEC's XML. */
export function unreadable(failure: NcmecFailure, reason: string, retryAfter?: number): NcmecApiError {
  const status = failure.httpStatus ?? 0;
  const submit = failure.endpoint === 'submit';
  const described = { ...failure, description: reason };
  if (NOT_PROCESSED.has(status)) return new NcmecTransientError(described, retryAfter);
  if (status >= 500) {
    return submit ? new NcmecAmbiguousError(described) : new NcmecTransientError(described, retryAfter);
  }
  if (submit && status < 300) return new NcmecAmbiguousError(described);
  return new NcmecProtocolError(failure, reason);
}

/**
 * The error when no answer could be read: the connection failed, or `abortedBecause` the call timed out or
 * was cancelled. Only a failure before anything was sent is certain to have left NCMEC unchanged.
 */
export function unanswered(
  failure: NcmecFailure,
  error: unknown,
  abortedBecause: string | undefined,
): NcmecApiError {
  const code = causeCode(error);
  if (abortedBecause === undefined && code !== undefined) {
    if (NOT_SENT.has(code))
      return new NcmecTransientError({ ...failure, description: `${code}: nothing was sent` });
    if (TLS_FAILURE.test(code)) {
      return new NcmecProtocolError(failure, `${code}: the server's TLS certificate was not accepted`);
    }
  }
  const detail = error instanceof Error ? error.message : 'unknown';
  const what = abortedBecause ?? `the connection failed (${code ?? detail})`;
  const described = { ...failure, description: what };
  if (failure.endpoint === 'submit') return new NcmecAmbiguousError(described);
  if (abortedBecause === 'cancelled') return new NcmecCancelledError(described);
  return new NcmecTransientError(described);
}
