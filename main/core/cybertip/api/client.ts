// The CyberTipline Reporting API over HTTP: one typed method per endpoint, each returning NCMEC's parsed
// answer with its Request-ID and timings, or a typed error from ./errors. It never retries (./retry does),
// never trusts the HTTP status alone, and never lets the credentials reach a URL, an error or a log.
import { createHash, randomBytes } from 'node:crypto';
import {
  reportDoneResponseSchema,
  reportResponseSchema,
  XML_TEXT,
  type ReportDoneResponse,
  type ReportResponse,
} from '../../../../shared/cybertip';
import { InvalidInputError } from '../../errors';
import type { XmlElementNode } from '../xml';
import {
  AUTH_CODES,
  NcmecAmbiguousError,
  NcmecApiError,
  NcmecAuthError,
  NcmecCancelledError,
  NcmecHashMismatchError,
  NcmecProtocolError,
  NcmecResponseError,
  NcmecTransientError,
  NcmecValidationError,
  TRANSIENT_CODES,
  VALIDATION_CODES,
  oneLine,
  type NcmecEndpoint,
  type NcmecFailure,
} from './errors';

/** NCMEC's endpoints (../shared/reference/ncmec/README.md); each needs its own credentials. */
export const NCMEC_PRODUCTION_URL = 'https://report.cybertip.org/ispws';
export const NCMEC_TEST_URL = 'https://exttest.cybertip.org/ispws';

/** How long a call may take, answer included, unless the caller says otherwise. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Largest answer read. NCMEC's answers are a few hundred bytes; a finish lists 45 bytes per file. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

// ---- NCMEC's answers ----

export interface XmlLimits {
  maxChars: number;
  maxDepth: number;
  maxElements: number;
}

export const ANSWER_LIMITS: XmlLimits = { maxChars: MAX_ANSWER_BYTES, maxDepth: 8, maxElements: 50_000 };

export type StrictXml = { ok: true; root: XmlElementNode } | { ok: false; reason: string };

const NAME = /[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/y;
const SPACE = /[ \t\r\n]*/y;
const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isXmlCodePoint(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Text with its references resolved, or undefined when one is not one of XML's own. */
function decodeText(raw: string): string | undefined {
  if (raw.includes(']]>')) return undefined;
  let out = '';
  let at = 0;
  for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', at)) {
    const semi = raw.indexOf(';', amp);
    if (semi === -1 || semi - amp > 12) return undefined;
    const ref = raw.slice(amp + 1, semi);
    let value = ENTITIES[ref];
    if (value === undefined) {
      const number = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
      const cp = number ? parseInt(number[1] ?? number[2] ?? '', number[1] ? 16 : 10) : NaN;
      if (!isXmlCodePoint(cp)) return undefined;
      value = String.fromCodePoint(cp);
    }
    out += raw.slice(at, amp) + value;
    at = semi + 1;
  }
  return out + raw.slice(at);
}

function nameAt(text: string, at: number): string | undefined {
  NAME.lastIndex = at;
  return NAME.exec(text)?.[0];
}

function skipSpace(text: string, at: number): number {
  SPACE.lastIndex = at;
  SPACE.exec(text);
  return SPACE.lastIndex;
}

/** Reads a start tag's attributes up to `>` or `/>`; returns where the tag ends, or a reason. */
function readAttributes(
  text: string,
  from: number,
  attributes: Record<string, string>,
): { end: number; selfClosing: boolean } | string {
  let at = from;
  for (;;) {
    const next = skipSpace(text, at);
    if (text.startsWith('/>', next)) return { end: next + 2, selfClosing: true };
    if (text[next] === '>') return { end: next + 1, selfClosing: false };
    const name = next > at ? nameAt(text, next) : undefined;
    if (name === undefined) return 'a malformed start tag';
    at = skipSpace(text, next + name.length);
    if (text[at] !== '=') return 'an attribute without a value';
    at = skipSpace(text, at + 1);
    const quote = text[at];
    if (quote !== '"' && quote !== "'") return 'an unquoted attribute';
    const close = text.indexOf(quote, at + 1);
    const value = close === -1 ? undefined : decodeText(text.slice(at + 1, close));
    if (value === undefined || value.includes('<')) return 'a malformed attribute value';
    if (Object.hasOwn(attributes, name)) return `the attribute ${name} twice`;
    attributes[name] = value;
    at = close + 1;
  }
}

/**
 * A small strict XML parser for NCMEC's answers: well-formedness, the five predefined entities and
 * character references only. DTDs (and so entity declarations), oversized, too deep or too many elements
 * are refused; it never loads anything and never throws for bad input.
 */
export function parseStrictXml(input: string, limits: XmlLimits = ANSWER_LIMITS): StrictXml {
  const fail = (reason: string): StrictXml => ({ ok: false, reason });
  if (input.length > limits.maxChars) return fail(`longer than ${limits.maxChars} characters`);
  if (!XML_TEXT.test(input)) return fail('a character XML does not allow');
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  let at = 0;
  if (/^<\?xml[\s?]/.test(text)) {
    at = text.indexOf('?>');
    if (at === -1) return fail('an unterminated XML declaration');
    const encoding = /\sencoding\s*=\s*["']([^"']*)["']/.exec(text.slice(0, at))?.[1];
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) return fail(`encoding ${encoding}, not UTF-8`);
    at += 2;
  }
  const open: { node: XmlElementNode; text: string[] }[] = [];
  let root: XmlElementNode | undefined;
  let elements = 0;
  while (at < text.length) {
    const lt = text.indexOf('<', at);
    const chunk = text.slice(at, lt === -1 ? text.length : lt);
    const current = open.at(-1);
    if (current === undefined) {
      if (chunk.trim() !== '') return fail('text outside the root element');
    } else if (chunk !== '') {
      const decoded = decodeText(chunk);
      if (decoded === undefined) return fail('an unknown entity or a stray "&" or "]]>"');
      current.text.push(decoded);
    }
    if (lt === -1) break;
    at = lt;
    if (text.startsWith('<!--', at)) {
      const end = text.indexOf('-->', at + 4);
      if (end === -1 || text.slice(at + 4, end).includes('--')) return fail('a malformed comment');
      at = end + 3;
    } else if (text.startsWith('<![CDATA[', at)) {
      const end = text.indexOf(']]>', at + 9);
      if (current === undefined || end === -1) return fail('a misplaced or unterminated CDATA section');
      current.text.push(text.slice(at + 9, end));
      at = end + 3;
    } else if (text.startsWith('<!', at)) {
      return fail('a DOCTYPE or other declaration (DTDs and entities are refused)');
    } else if (text.startsWith('<?', at)) {
      const end = text.indexOf('?>', at + 2);
      const target = nameAt(text, at + 2);
      if (end === -1 || target === undefined || target.toLowerCase() === 'xml') {
        return fail('a malformed or misplaced processing instruction');
      }
      at = end + 2;
    } else if (text.startsWith('</', at)) {
      const name = nameAt(text, at + 2);
      const closing = open.pop();
      if (closing === undefined || name !== closing.node.name) return fail('mismatched end tag');
      at = skipSpace(text, at + 2 + name.length);
      if (text[at] !== '>') return fail('a malformed end tag');
      at += 1;
      const content = closing.text.join('');
      if (closing.node.children.length === 0) closing.node.text = content;
      else if (content.trim() !== '') return fail(`text mixed with elements in <${name}>`);
    } else {
      const name = nameAt(text, at + 1);
      if (name === undefined) return fail('a stray "<"');
      if (current === undefined && root !== undefined) return fail('a second root element');
      if (++elements > limits.maxElements) return fail(`more than ${limits.maxElements} elements`);
      if (open.length >= limits.maxDepth) return fail(`elements nested deeper than ${limits.maxDepth}`);
      const node: XmlElementNode = { name, attributes: {}, children: [], text: '' };
      const tag = readAttributes(text, at + 1 + name.length, node.attributes);
      if (typeof tag === 'string') return fail(tag);
      if (current === undefined) root = node;
      else current.node.children.push(node);
      if (!tag.selfClosing) open.push({ node, text: [] });
      at = tag.end;
    }
  }
  if (open.length > 0) return fail('an element that is never closed');
  return root === undefined ? fail('no root element') : { ok: true, root };
}

/** A `reportResponse` or `reportDoneResponse`, read field by field; elements NCMEC may add are ignored. */
export interface NcmecAnswer {
  kind: 'reportResponse' | 'reportDoneResponse';
  responseCode: number;
  responseDescription?: string;
  reportId?: number;
  fileId?: string;
  hash?: string;
  files?: string[];
}

const FILE_ID = /^[\w.-]{1,128}$/;
const FIELD_FORMATS: Readonly<Record<string, RegExp>> = {
  responseCode: /^-?\d{1,9}$/,
  reportId: /^[1-9]\d{0,14}$/,
  fileId: FILE_ID,
  hash: /^[0-9A-Fa-f]{32}$/,
};

/** The fileIds of a <files> element, or undefined when it holds anything else. */
function fileIdsOf(files: XmlElementNode): string[] | undefined {
  const ids = files.children.map((file) => (file.name === 'fileId' ? file.text.trim() : ''));
  return ids.every((id) => FILE_ID.test(id)) ? ids : undefined;
}

/** NCMEC's answer, or why the text is not one. Never throws. */
export function parseNcmecAnswer(xml: string): { answer: NcmecAnswer } | { problem: string } {
  const parsed = parseStrictXml(xml);
  if (!parsed.ok) return { problem: `not well-formed XML: ${parsed.reason}` };
  const { root } = parsed;
  if (root.name !== 'reportResponse' && root.name !== 'reportDoneResponse') {
    return { problem: `the root element is <${root.name}>, not reportResponse` };
  }
  const answer: Partial<NcmecAnswer> & Pick<NcmecAnswer, 'kind'> = { kind: root.name };
  const seen = new Set<string>();
  for (const child of root.children) {
    if (seen.has(child.name)) return { problem: `<${child.name}> appears twice` };
    seen.add(child.name);
    if (child.name === 'files') {
      answer.files = fileIdsOf(child);
      if (answer.files === undefined) return { problem: 'a malformed <files>' };
      continue;
    }
    const format = FIELD_FORMATS[child.name];
    if (format === undefined && child.name !== 'responseDescription') continue;
    const value = child.text.trim();
    if (child.children.length > 0 || (format !== undefined && !format.test(value))) {
      return { problem: `a malformed <${child.name}>` };
    }
    if (child.name === 'responseCode') answer.responseCode = Number(value);
    else if (child.name === 'reportId') answer.reportId = Number(value);
    else if (child.name === 'fileId') answer.fileId = value;
    else if (child.name === 'hash') answer.hash = value.toLowerCase();
    else answer.responseDescription = oneLine(value);
  }
  const { responseCode } = answer;
  if (responseCode === undefined) return { problem: 'no <responseCode>' };
  return { answer: { ...answer, responseCode } };
}

// ---- The client ----

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

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return undefined;
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const ms = /^\d+$/.test(header.trim()) ? Number(header.trim()) * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

function requestIdOf(headers: Headers): string | undefined {
  const value = headers.get('request-id') ?? headers.get('x-request-id');
  return value === null || value.trim() === '' ? undefined : oneLine(value, 200);
}

/** The error for a non-zero responseCode. */
function refusal(code: number, failure: NcmecFailure): NcmecApiError {
  if (AUTH_CODES.has(code)) return new NcmecAuthError(failure);
  if (VALIDATION_CODES.has(code)) return new NcmecValidationError(failure);
  if (TRANSIENT_CODES.has(code)) return new NcmecTransientError(failure);
  return new NcmecResponseError(failure);
}

/** The error when an answer came but is not NCMEC's XML. */
function unreadable(failure: NcmecFailure, reason: string, retryAfter?: number): NcmecApiError {
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

/** Content-Disposition filename as browsers write it: quotes and line breaks percent-encoded. */
function dispositionName(fileName: string): string {
  return fileName.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
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

function asIterable(content: Uint8Array | AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  if (!(content instanceof Uint8Array)) return content;
  return (async function* () {
    yield content;
  })();
}

/**
 * The streamed multipart body of an upload: field `id`, then field `file`. It hashes the bytes it sends and
 * fails the request when the content is not `size` bytes long (sizeProblem then says so).
 */
function uploadBody(
  reportId: number,
  fileName: string,
  content: Uint8Array | AsyncIterable<Uint8Array>,
  size: number,
): { request: Request; sentMd5: () => string; sizeProblem: () => InvalidInputError | undefined } {
  const boundary = `CustodyBoundary${randomBytes(16).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="id"\r\n\r\n${reportId}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${dispositionName(fileName)}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const md5 = createHash('md5');
  let problem: InvalidInputError | undefined;
  async function* parts(): AsyncGenerator<Uint8Array> {
    yield head;
    let sent = 0;
    for await (const chunk of asIterable(content)) {
      sent += chunk.length;
      if (sent > size) break;
      md5.update(chunk);
      yield chunk;
    }
    if (sent !== size) {
      problem = new InvalidInputError(
        `The content of ${fileName} is ${sent > size ? 'longer' : 'shorter'} than the ${size} bytes ` +
          'announced; nothing was uploaded.',
      );
      throw problem;
    }
    yield tail;
  }
  return {
    request: {
      method: 'POST',
      body: ReadableStream.from(parts()),
      contentType: `multipart/form-data; boundary=${boundary}`,
      contentLength: head.length + size + tail.length,
    },
    sentMd5: () => md5.digest('hex'),
    sizeProblem: () => problem,
  };
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
    let answered: Answered;
    try {
      answered = await this.#call('upload', body.request, options);
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
      const bytes = await readLimited(response);
      const timings = { startedAt, headersMs, totalMs: performance.now() - started };
      if (bytes === undefined) throw unreadable(failure, `an answer over ${MAX_ANSWER_BYTES} bytes`);
      let answerXml: string;
      try {
        answerXml = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw unreadable(failure, 'an answer that is not UTF-8');
      }
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

/** The body, or undefined when it is larger than MAX_ANSWER_BYTES. */
async function readLimited(response: Response): Promise<Uint8Array | undefined> {
  if (response.body === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      await response.body.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * The error when no answer could be read: the connection failed, or `abortedBecause` the call timed out or
 * was cancelled. Only a failure before anything was sent is certain to have left NCMEC unchanged.
 */
function unanswered(
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
