// The CyberTipline Reporting API over HTTP: one typed method per endpoint, each returning NCMEC's parsed
// answer with its Request-ID and timings, or a typed error from ./errors. It never retries (./retry does),
// never trusts the HTTP status alone, and never lets the credentials reach a URL, an error or a log.
import {
  reportDoneResponseSchema,
  reportResponseSchema,
  type ReportDoneResponse,
  type ReportResponse,
} from '../../../../shared/cybertip';
import { InvalidInputError } from '../../errors';
import { parseNcmecAnswer, readAnswerText, type NcmecAnswer } from './answer';
import {
  NcmecAmbiguousError,
  NcmecApiError,
  NcmecAuthError,
  NcmecCancelledError,
  NcmecHashMismatchError,
  NcmecProtocolError,
  type NcmecEndpoint,
  type NcmecFailure,
} from './errors';
import { refusal, requestIdOf, retryAfterMs, unanswered, unreadable } from './failures';
import { uploadBody } from './multipart';

/** NCMEC's endpoints (../shared/reference/ncmec/README.md); each needs its own credentials. */
export const NCMEC_PRODUCTION_URL = 'https://report.cybertip.org/ispws';
export const NCMEC_TEST_URL = 'https://exttest.cybertip.org/ispws';

/** How long a call may take, answer included, unless the caller says otherwise. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface CyberTipClientOptions {
  /** NCMEC_TEST_URL, NCMEC_PRODUCTION_URL, or a local stand-in (plain http only on the loopback). */
  baseUrl: string;
  username: string;
  password: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call (large uploads need longer). */
  timeoutMs?: number;
}

export interface UploadOptions extends CallOptions {
  /** Byte count of the content; required for a stream (it is the Content-Length), checked for bytes. */
  size?: number;
}

export interface CallTimings {
  /** When the call started, as an ISO timestamp. */
  startedAt: string;
  /** Until NCMEC's status line and headers arrived. */
  headersMs: number;
  /** Until the whole answer was read. */
  totalMs: number;
}

/** What every successful call returns beside its result: for the record of what NCMEC said, and when. */
export interface NcmecExchange {
  httpStatus: number;
  requestId: string | undefined;
  timings: CallTimings;
  /** The answer XML exactly as received. */
  answerXml: string;
}

export interface StatusResult extends NcmecExchange {
  response: ReportResponse;
}

export interface SubmitResult extends NcmecExchange {
  reportId: number;
  response: ReportResponse;
}

export interface UploadResult extends NcmecExchange {
  fileId: string;
  /** NCMEC's MD5 of the bytes it received; the client checked it against the bytes it sent. */
  hash: string;
  size: number;
  response: ReportResponse;
}

export interface FileInfoResult extends NcmecExchange {
  response: ReportResponse;
}

/** NCMEC does not repeat the file list when a report was already finished (code 5102). */
export type FinishResult = NcmecExchange &
  (
    | { outcome: 'finished'; reportId: number; files: string[]; response: ReportDoneResponse }
    | { outcome: 'already-finished'; reportId: number; response: NcmecAnswer }
  );

export interface RetractResult extends NcmecExchange {
  outcome: 'retracted' | 'already-retracted';
  reportId: number;
  response: NcmecAnswer;
}

interface Request {
  method: 'GET' | 'POST';
  body?: string | ReadableStream<Uint8Array>;
  contentType?: string;
  contentLength?: number;
}

interface Answered extends NcmecExchange {
  answer: NcmecAnswer;
}

function checkReportId(reportId: number): void {
  if (!Number.isSafeInteger(reportId) || reportId <= 0) {
    throw new InvalidInputError(
      `${String(reportId)} is not a CyberTipline report number (a positive integer).`,
    );
  }
}

function checkTimeout(timeoutMs: number): void {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 24 * 60 * 60 * 1000) {
    throw new InvalidInputError('A timeout is a positive number of milliseconds, at most one day.');
  }
}

export class CyberTipClient {
  readonly baseUrl: string;
  readonly #authorization: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: CyberTipClientOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new InvalidInputError('The CyberTipline base URL is not a URL; use NCMEC_TEST_URL for testing.');
    }
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      throw new InvalidInputError('The CyberTipline base URL must use https (plain http only on 127.0.0.1).');
    }
    if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
      throw new InvalidInputError(
        'The CyberTipline base URL must not carry credentials, a query or a fragment: give the username ' +
          'and password separately.',
      );
    }
    if (options.username === '' || /[:\p{Cc}]/u.test(options.username) || /\p{Cc}/u.test(options.password)) {
      throw new InvalidInputError(
        'The CyberTipline username must be non-empty without ":" or control characters, and the password ' +
          'without control characters.',
      );
    }
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    checkTimeout(this.#timeoutMs);
    this.baseUrl = url.href.replace(/\/+$/, '');
    this.#authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Checks the login: `GET /status` answers code 0 for valid credentials. */
  async status(options: CallOptions = {}): Promise<StatusResult> {
    const answered = await this.#call('status', { method: 'GET' }, options);
    return { ...this.#exchange(answered), response: this.#reportResponse('status', answered) };
  }

  /**
   * Opens a report (`POST /submit`). A failure after the report was sent is an NcmecAmbiguousError: the
   * caller must not submit again without deciding what happened to the first report.
   */
  async submit(reportXml: string, options: CallOptions = {}): Promise<SubmitResult> {
    const request = { method: 'POST', body: reportXml, contentType: 'text/xml; charset=utf-8' } as const;
    const answered = await this.#call('submit', request, options);
    const response = this.#reportResponse('submit', answered);
    if (response.reportId === undefined) {
      throw new NcmecAmbiguousError({
        ...this.#failure('submit', answered),
        description: 'NCMEC answered success without a reportId',
      });
    }
    return { ...this.#exchange(answered), reportId: response.reportId, response };
  }

  /**
   * Uploads one file to an open report (`POST /upload`, multipart fields `id` and `file`) and checks NCMEC's
   * MD5 against the bytes sent. A stream is consumed: a retry needs a new one.
   */
  async upload(
    reportId: number,
    fileName: string,
    content: Uint8Array | AsyncIterable<Uint8Array>,
    options: UploadOptions = {},
  ): Promise<UploadResult> {
    checkReportId(reportId);
    if (fileName === '') throw new InvalidInputError('An upload needs a file name.');
    const size = options.size ?? (content instanceof Uint8Array ? content.length : undefined);
    if (size === undefined || !Number.isSafeInteger(size) || size < 0) {
      throw new InvalidInputError('An upload from a stream needs its size in bytes.');
    }
    const body = uploadBody(reportId, fileName, content, size);
    const request: Request = {
      method: 'POST',
      body: body.body,
      contentType: body.contentType,
      contentLength: body.contentLength,
    };
    let answered: Answered;
    try {
      answered = await this.#call('upload', request, options);
    } catch (error) {
      throw body.sizeProblem() ?? error;
    }
    const response = this.#reportResponse('upload', answered);
    const failure = this.#failure('upload', answered);
    if (response.fileId === undefined || response.hash === undefined) {
      throw new NcmecProtocolError(failure, 'a successful upload answer without fileId and hash');
    }
    if (response.reportId !== undefined && response.reportId !== reportId) {
      throw new NcmecProtocolError(
        failure,
        `the answer is about report ${response.reportId}, not ${reportId}`,
      );
    }
    const sent = body.sentMd5();
    if (response.hash !== sent) {
      throw new NcmecHashMismatchError(failure, response.fileId, sent, response.hash);
    }
    return { ...this.#exchange(answered), fileId: response.fileId, hash: response.hash, size, response };
  }

  /** Describes an uploaded file (`POST /fileinfo`, a `<fileDetails>` naming reportId and fileId). */
  async fileInfo(fileDetailsXml: string, options: CallOptions = {}): Promise<FileInfoResult> {
    const request = { method: 'POST', body: fileDetailsXml, contentType: 'text/xml; charset=utf-8' } as const;
    const answered = await this.#call('fileinfo', request, options);
    return { ...this.#exchange(answered), response: this.#reportResponse('fileinfo', answered) };
  }

  /** Finishes a report (`POST /finish`); code 5102 (already finished) is a success without the file list. */
  async finish(reportId: number, options: CallOptions = {}): Promise<FinishResult> {
    const answered = await this.#call('finish', this.#form(reportId), options, 5102);
    const { answer } = answered;
    if (answer.reportId !== undefined && answer.reportId !== reportId) {
      const failure = this.#failure('finish', answered);
      throw new NcmecProtocolError(failure, `the answer is about report ${answer.reportId}, not ${reportId}`);
    }
    if (answer.responseCode === 5102) {
      return { ...this.#exchange(answered), outcome: 'already-finished', reportId, response: answer };
    }
    const done = reportDoneResponseSchema.safeParse({
      responseCode: answer.responseCode,
      reportId: answer.reportId ?? reportId,
      files: { fileId: answer.files ?? [] },
    });
    if (!done.success) {
      throw new NcmecProtocolError(this.#failure('finish', answered), 'an invalid finish answer');
    }
    return {
      ...this.#exchange(answered),
      outcome: 'finished',
      reportId,
      files: done.data.files.fileId,
      response: done.data,
    };
  }

  /** Retracts an unfinished report (`POST /retract`); code 5101 (already retracted) is a success. */
  async retract(reportId: number, options: CallOptions = {}): Promise<RetractResult> {
    const answered = await this.#call('retract', this.#form(reportId), options, 5101);
    const outcome = answered.answer.responseCode === 5101 ? 'already-retracted' : 'retracted';
    return { ...this.#exchange(answered), outcome, reportId, response: answered.answer };
  }

  #form(reportId: number): Request {
    checkReportId(reportId);
    return {
      method: 'POST',
      body: new URLSearchParams({ id: String(reportId) }).toString(),
      contentType: 'application/x-www-form-urlencoded',
    };
  }

  #exchange(answered: Answered): NcmecExchange {
    const { httpStatus, requestId, timings, answerXml } = answered;
    return { httpStatus, requestId, timings, answerXml };
  }

  #failure(endpoint: NcmecEndpoint, answered: Answered): NcmecFailure {
    return {
      endpoint,
      responseCode: answered.answer.responseCode,
      requestId: answered.requestId,
      httpStatus: answered.httpStatus,
      answerXml: answered.answerXml,
    };
  }

  /** A success answer as the shared model's ReportResponse. */
  #reportResponse(endpoint: NcmecEndpoint, answered: Answered): ReportResponse {
    const { answer } = answered;
    const parsed = reportResponseSchema.safeParse({
      responseCode: answer.responseCode,
      responseDescription: answer.responseDescription ?? '',
      ...(answer.reportId === undefined ? {} : { reportId: answer.reportId }),
      ...(answer.fileId === undefined ? {} : { fileId: answer.fileId }),
      ...(answer.hash === undefined ? {} : { hash: answer.hash }),
    });
    if (!parsed.success) {
      throw new NcmecProtocolError(this.#failure(endpoint, answered), 'an invalid reportResponse');
    }
    return parsed.data;
  }

  /** One HTTP exchange: NCMEC's answer with code 0 (or one of `accepted`), or a typed error. */
  async #call(
    endpoint: NcmecEndpoint,
    request: Request,
    options: CallOptions,
    ...accepted: number[]
  ): Promise<Answered> {
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    checkTimeout(timeoutMs);
    if (options.signal?.aborted)
      throw new NcmecCancelledError({ endpoint, description: 'cancelled before sending' });
    const startedAt = new Date().toISOString();
    const started = performance.now();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout.signal, options.signal]) : timeout.signal;
    const headers: Record<string, string> = {
      Authorization: this.#authorization,
      Accept: 'application/xml, text/xml',
    };
    if (request.contentType !== undefined) headers['Content-Type'] = request.contentType;
    if (request.contentLength !== undefined) headers['Content-Length'] = String(request.contentLength);
    let httpStatus: number | undefined;
    let requestId: string | undefined;
    try {
      const response = await this.#fetch(`${this.baseUrl}/${endpoint}`, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(request.body instanceof ReadableStream ? { duplex: 'half' as const } : {}),
        redirect: 'manual',
        signal,
      });
      httpStatus = response.status;
      requestId = requestIdOf(response.headers);
      const headersMs = performance.now() - started;
      const failure: NcmecFailure = { endpoint, httpStatus, requestId };
      const read = await readAnswerText(response);
      const timings = { startedAt, headersMs, totalMs: performance.now() - started };
      if ('problem' in read) throw unreadable(failure, read.problem);
      const answerXml = read.text;
      const parsed = parseNcmecAnswer(answerXml);
      if (!('answer' in parsed)) {
        if (httpStatus === 401) throw new NcmecAuthError(failure);
        throw unreadable(failure, parsed.problem, retryAfterMs(response.headers.get('retry-after')));
      }
      const { answer } = parsed;
      const described: NcmecFailure = {
        ...failure,
        responseCode: answer.responseCode,
        ...(answer.responseDescription === undefined ? {} : { description: answer.responseDescription }),
        answerXml,
      };
      if (httpStatus === 401) throw new NcmecAuthError(described);
      if (answer.responseCode !== 0 && !accepted.includes(answer.responseCode)) {
        throw refusal(answer.responseCode, described);
      }
      return { answer, answerXml, httpStatus, requestId, timings };
    } catch (error) {
      if (error instanceof NcmecApiError || error instanceof InvalidInputError) throw error;
      const why = timeout.signal.aborted
        ? `no answer within ${timeoutMs} ms`
        : options.signal?.aborted
          ? 'cancelled'
          : undefined;
      throw unanswered({ endpoint, httpStatus, requestId }, error, why);
    } finally {
      clearTimeout(timer);
    }
  }
}
