// A local stand-in for NCMEC's CyberTipline Reporting API (test/fixtures/ncmec/README.md) for Custody's
// own tests: Basic auth, NCMEC's XSD on /submit and /fileinfo, the report state machine with its codes and
// expiry, MD5s of uploads, injected failures, hooks where a test stops the client mid-call, and counts of
// reports opened and files stored. A test tool, never shipped: it listens on 127.0.0.1 only, keeps
// everything in memory, and stops by itself after a bounded number of requests or a bounded time.
import { createHash, randomBytes, randomUUID, timingSafeEqual, type Hash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NCMEC_RESPONSE_CODES, type NcmecEndpoint } from '../../main/core/cybertip/api/errors';
import { loadCyberTipValidator, type CyberTipValidator } from '../../main/core/cybertip/validate';
import { readXmlDocument } from '../../main/core/format';

/** NCMEC deletes an unfinished report this long after it was opened... */
export const EXPIRY_AFTER_OPENING_MS = 24 * 60 * 60 * 1000;
/** ...or this long after its last change, whichever is later. */
export const EXPIRY_AFTER_CHANGE_MS = 60 * 60 * 1000;

export interface NcmecUser {
  username: string;
  password: string;
  /** False for an account without authorization to make submissions (code 3100). */
  mayReport?: boolean;
}

export type NcmecInjectedFailure =
  /** Read the whole request, process it unless `process` is false, then close the connection unanswered. */
  | { kind: 'drop'; process?: boolean }
  /** Answer this HTTP status without processing: an HTML page as a gateway would, or NCMEC's code 1000. */
  | { kind: 'status'; status: 500 | 502 | 503 | 504; body?: 'html' | 'xml'; retryAfterSeconds?: number }
  /** Wait this long (at most two minutes), then process and answer as usual. */
  | { kind: 'slow'; delayMs: number };

export type NcmecFailureRule = NcmecInjectedFailure & {
  endpoint: NcmecEndpoint | '*';
  /** 1-based numbers of the calls to that endpoint (or to any, for '*') to fail; every call when absent. */
  calls?: number[];
};

export type ServerReportState = 'open' | 'finished' | 'retracted' | 'expired';

export interface ServerFile {
  fileId: string;
  fileName: string;
  bytes: Buffer;
  md5: string;
  /** Every <fileDetails> accepted for this file, in order. */
  details: string[];
}

export interface ServerReport {
  reportId: number;
  username: string;
  state: ServerReportState;
  reportXml: string;
  openedAt: number;
  lastChangeAt: number;
  closedAt?: number;
  files: ServerFile[];
}

export interface ServerCall {
  endpoint: string;
  /** 1-based count of calls to this endpoint. */
  call: number;
  at: number;
  httpStatus?: number;
  responseCode?: number;
  injected?: NcmecInjectedFailure['kind'];
  requestId?: string;
}

export interface NcmecServerOptions {
  users: NcmecUser[];
  failures?: NcmecFailureRule[];
  /** NCMEC's schema and rules; the bundled XSD when absent. */
  validator?: CyberTipValidator;
  /** The clock, in milliseconds since the epoch: expiry and "incident in the future" follow it. */
  now?: () => number;
  firstReportId?: number;
  /** NCMEC answers a bad login with XML or with an empty body. */
  authFailureBody?: 'xml' | 'empty';
  /** Answer without a Request-ID header. */
  withoutRequestIds?: boolean;
  maxUploadBytes?: number;
  /** The server closes itself after this many requests... */
  maxRequests?: number;
  /** ...or after this long. */
  lifetimeMs?: number;
  port?: number;
  /** After each call is answered (or dropped). */
  onCall?: (call: ServerCall) => void;
  /**
   * Awaited once a request has been read, before the stand-in does anything with it: a test stops the
   * client here. 'cut' treats the request as cut off in transit: nothing is processed, the connection closes.
   */
  beforeProcessing?: (call: ServerCall) => Promise<'cut' | void> | 'cut' | void;
  /** Awaited after a request was processed (a report opened, a file stored…), before its answer is sent. */
  beforeAnswer?: (call: ServerCall) => Promise<void> | void;
}

export interface NcmecServer {
  /** Like NCMEC_TEST_URL: the endpoints are `${baseUrl}/submit` and so on. */
  baseUrl: string;
  reports: ReadonlyMap<number, ServerReport>;
  calls: readonly ServerCall[];
  /** Reports opened per <report> document (by the SHA-256 of its XML): 2 means the same report sent twice. */
  reportsOpened: ReadonlyMap<string, number>;
  /** Files stored per content (by MD5), across every report: 2 means the same bytes uploaded twice. */
  uploads: ReadonlyMap<string, number>;
  inject(rule: NcmecFailureRule): void;
  close(): Promise<void>;
}

const ENDPOINTS: ReadonlySet<string> = new Set([
  'status',
  'submit',
  'upload',
  'fileinfo',
  'finish',
  'retract',
]);
const MAX_XML_BYTES = 10 * 1024 * 1024;
const MAX_SLOW_MS = 120_000;
const FILE_ID_BYTES = 16;

// ---- multipart/form-data, parsed as it streams in ----

interface FormPart {
  name: string;
  fileName?: string;
  bytes: Buffer;
  md5: string;
}

class MalformedError extends Error {}

/** Parts of a multipart/form-data body, kept in memory with the MD5 of each computed as bytes arrive. */
class MultipartReader {
  readonly parts: FormPart[] = [];
  readonly #delimiter: Buffer;
  /** Starts with CRLF so that the first delimiter, which has none before it, is found like the others. */
  #buffer = Buffer.from('\r\n');
  #state: 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done' = 'preamble';
  #part: { name: string; fileName?: string; chunks: Buffer[]; md5: Hash } | undefined;
  #total = 0;

  constructor(
    boundary: string,
    readonly maxBytes: number,
  ) {
    this.#delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  push(chunk: Buffer): void {
    if (this.#state === 'done') return;
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      if (this.#state === 'preamble' || this.#state === 'body') {
        const at = this.#buffer.indexOf(this.#delimiter);
        const keep = at === -1 ? Math.max(0, this.#buffer.length - this.#delimiter.length + 1) : at;
        if (this.#state === 'body') this.#emit(this.#buffer.subarray(0, keep));
        if (at === -1) {
          this.#buffer = this.#buffer.subarray(keep);
          return;
        }
        if (this.#state === 'body') this.#finishPart();
        this.#buffer = this.#buffer.subarray(at + this.#delimiter.length);
        this.#state = 'after-delimiter';
      } else if (this.#state === 'after-delimiter') {
        if (this.#buffer.length < 2) return;
        const next = this.#buffer.subarray(0, 2).toString('latin1');
        if (next === '--') {
          this.#state = 'done';
          return;
        }
        if (next !== '\r\n') throw new MalformedError('a boundary not followed by a line break');
        this.#buffer = this.#buffer.subarray(2);
        this.#state = 'headers';
      } else if (this.#state === 'headers') {
        const end = this.#buffer.indexOf('\r\n\r\n');
        if (end === -1) {
          if (this.#buffer.length > 16 * 1024) throw new MalformedError('part headers over 16 KiB');
          return;
        }
        this.#startPart(this.#buffer.subarray(0, end).toString('utf8'));
        this.#buffer = this.#buffer.subarray(end + 4);
        this.#state = 'body';
      } else {
        return;
      }
    }
  }

  end(): FormPart[] {
    if (this.#state !== 'done') throw new MalformedError('the body ends before the closing boundary');
    return this.parts;
  }

  #startPart(headerText: string): void {
    if (this.parts.length >= 8) throw new MalformedError('more than 8 parts');
    const disposition = headerText
      .split('\r\n')
      .find((line) => /^content-disposition\s*:/i.test(line))
      ?.replace(/^[^:]*:\s*/, '');
    if (disposition === undefined || !/^form-data\s*(;|$)/i.test(disposition)) {
      throw new MalformedError('a part without Content-Disposition: form-data');
    }
    const params = new Map<string, string>();
    for (const match of disposition.matchAll(/;\s*([\w*-]+)\s*=\s*(?:"([^"]*)"|([^;\s]*))/g)) {
      params.set((match[1] ?? '').toLowerCase(), match[2] ?? match[3] ?? '');
    }
    const name = params.get('name');
    if (name === undefined) throw new MalformedError('a part without a name');
    const fileName = params.get('filename');
    this.#part = {
      name,
      ...(fileName === undefined ? {} : { fileName }),
      chunks: [],
      md5: createHash('md5'),
    };
  }

  #emit(bytes: Buffer): void {
    if (bytes.length === 0 || this.#part === undefined) return;
    this.#total += bytes.length;
    if (this.#total > this.maxBytes) throw new MalformedError(`a body over ${this.maxBytes} bytes`);
    this.#part.chunks.push(bytes);
    this.#part.md5.update(bytes);
  }

  #finishPart(): void {
    const part = this.#part;
    if (part === undefined) return;
    this.parts.push({
      name: part.name,
      ...(part.fileName === undefined ? {} : { fileName: part.fileName }),
      bytes: Buffer.concat(part.chunks),
      md5: part.md5.digest('hex'),
    });
    this.#part = undefined;
  }
}

function boundaryOf(contentType: string | undefined): string | undefined {
  if (!/^multipart\/form-data\s*;/i.test(contentType ?? '')) return undefined;
  return /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i
    .exec(contentType ?? '')
    ?.slice(1)
    .find(Boolean);
}

// ---- answers ----

interface Answer {
  code: number;
  /** Overrides NCMEC's meaning of the code, e.g. with the validator's message. */
  description?: string;
  reportId?: number;
  fileId?: string;
  hash?: string;
  /** Set for a successful finish: answered as reportDoneResponse. */
  files?: string[];
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function answerXml(answer: Answer): string {
  const lines = [`<responseCode>${answer.code}</responseCode>`];
  let root = 'reportResponse';
  if (answer.files !== undefined) {
    root = 'reportDoneResponse';
    lines.push(`<reportId>${answer.reportId}</reportId>`, '<files>');
    lines.push(...answer.files.map((id) => `    <fileId>${id}</fileId>`), '</files>');
  } else {
    const description = answer.description ?? NCMEC_RESPONSE_CODES[answer.code] ?? 'Error';
    lines.push(`<responseDescription>${escapeXml(description)}</responseDescription>`);
    if (answer.reportId !== undefined) lines.push(`<reportId>${answer.reportId}</reportId>`);
    if (answer.fileId !== undefined) lines.push(`<fileId>${answer.fileId}</fileId>`);
    if (answer.hash !== undefined) lines.push(`<hash>${answer.hash}</hash>`);
  }
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<${root}>\n${lines.map((line) => `    ${line}`).join('\n')}\n</${root}>\n`
  );
}

/**
 * The HTTP status beside a code. NCMEC "often" answers errors with 200 (README); this stand-in answers its
 * state codes (5xxx) with 200 and the others with a matching status, so clients meet both.
 */
function httpStatusFor(code: number): number {
  if (code === 0 || code >= 5000) return 200;
  if (code === 1210) return 404;
  if (code < 2000) return 500;
  if (code === 2000) return 401;
  if (code < 4000) return 403;
  return 400;
}

function description(code: number, detail: string): string {
  return `${NCMEC_RESPONSE_CODES[code] ?? 'Error'}: ${detail}`;
}

function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

// ---- the server ----

interface Received {
  endpoint: string;
  method: string;
  contentType: string;
  user: NcmecUser | undefined;
  body: Buffer;
  parts: FormPart[] | undefined;
  /** Why the body could not be read as what this endpoint takes. */
  problem: string | undefined;
}

export async function startNcmecServer(options: NcmecServerOptions): Promise<NcmecServer> {
  const validator = options.validator ?? (await loadCyberTipValidator());
  const now = options.now ?? Date.now;
  const maxUploadBytes = options.maxUploadBytes ?? 64 * 1024 * 1024;
  const maxRequests = options.maxRequests ?? 10_000;
  const rules = [...(options.failures ?? [])];
  const reports = new Map<number, ServerReport>();
  const calls: ServerCall[] = [];
  const reportsOpened = new Map<string, number>();
  const uploads = new Map<string, number>();
  const count = (counter: Map<string, number>, key: string) => counter.set(key, (counter.get(key) ?? 0) + 1);
  const callCounts = new Map<string, number>();
  const waits = new Set<() => void>();
  let nextReportId = options.firstReportId ?? 4_564_654;
  let requests = 0;
  let closing: Promise<void> | undefined;

  function authenticate(header: string | undefined): NcmecUser | undefined {
    const encoded = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '')?.[1];
    if (encoded === undefined) return undefined;
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const [username, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    return options.users.find(
      (user) => sameSecret(user.username, username) && sameSecret(user.password, password),
    );
  }

  /** The report, after deleting it if it expired; undefined when the user has no such report. */
  function lookup(reportId: number | undefined, user: NcmecUser): ServerReport | undefined {
    const report = reportId === undefined ? undefined : reports.get(reportId);
    if (report === undefined || report.username !== user.username) return undefined;
    const expiresAt = Math.max(
      report.openedAt + EXPIRY_AFTER_OPENING_MS,
      report.lastChangeAt + EXPIRY_AFTER_CHANGE_MS,
    );
    if (report.state === 'open' && now() >= expiresAt) {
      report.state = 'expired';
      report.closedAt = expiresAt;
    }
    return report.state === 'expired' ? undefined : report;
  }

  /** A report that may still change, or the code saying why not. */
  function openReport(reportId: number | undefined, user: NcmecUser): ServerReport | Answer {
    const report = lookup(reportId, user);
    if (report === undefined) return { code: 5001 };
    if (report.state === 'finished') return { code: 5102, reportId: report.reportId };
    if (report.state === 'retracted') return { code: 5101, reportId: report.reportId };
    return report;
  }

  function reportIdOf(text: string | undefined): number | undefined {
    const value = text?.trim() ?? '';
    return /^[1-9]\d{0,14}$/.test(value) ? Number(value) : undefined;
  }

  /** The XML body of /submit or /fileinfo checked like NCMEC does, or the answer refusing it. */
  function checkedXml(received: Received, kind: 'report' | 'fileDetails'): string | Answer {
    if (!/^(text|application)\/xml\s*(;|$)/i.test(received.contentType)) {
      return { code: 4000, description: description(4000, `send the <${kind}> as text/xml`) };
    }
    if (received.problem !== undefined)
      return { code: 4110, description: description(4110, received.problem) };
    let xml: string;
    try {
      xml = new TextDecoder('utf-8', { fatal: true }).decode(received.body);
    } catch {
      return { code: 4110, description: description(4110, 'the body is not UTF-8') };
    }
    const { kind: found, errors } = validator.validate(xml, { now: new Date(now()) });
    const first = errors[0];
    if (first !== undefined && first.source === 'parse') {
      return { code: 4110, description: description(4110, first.message) };
    }
    if (found !== kind) return { code: 4000, description: description(4000, `expected a <${kind}>`) };
    if (first !== undefined) {
      const line = first.line === undefined ? '' : `line ${first.line}: `;
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
      return { code: 4100, description: description(4100, `${line}${first.message}${more}`) };
    }
    return xml;
  }

  function formId(received: Received): number | undefined {
    if (received.parts !== undefined) {
      return reportIdOf(received.parts.find((part) => part.name === 'id')?.bytes.toString('utf8'));
    }
    if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(received.contentType)) return undefined;
    return reportIdOf(new URLSearchParams(received.body.toString('utf8')).get('id') ?? undefined);
  }

  const handlers: Record<string, (received: Received, user: NcmecUser) => Answer> = {
    status: () => ({ code: 0 }),
    submit(received, user) {
      if (user.mayReport === false) return { code: 3100 };
      const xml = checkedXml(received, 'report');
      if (typeof xml !== 'string') return xml;
      const reportId = nextReportId++;
      const at = now();
      reports.set(reportId, {
        reportId,
        username: user.username,
        state: 'open',
        reportXml: xml,
        openedAt: at,
        lastChangeAt: at,
        files: [],
      });
      count(reportsOpened, createHash('sha256').update(xml).digest('hex'));
      return { code: 0, reportId };
    },
    upload(received, user) {
      if (received.problem !== undefined || received.parts === undefined) {
        return { code: 4200, description: description(4200, received.problem ?? 'send multipart/form-data') };
      }
      const reportId = formId(received);
      if (reportId === undefined) return { code: 4000, description: description(4000, 'no report id') };
      const file = received.parts.find((part) => part.name === 'file' && part.fileName !== undefined);
      if (file === undefined) return { code: 4200, description: description(4200, 'no file part') };
      const report = openReport(reportId, user);
      if (!('state' in report)) return report;
      const fileId = randomBytes(FILE_ID_BYTES).toString('hex');
      report.files.push({
        fileId,
        fileName: file.fileName ?? '',
        bytes: file.bytes,
        md5: file.md5,
        details: [],
      });
      count(uploads, file.md5);
      report.lastChangeAt = now();
      return { code: 0, reportId, fileId, hash: file.md5 };
    },
    fileinfo(received, user) {
      const xml = checkedXml(received, 'fileDetails');
      if (typeof xml !== 'string') return xml;
      const parsed = readXmlDocument(xml, { maxChars: MAX_XML_BYTES, maxDepth: 32, maxElements: 100_000 });
      const fields = parsed.ok ? parsed.root.children : [];
      const reportId = reportIdOf(fields.find((child) => child.name === 'reportId')?.text);
      const fileId = fields.find((child) => child.name === 'fileId')?.text.trim();
      const report = openReport(reportId, user);
      if (!('state' in report)) return report;
      const file = report.files.find((candidate) => candidate.fileId === fileId);
      if (file === undefined) return { code: 5002, reportId: report.reportId };
      file.details.push(xml);
      report.lastChangeAt = now();
      return { code: 0, reportId: report.reportId };
    },
    finish(received, user) {
      const reportId = formId(received);
      if (reportId === undefined) return { code: 4000, description: description(4000, 'no report id') };
      const report = openReport(reportId, user);
      if (!('state' in report)) return report;
      report.state = 'finished';
      report.closedAt = now();
      return { code: 0, reportId, files: report.files.map((file) => file.fileId) };
    },
    retract(received, user) {
      const reportId = formId(received);
      if (reportId === undefined) return { code: 4000, description: description(4000, 'no report id') };
      const report = openReport(reportId, user);
      if (!('state' in report)) return report;
      report.state = 'retracted';
      report.closedAt = now();
      return { code: 0, reportId };
    },
  };

  async function receive(req: IncomingMessage, endpoint: string): Promise<Received> {
    const contentType = req.headers['content-type'] ?? '';
    const boundary = boundaryOf(contentType);
    const reader =
      boundary === undefined
        ? undefined
        : new MultipartReader(boundary, endpoint === 'upload' ? maxUploadBytes : 64 * 1024);
    const chunks: Buffer[] = [];
    let size = 0;
    let problem: string | undefined;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      if (problem !== undefined) continue;
      try {
        if (reader !== undefined) reader.push(chunk);
        else if ((size += chunk.length) > MAX_XML_BYTES) problem = `a body over ${MAX_XML_BYTES} bytes`;
        else chunks.push(chunk);
      } catch (error) {
        problem = error instanceof MalformedError ? error.message : String(error);
      }
    }
    let parts: FormPart[] | undefined;
    try {
      parts = reader?.end();
    } catch (error) {
      problem ??= error instanceof MalformedError ? error.message : String(error);
    }
    return {
      endpoint,
      method: req.method ?? '',
      contentType,
      user: authenticate(req.headers.authorization),
      body: Buffer.concat(chunks),
      parts: problem === undefined ? parts : undefined,
      problem,
    };
  }

  function injected(endpoint: string, call: number): NcmecFailureRule | undefined {
    return rules.find(
      (rule) =>
        (rule.endpoint === '*' || rule.endpoint === endpoint) &&
        (rule.calls === undefined || rule.calls.includes(call)),
    );
  }

  function wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waits.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(ms, MAX_SLOW_MS));
      waits.add(done);
    });
  }

  function answer(res: ServerResponse, record: ServerCall, result: Answer): void {
    record.httpStatus = httpStatusFor(result.code);
    record.responseCode = result.code;
    const headers: Record<string, string> = { 'Content-Type': 'application/xml; charset=utf-8' };
    if (record.requestId !== undefined) headers['Request-ID'] = record.requestId;
    if (result.code === 2000) headers['WWW-Authenticate'] = 'Basic realm="ESP Web Services"';
    const emptyAuthFailure = result.code === 2000 && options.authFailureBody === 'empty';
    res.writeHead(record.httpStatus, headers).end(emptyAuthFailure ? '' : answerXml(result));
  }

  /** A gateway's error page, or NCMEC's own code 1000, without processing the request. */
  function answerInjectedStatus(
    res: ServerResponse,
    record: ServerCall,
    rule: Extract<NcmecInjectedFailure, { kind: 'status' }>,
  ): void {
    record.httpStatus = rule.status;
    const retryAfter =
      rule.retryAfterSeconds === undefined ? {} : { 'Retry-After': `${rule.retryAfterSeconds}` };
    if (rule.body === 'xml') {
      record.responseCode = 1000;
      res.writeHead(rule.status, { 'Content-Type': 'application/xml', ...retryAfter });
      res.end(answerXml({ code: 1000 }));
    } else {
      res.writeHead(rule.status, { 'Content-Type': 'text/html', ...retryAfter });
      res.end(`<html><body><h1>${rule.status}</h1>The gateway could not reach the service.</body></html>`);
    }
  }

  function outcomeOf(received: Received): Answer {
    const { endpoint, user } = received;
    if (endpoint === 'unknown') return { code: 1210 };
    if (user === undefined) return { code: 2000 };
    const method = endpoint === 'status' ? 'GET' : 'POST';
    if (received.method !== method) return { code: 4000, description: description(4000, `use ${method}`) };
    return handlers[endpoint]?.(received, user) ?? { code: 1210 };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const endpoint = path.startsWith('/ispws/') && ENDPOINTS.has(path.slice(7)) ? path.slice(7) : 'unknown';
    const call = (callCounts.get(endpoint) ?? 0) + 1;
    callCounts.set(endpoint, call);
    const record: ServerCall = {
      endpoint,
      call,
      at: now(),
      ...(options.withoutRequestIds ? {} : { requestId: randomUUID() }),
    };
    calls.push(record);
    try {
      const received = await receive(req, endpoint);
      if ((await options.beforeProcessing?.(record)) === 'cut') {
        res.socket?.destroy();
        return;
      }
      const rule = injected(endpoint, call);
      if (rule !== undefined) record.injected = rule.kind;
      if (rule?.kind === 'status') {
        answerInjectedStatus(res, record, rule);
        return;
      }
      if (rule?.kind === 'slow') await wait(rule.delayMs);
      if (rule?.kind === 'drop' && rule.process === false) {
        res.socket?.destroy();
        return;
      }
      const result = outcomeOf(received);
      await options.beforeAnswer?.(record);
      if (rule?.kind === 'drop') {
        record.responseCode = result.code;
        res.socket?.destroy();
        return;
      }
      answer(res, record, result);
    } catch (error) {
      if (res.headersSent || res.socket === null || res.socket.destroyed) {
        res.socket?.destroy();
        return;
      }
      answer(res, record, { code: 1000, description: description(1000, String(error)) });
    } finally {
      options.onCall?.(record);
    }
  }

  const server = createServer((req, res) => {
    if (++requests > maxRequests) {
      res.writeHead(503).end();
      void close();
      return;
    }
    void handle(req, res);
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? 30 * 60 * 1000);
  lifetime.unref();

  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      for (const release of [...waits]) release();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  }

  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/ispws`,
    reports,
    calls,
    reportsOpened,
    uploads,
    inject: (rule) => void rules.push(rule),
    close,
  };
}
