// Typed failures of the CyberTipline Reporting API, one class per way a caller must react: wrong credentials,
// rejected content, worth retrying, maybe done, refused by NCMEC, not NCMEC's language, cancelled.
// Messages never carry credentials or request bodies; NCMEC's own description is kept, on one line.
import { CustodyError } from '../../errors';
import type { ErrorCode } from '../../../../shared/errors';

export type NcmecEndpoint = 'status' | 'submit' | 'upload' | 'fileinfo' | 'finish' | 'retract';

/** The response codes NCMEC documents (../shared/reference/ncmec/README.md), with their meaning. */
export const NCMEC_RESPONSE_CODES: Readonly<Record<number, string>> = {
  0: 'Success',
  1000: 'Server error',
  1100: 'Save failed',
  1110: 'Upload failed',
  1111: 'File upload failed',
  1210: 'Resource not found',
  1300: 'Update failed',
  2000: 'Authentication required',
  3000: 'Not authorized',
  3100: 'No authorization to make submissions',
  3300: 'No authorization to make updates',
  4000: 'Invalid request',
  4100: 'Validation failed',
  4110: 'Malformed XML submittal',
  4200: 'Malformed file submittal',
  5001: 'Report does not exist',
  5002: 'File does not exist',
  5101: 'Report already retracted',
  5102: 'Report already finished',
};

/** Codes saying the server failed on its side: the same call may succeed later. */
export const TRANSIENT_CODES: ReadonlySet<number> = new Set([1000, 1100, 1110, 1111, 1300]);
/** Codes saying the content was refused: sending it again unchanged fails the same way. */
export const VALIDATION_CODES: ReadonlySet<number> = new Set([4000, 4100, 4110, 4200]);
/** Codes saying the account may not do this: a person must fix the credentials or NCMEC the account. */
export const AUTH_CODES: ReadonlySet<number> = new Set([2000, 3000, 3100, 3300]);

/** Longest description kept; a schema message is rarely longer than a few hundred characters. */
const MAX_DESCRIPTION = 1000;

/** Text from the other side as one printable line of bounded length. */
export function oneLine(text: string, max = MAX_DESCRIPTION): string {
  const line = text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}

export interface NcmecFailure {
  /** The call that failed; absent only when a retry loop was cancelled before its first call. */
  endpoint?: NcmecEndpoint;
  responseCode?: number;
  /** NCMEC's responseDescription, or what went wrong when NCMEC did not answer. */
  description?: string;
  /** NCMEC's Request-ID header, to quote when asking NCMEC about this call. */
  requestId?: string;
  httpStatus?: number;
  /** The answer as received, when it was NCMEC's XML: part of the record of what NCMEC said. */
  answerXml?: string;
}

function where(failure: NcmecFailure): string {
  const parts = [failure.endpoint === undefined ? 'NCMEC' : `/${failure.endpoint}`];
  if (failure.responseCode !== undefined) parts.push(`code ${failure.responseCode}`);
  if (failure.httpStatus !== undefined) parts.push(`HTTP ${failure.httpStatus}`);
  if (failure.requestId !== undefined) parts.push(`Request-ID ${failure.requestId}`);
  return parts.join(', ');
}

/** Every failure of a call to NCMEC. `retryable` says whether the same call may simply be made again. */
export class NcmecApiError extends CustodyError {
  readonly endpoint: NcmecEndpoint | undefined;
  readonly responseCode: number | undefined;
  readonly description: string | undefined;
  readonly requestId: string | undefined;
  readonly httpStatus: number | undefined;
  readonly answerXml: string | undefined;
  readonly retryable: boolean;
  constructor(code: ErrorCode, failure: NcmecFailure, retryable: boolean, message: string) {
    super(code, `${message} (${where(failure)})`);
    this.endpoint = failure.endpoint;
    this.responseCode = failure.responseCode;
    this.description = failure.description === undefined ? undefined : oneLine(failure.description);
    this.requestId = failure.requestId;
    this.httpStatus = failure.httpStatus;
    this.answerXml = failure.answerXml;
    this.retryable = retryable;
  }
}

function quoted(failure: NcmecFailure): string {
  const text = failure.description === undefined ? '' : oneLine(failure.description);
  return text === '' ? '' : `: "${text}"`;
}

/** HTTP 401 or codes 2000/3000/3100/3300: the credentials are wrong, or the account may not do this. */
export class NcmecAuthError extends NcmecApiError {
  constructor(failure: NcmecFailure) {
    const permission = failure.responseCode !== undefined && failure.responseCode >= 3000;
    super(
      'FORBIDDEN',
      failure,
      false,
      permission
        ? `NCMEC accepted the login but the account may not do this${quoted(failure)}. ` +
            'Ask NCMEC to authorise this ESP account for submissions and updates.'
        : 'NCMEC refused the CyberTipline username or password: the credentials are wrong for this ' +
            'environment. Check them (the test and production servers have separate accounts).',
    );
  }
}

/** Codes 4000/4100/4110/4200: NCMEC refused the content; its validator's message says why. */
export class NcmecValidationError extends NcmecApiError {
  constructor(failure: NcmecFailure) {
    super(
      'INVALID_INPUT',
      failure,
      false,
      `NCMEC refused what was sent as invalid${quoted(failure)}. Correct it and send it again; ` +
        'sending it unchanged fails the same way.',
    );
  }
}

/**
 * The call did not go through and may simply be made again: a network failure, a timeout, HTTP 5xx or 429,
 * or a server-side failure code (1000, 1100, 1110, 1111, 1300). `retryAfterMs` is NCMEC's Retry-After.
 */
export class NcmecTransientError extends NcmecApiError {
  readonly retryAfterMs: number | undefined;
  constructor(failure: NcmecFailure, retryAfterMs?: number) {
    super(
      'REMOTE_UNAVAILABLE',
      failure,
      true,
      `NCMEC could not be reached or failed for a moment${quoted(failure)}. Nothing was lost: try again ` +
        'in a little while.',
    );
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * A `/submit` whose report reached NCMEC, or may have, with no answer read back: NCMEC may have opened a
 * report whose number is unknown. Never retried blindly (a retry opens a second report); NCMEC deletes an
 * unfinished report 24 h after it was opened.
 */
export class NcmecAmbiguousError extends NcmecApiError {
  constructor(failure: NcmecFailure) {
    super(
      'REMOTE_AMBIGUOUS',
      failure,
      false,
      `The report was sent to NCMEC but no usable answer came back${quoted(failure)}, so NCMEC may have ` +
        'opened a report without telling its number. Do not submit it again blindly: an unfinished report ' +
        'is deleted by NCMEC 24 h after it was opened, and a second submission opens a second report.',
    );
  }
}

const STATE_ADVICE: Readonly<Record<number, string>> = {
  1210: 'Check the base URL of the CyberTipline API.',
  5001:
    'The report was never opened, or NCMEC deleted it because it was not finished in time (24 h after ' +
    'opening, or 1 h after its last change if later). Open a new report.',
  5002: 'The file is not part of this report: upload it again and describe the fileId NCMEC returns.',
  5101: 'The report was retracted: open a new report.',
  5102: 'The report is finished: nothing can be added or retracted; refer to it from a new report.',
};

/** Any other non-zero responseCode: NCMEC understood the call and refused it (unknown report, wrong state). */
export class NcmecResponseError extends NcmecApiError {
  constructor(failure: NcmecFailure) {
    const code = failure.responseCode;
    const advice = (code !== undefined && STATE_ADVICE[code]) || "See NCMEC's description for what to do.";
    super(
      code === 5001 || code === 5002 || code === 1210 ? 'NOT_FOUND' : 'INVALID_INPUT',
      failure,
      false,
      `NCMEC refused the call${quoted(failure)}. ${advice}`,
    );
  }
}

/** The answer is not NCMEC's XML (a proxy page, a wrong URL, a broken or oversized body, a TLS failure). */
export class NcmecProtocolError extends NcmecApiError {
  constructor(failure: NcmecFailure, reason: string, retryable = false) {
    super(
      'REMOTE_UNAVAILABLE',
      failure,
      retryable,
      `The answer is not NCMEC's API (${oneLine(reason, 200)}). Check the base URL and any proxy ` +
        'between this workstation and NCMEC.',
    );
  }
}

/** NCMEC's MD5 of an upload differs from the bytes sent: they changed in transit. Upload the file again. */
export class NcmecHashMismatchError extends NcmecApiError {
  constructor(
    failure: NcmecFailure,
    readonly fileId: string,
    readonly sentMd5: string,
    readonly receivedMd5: string,
  ) {
    super(
      'REMOTE_UNAVAILABLE',
      failure,
      true,
      `NCMEC received different bytes (MD5 ${receivedMd5}) than were sent (MD5 ${sentMd5}). Upload the ` +
        `file again, and never describe fileId ${fileId}.`,
    );
  }
}

/** The caller cancelled the call or the retries; nothing more was sent. */
export class NcmecCancelledError extends NcmecApiError {
  constructor(failure: NcmecFailure) {
    super('STOPPED', failure, false, 'The call to NCMEC was cancelled. Start it again when ready.');
  }
}
