// The CyberTipline client against the local NCMEC stand-in: a whole report with MD5s checked, each failure
// family surfacing as its typed error (credentials, validation, 5xx, dropped and slow answers, ambiguous
// submits), NCMEC's codes for wrong states and expiry, and a fuzzed answer parser that only fails typed.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseNcmecAnswer } from '../../main/core/cybertip/api/answer';
import {
  CyberTipClient,
  NCMEC_PRODUCTION_URL,
  NCMEC_TEST_URL,
  type CyberTipClientOptions,
} from '../../main/core/cybertip/api/client';
import {
  NcmecAmbiguousError,
  NcmecApiError,
  NcmecAuthError,
  NcmecCancelledError,
  NcmecHashMismatchError,
  NcmecProtocolError,
  NcmecResponseError,
  NcmecTransientError,
  NcmecValidationError,
} from '../../main/core/cybertip/api/errors';
import { withRetry, type RetryAttempt } from '../../main/core/cybertip/api/retry';
import { loadCyberTipValidator, type CyberTipValidator } from '../../main/core/cybertip/validate';
import { fileDetailsToXml } from '../../main/core/cybertip/file-details-xml';
import { reportToXml } from '../../main/core/cybertip/report-xml';
import { InvalidInputError } from '../../main/core/errors';
import type { Report } from '../../shared/cybertip';
import {
  EXPIRY_AFTER_CHANGE_MS,
  EXPIRY_AFTER_OPENING_MS,
  startNcmecServer,
  type NcmecServer,
  type NcmecServerOptions,
} from '../ncmec-server/server';
import { fakeClock } from '../support/clock';
import { ncmecExamples } from '../support/cybertip';
import { shapesImage } from '../support/media';
import { seededRandom } from '../support/random';

const esp = { username: 'esp-test', password: 'generated pass: 7f3a9c' };

const report: Report = {
  incidentSummary: {
    incidentType: 'Child Pornography (possession, manufacture, and distribution)',
    incidentDateTime: '2025-01-15T12:30:00Z',
  },
  internetDetails: [{ webPageIncident: { url: ['https://example.com/post/1'] } }],
  reporter: {
    reportingPerson: { firstName: 'Alice', lastName: 'Reporter', email: [{ value: 'safety@example.com' }] },
  },
  personOrUserReported: [{ espIdentifier: 'user-42', screenName: 'generated_user' }],
};
const reportXml = reportToXml(report);

function detailsXml(reportId: number, fileId: string, md5: string, name = 'generated.png'): string {
  return fileDetailsToXml({
    reportId,
    fileId,
    originalFileName: name,
    fileViewedByEsp: true,
    fileRelevance: 'Reported',
    originalFileHash: [{ hashType: 'MD5', value: md5 }],
  });
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

let validator: CyberTipValidator;
beforeAll(async () => {
  validator = await loadCyberTipValidator();
});

const servers: NcmecServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(
  options: Partial<NcmecServerOptions> = {},
  client: Partial<CyberTipClientOptions> = {},
): Promise<{ server: NcmecServer; client: CyberTipClient }> {
  const server = await startNcmecServer({ users: [esp], validator, maxRequests: 200, ...options });
  servers.push(server);
  return {
    server,
    client: new CyberTipClient({ baseUrl: server.baseUrl, ...esp, timeoutMs: 5_000, ...client }),
  };
}

/** The rejection of `promise`, which must reject. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => error,
  );
}

describe('a whole report', () => {
  it('is opened, gets two files with matching MD5s and their details, and is finished', async () => {
    const { server, client } = await setup();
    const status = await client.status();
    expect(status.response).toEqual({ responseCode: 0, responseDescription: 'Success' });

    const opened = await client.submit(reportXml);
    expect(opened.reportId).toBeGreaterThan(0);
    expect(opened.requestId).toBe(server.calls.at(-1)?.requestId);
    expect(opened.timings.totalMs).toBeGreaterThanOrEqual(opened.timings.headersMs);
    expect(Date.parse(opened.timings.startedAt)).not.toBeNaN();
    expect(opened.answerXml).toContain(`<reportId>${opened.reportId}</reportId>`);

    const image = await shapesImage(8);
    const noise = randomBytes(300_000);
    const first = await client.upload(opened.reportId, 'scene.png', image);
    async function* chunks() {
      for (let at = 0; at < noise.length; at += 65_536) yield noise.subarray(at, at + 65_536);
    }
    const second = await client.upload(opened.reportId, 'noise "1".bin', chunks(), { size: noise.length });
    for (const [upload, bytes] of [
      [first, image],
      [second, noise],
    ] as const) {
      expect(upload.fileId).toMatch(/^[0-9a-f]{32}$/);
      expect(upload.hash).toBe(md5(bytes));
      expect(upload.size).toBe(bytes.length);
      await client.fileInfo(detailsXml(opened.reportId, upload.fileId, upload.hash));
    }
    expect(first.fileId).not.toBe(second.fileId);

    const finished = await client.finish(opened.reportId);
    expect(finished).toMatchObject({ outcome: 'finished', files: [first.fileId, second.fileId] });

    const stored = server.reports.get(opened.reportId);
    expect(stored).toMatchObject({ state: 'finished', username: esp.username, reportXml });
    expect(stored?.files.map((file) => [file.fileName, file.md5, file.details.length])).toEqual([
      ['scene.png', md5(image), 1],
      ['noise %221%22.bin', md5(noise), 1],
    ]);
    expect(Buffer.compare(stored?.files[1]?.bytes ?? Buffer.alloc(0), noise)).toBe(0);
  });

  it('numbers reports with increasing positive ids and keeps no Request-ID when NCMEC sends none', async () => {
    const { client } = await setup({ withoutRequestIds: true, firstReportId: 9_000_000_001 });
    const a = await client.submit(reportXml);
    const b = await client.submit(reportXml);
    expect(a.reportId).toBe(9_000_000_001);
    expect(b.reportId).toBeGreaterThan(a.reportId);
    expect(b.requestId).toBeUndefined();
  });
});

describe('credentials', () => {
  it('surface a wrong password as NcmecAuthError saying the credentials are wrong, never echoing them', async () => {
    for (const authFailureBody of ['xml', 'empty'] as const) {
      const { client } = await setup({ authFailureBody }, { password: 'not the password' });
      const error = await failure(client.status());
      expect(error).toBeInstanceOf(NcmecAuthError);
      const auth = error as NcmecAuthError;
      expect(auth.message).toMatch(/credentials are wrong/);
      expect(auth).toMatchObject({ httpStatus: 401, retryable: false });
      expect(auth.responseCode).toBe(authFailureBody === 'xml' ? 2000 : undefined);
      const everything = `${auth.message} ${JSON.stringify(auth)} ${inspect(auth)} ${inspect(client)}`;
      expect(everything).not.toContain('not the password');
      expect(everything).not.toContain(esp.username);
    }
  });

  it('answer 401 with a Basic challenge when missing, and 3100 for an account that may not report', async () => {
    const { server } = await setup({
      users: [esp, { username: 'viewer', password: 'pw', mayReport: false }],
    });
    const bare = await fetch(`${server.baseUrl}/status`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toBe('Basic realm="ESP Web Services"');
    const viewer = new CyberTipClient({ baseUrl: server.baseUrl, username: 'viewer', password: 'pw' });
    await viewer.status();
    const error = await failure(viewer.submit(reportXml));
    expect(error).toBeInstanceOf(NcmecAuthError);
    expect(error).toMatchObject({ responseCode: 3100, httpStatus: 403 });
    expect((error as Error).message).toMatch(/may not do this/);
  });

  it('are refused in the base URL, and plain http is refused beyond the loopback', () => {
    const make = (baseUrl: string) => () => new CyberTipClient({ baseUrl, ...esp });
    expect(make('https://esp:secret@exttest.cybertip.org/ispws')).toThrow(InvalidInputError);
    expect(make('http://exttest.cybertip.org/ispws')).toThrow(/https/);
    expect(make(NCMEC_TEST_URL)().baseUrl).toBe('https://exttest.cybertip.org/ispws');
    expect(make(`${NCMEC_PRODUCTION_URL}/`)().baseUrl).toBe('https://report.cybertip.org/ispws');
    expect(() => new CyberTipClient({ baseUrl: NCMEC_TEST_URL, username: 'a:b', password: 'x' })).toThrow(
      InvalidInputError,
    );
  });
});

describe('validation', () => {
  it("surfaces NCMEC's validator message for a schema-invalid report, parsed from a 400, never retried", async () => {
    const { server, client } = await setup();
    const invalid = reportXml.replace(/<reporter>[\s\S]*<\/reporter>/, '');
    const expected = validator.validate(invalid).errors[0]?.message ?? '';
    expect(expected).not.toBe('');
    let calls = 0;
    const error = await failure(withRetry(() => (calls++, client.submit(invalid)), { clock: fakeClock() }));
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(NcmecValidationError);
    expect(error).toMatchObject({ responseCode: 4100, httpStatus: 400, retryable: false });
    expect((error as NcmecValidationError).description).toContain(expected);
    expect((error as Error).message).toContain(expected);
    expect(server.reports.size).toBe(0);
  });

  it("applies NCMEC's rules beyond the XSD on the server's clock, and tells malformed XML apart", async () => {
    const { client } = await setup({ now: () => Date.parse('2025-01-01T00:00:00Z') });
    const future = await failure(client.submit(reportXml));
    expect(future).toMatchObject({ responseCode: 4100 });
    expect((future as NcmecValidationError).description).toMatch(/future/);
    const malformed = await failure(client.submit('<report><incidentSummary></report>'));
    expect(malformed).toBeInstanceOf(NcmecValidationError);
    expect(malformed).toMatchObject({ responseCode: 4110 });
  });
});

describe('transient failures', () => {
  it('retries an upload after a 503 and a dropped connection, and succeeds', async () => {
    const { server, client } = await setup({
      failures: [
        { endpoint: 'upload', calls: [1], kind: 'status', status: 503, retryAfterSeconds: 3 },
        { endpoint: 'upload', calls: [2], kind: 'drop' },
      ],
    });
    const { reportId } = await client.submit(reportXml);
    const bytes = await shapesImage(3);
    const attempts: RetryAttempt[] = [];
    const clock = fakeClock();
    const upload = await withRetry(() => client.upload(reportId, 'retried.png', bytes), {
      clock,
      onAttempt: (attempt) => attempts.push(attempt),
    });
    expect(upload.hash).toBe(md5(bytes));
    expect(attempts.map((a) => a.outcome)).toEqual(['will-retry', 'will-retry', 'succeeded']);
    expect(attempts[0]?.error).toBeInstanceOf(NcmecTransientError);
    expect(attempts[0]?.error).toMatchObject({ httpStatus: 503, retryable: true, retryAfterMs: 3000 });
    expect(attempts[1]?.error).toBeInstanceOf(NcmecTransientError);
    expect(clock.slept[0]).toBeGreaterThanOrEqual(3000);
    // The dropped upload reached the server: NCMEC keeps it as a file nobody describes.
    expect(server.reports.get(reportId)?.files).toHaveLength(2);
  });

  it('treats 500 with code 1000, and a gateway 502, as retryable on /fileinfo and /finish', async () => {
    const { client } = await setup({
      failures: [
        { endpoint: 'fileinfo', calls: [1], kind: 'status', status: 500, body: 'xml' },
        { endpoint: 'finish', calls: [1], kind: 'status', status: 502 },
      ],
    });
    const { reportId } = await client.submit(reportXml);
    const { fileId, hash } = await client.upload(reportId, 'a.png', await shapesImage(4));
    const details = await failure(client.fileInfo(detailsXml(reportId, fileId, hash)));
    expect(details).toBeInstanceOf(NcmecTransientError);
    expect(details).toMatchObject({ responseCode: 1000, httpStatus: 500, description: 'Server error' });
    const finish = await failure(client.finish(reportId));
    expect(finish).toBeInstanceOf(NcmecTransientError);
    expect(finish).toMatchObject({ httpStatus: 502, retryable: true });
    await client.fileInfo(detailsXml(reportId, fileId, hash));
    expect(await client.finish(reportId)).toMatchObject({ outcome: 'finished', files: [fileId] });
  });

  it('times out slow answers as transient, and says when nothing was sent', async () => {
    const { server, client } = await setup(
      { failures: [{ endpoint: 'status', calls: [1], kind: 'slow', delayMs: 3_000 }] },
      { timeoutMs: 200 },
    );
    const started = Date.now();
    const slow = await failure(client.status());
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(slow).toBeInstanceOf(NcmecTransientError);
    expect((slow as NcmecTransientError).description).toBe('no answer within 200 ms');
    await server.close();
    const refused = await failure(client.submit(reportXml));
    expect(refused).toBeInstanceOf(NcmecTransientError);
    expect((refused as NcmecTransientError).description).toMatch(/nothing was sent/);
  });

  it('cancels a waiting call on request', async () => {
    const controller = new AbortController();
    // The second /status is cancelled once the stand-in holds it, as NCMEC would a slow call.
    const { server, client } = await setup({
      beforeProcessing: (call) => (call.call === 2 ? controller.abort() : undefined),
    });
    await client.status();
    server.inject({ endpoint: 'status', kind: 'slow', delayMs: 3_000 });
    expect(await failure(client.status({ signal: controller.signal }))).toBeInstanceOf(NcmecCancelledError);
    const retried = withRetry((_, signal) => client.status(signal ? { signal } : {}), {
      signal: AbortSignal.abort(),
    });
    expect(await failure(retried)).toBeInstanceOf(NcmecCancelledError);
  });
});

describe('an ambiguous /submit', () => {
  it('is NcmecAmbiguousError when the connection drops after the report arrived, and is not retried', async () => {
    const { server, client } = await setup({ failures: [{ endpoint: 'submit', calls: [1], kind: 'drop' }] });
    let calls = 0;
    const error = await failure(withRetry(() => (calls++, client.submit(reportXml)), { clock: fakeClock() }));
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(NcmecAmbiguousError);
    expect(error).toMatchObject({ retryable: false, endpoint: 'submit' });
    expect((error as Error).message).toMatch(/Do not submit it again blindly/);
    // NCMEC did open a report: the one the client cannot name.
    expect([...server.reports.values()].map((r) => r.state)).toEqual(['open']);
  });

  it('is ambiguous on a timeout or a 500 page, but not on a 503 (not processed)', async () => {
    const { client } = await setup(
      {
        failures: [
          { endpoint: 'submit', calls: [1], kind: 'slow', delayMs: 2_000 },
          { endpoint: 'submit', calls: [2], kind: 'status', status: 500 },
          { endpoint: 'submit', calls: [3], kind: 'status', status: 503 },
        ],
      },
      { timeoutMs: 200 },
    );
    expect(await failure(client.submit(reportXml))).toBeInstanceOf(NcmecAmbiguousError);
    expect(await failure(client.submit(reportXml))).toBeInstanceOf(NcmecAmbiguousError);
    expect(await failure(client.submit(reportXml))).toBeInstanceOf(NcmecTransientError);
    expect((await client.submit(reportXml)).reportId).toBeGreaterThan(0);
  });
});

describe("NCMEC's report states", () => {
  it('treats a second finish (5102) as finished, also when the first answer was lost', async () => {
    const { server, client } = await setup({ failures: [{ endpoint: 'finish', calls: [1], kind: 'drop' }] });
    const { reportId } = await client.submit(reportXml);
    const { fileId } = await client.upload(reportId, 'a.png', await shapesImage(5));
    const attempts: RetryAttempt[] = [];
    const finished = await withRetry(() => client.finish(reportId), {
      clock: fakeClock(),
      onAttempt: (attempt) => attempts.push(attempt),
    });
    expect(attempts.map((a) => a.outcome)).toEqual(['will-retry', 'succeeded']);
    expect(finished).toMatchObject({ outcome: 'already-finished', reportId });
    expect(finished.response.responseCode).toBe(5102);
    expect(server.reports.get(reportId)).toMatchObject({ state: 'finished', files: [{ fileId }] });
    expect(await client.finish(reportId)).toMatchObject({ outcome: 'already-finished' });
  });

  it('answers unknown reports and files, wrong states and retraction with their documented codes', async () => {
    const other = { username: 'other-esp', password: 'other pass' };
    const { server, client } = await setup({ users: [esp, other] });
    const unknown = await failure(client.finish(123));
    expect(unknown).toBeInstanceOf(NcmecResponseError);
    expect(unknown).toMatchObject({
      responseCode: 5001,
      httpStatus: 200,
      code: 'NOT_FOUND',
      retryable: false,
    });
    expect((unknown as Error).message).toMatch(/Report does not exist/);

    const { reportId } = await client.submit(reportXml);
    const stranger = new CyberTipClient({ baseUrl: server.baseUrl, ...other });
    expect(await failure(stranger.retract(reportId))).toMatchObject({ responseCode: 5001 });
    const missingFile = await failure(
      client.fileInfo(detailsXml(reportId, 'f'.repeat(32), md5(Buffer.alloc(1)))),
    );
    expect(missingFile).toMatchObject({ responseCode: 5002 });

    expect(await client.retract(reportId)).toMatchObject({ outcome: 'retracted', reportId });
    expect(await client.retract(reportId)).toMatchObject({ outcome: 'already-retracted' });
    expect(await failure(client.upload(reportId, 'late.png', Buffer.from('x')))).toMatchObject({
      responseCode: 5101,
    });
    expect(await failure(client.finish(reportId))).toMatchObject({ responseCode: 5101 });

    const done = await client.submit(reportXml);
    await client.finish(done.reportId);
    const late = await failure(client.retract(done.reportId));
    expect(late).toBeInstanceOf(NcmecResponseError);
    expect(late).toMatchObject({ responseCode: 5102 });
    expect((late as Error).message).toMatch(/cannot|nothing can be added/);
  });

  it('deletes an unfinished report 24 h after opening or 1 h after its last change, whichever is later', async () => {
    let now = Date.parse('2026-06-01T00:00:00Z');
    const { client } = await setup({ now: () => now });
    const start = now;
    const idle = await client.submit(reportXml);
    const busy = await client.submit(reportXml);
    now = start + EXPIRY_AFTER_OPENING_MS - 30 * 60_000;
    const { fileId, hash } = await client.upload(busy.reportId, 'late.png', await shapesImage(6));
    now = start + EXPIRY_AFTER_OPENING_MS - 1;
    const stillThere = client.fileInfo(detailsXml(idle.reportId, 'f'.repeat(32), hash));
    expect(await failure(stillThere)).toMatchObject({ responseCode: 5002 });
    now = start + EXPIRY_AFTER_OPENING_MS;
    expect(await failure(client.finish(idle.reportId))).toMatchObject({ responseCode: 5001 });
    now = start + EXPIRY_AFTER_OPENING_MS - 30 * 60_000 + EXPIRY_AFTER_CHANGE_MS - 1;
    await client.fileInfo(detailsXml(busy.reportId, fileId, hash));
    now += EXPIRY_AFTER_CHANGE_MS;
    expect(await failure(client.finish(busy.reportId))).toMatchObject({ responseCode: 5001 });
  });

  it('parses the answer on a 404 too: a wrong path is 1210', async () => {
    const { server } = await setup();
    const wrong = new CyberTipClient({ baseUrl: `${server.baseUrl}/v2`, ...esp });
    const error = await failure(wrong.status());
    expect(error).toBeInstanceOf(NcmecResponseError);
    expect(error).toMatchObject({ responseCode: 1210, httpStatus: 404 });
  });
});

describe('uploads', () => {
  it('refuse a stream that is not the announced size, sending nothing NCMEC keeps', async () => {
    const { server, client } = await setup();
    const { reportId } = await client.submit(reportXml);
    async function* short() {
      yield Buffer.alloc(10);
    }
    expect(await failure(client.upload(reportId, 'short.bin', short(), { size: 20 }))).toBeInstanceOf(
      InvalidInputError,
    );
    async function* long() {
      yield Buffer.alloc(30);
    }
    expect(await failure(client.upload(reportId, 'long.bin', long(), { size: 20 }))).toBeInstanceOf(
      InvalidInputError,
    );
    expect(await failure(client.upload(reportId, 'unsized.bin', short()))).toBeInstanceOf(InvalidInputError);
    expect(server.reports.get(reportId)?.files).toEqual([]);
  });
});

// ---- The answer parser and the client against hostile answers ----

const uploadAnswer = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<reportResponse>
    <responseCode>0</responseCode>
    <responseDescription>Success &amp; more &#x263A;</responseDescription>
    <reportId>4564654</reportId>
    <fileId>b0754af766b426f2928a02c651ed4b99</fileId>
    <hash>FAFA5EFEAF3CBE3B23B2748D13E629A1</hash>
    <futureElement><nested>ignored</nested></futureElement>
</reportResponse>`;

function fakeFetch(
  status: number,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): typeof fetch {
  return async (_input, init) => {
    if (init?.body instanceof ReadableStream) await new Response(init.body).arrayBuffer();
    return new Response(typeof body === 'string' ? body : new Uint8Array(body), { status, headers });
  };
}

function fakeClient(fetchImpl: typeof fetch): CyberTipClient {
  return new CyberTipClient({ baseUrl: NCMEC_TEST_URL, ...esp, fetch: fetchImpl });
}

describe("NCMEC's answers", () => {
  it('are read from the documented examples', () => {
    const read = (name: string) => readFileSync(join(ncmecExamples, name), 'utf8');
    expect(parseNcmecAnswer(read('resp_upload_ok_docs_example.xml'))).toEqual({
      answer: {
        kind: 'reportResponse',
        responseCode: 0,
        responseDescription: 'Success',
        reportId: 4564654,
        fileId: 'b0754af766b426f2928a02c651ed4b99',
        hash: 'fafa5efeaf3cbe3b23b2748d13e629a1',
      },
    });
    expect(parseNcmecAnswer(read('resp_finish_ok_docs_example.xml'))).toEqual({
      answer: {
        kind: 'reportDoneResponse',
        responseCode: 0,
        reportId: 4564654,
        files: ['b0754af766b426f2928a02c651ed4b99'],
      },
    });
  });

  it('resolve entities, ignore elements NCMEC may add, and refuse DTDs, entities and excess', () => {
    expect(parseNcmecAnswer(uploadAnswer)).toMatchObject({
      answer: { responseDescription: 'Success & more \u263A', hash: 'fafa5efeaf3cbe3b23b2748d13e629a1' },
    });
    const refused = {
      doctype: `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><reportResponse><responseCode>&b;</responseCode></reportResponse>`,
      entity:
        '<reportResponse><responseCode>0</responseCode><responseDescription>&ext;</responseDescription></reportResponse>',
      deep: `<reportResponse>${'<a>'.repeat(20)}${'</a>'.repeat(20)}<responseCode>0</responseCode></reportResponse>`,
      huge: `<reportResponse><responseCode>0</responseCode><x>${'a'.repeat(1024 * 1024)}</x></reportResponse>`,
      twoRoots: '<reportResponse><responseCode>0</responseCode></reportResponse><reportResponse/>',
      noCode: '<reportResponse><responseDescription>ok</responseDescription></reportResponse>',
      twice: '<reportResponse><responseCode>0</responseCode><responseCode>1</responseCode></reportResponse>',
      badId: '<reportResponse><responseCode>0</responseCode><reportId>-4</reportId></reportResponse>',
      otherRoot: '<html><body>Gateway</body></html>',
      mismatched: '<reportResponse><responseCode>0</responseCode></reportresponse>',
      control: '<reportResponse><responseCode>0\u0001</responseCode></reportResponse>',
      encoding:
        '<?xml version="1.0" encoding="ISO-8859-1"?><reportResponse><responseCode>0</responseCode></reportResponse>',
    };
    for (const [name, xml] of Object.entries(refused)) {
      expect({ name, result: parseNcmecAnswer(xml) }).toMatchObject({
        name,
        result: { problem: expect.any(String) },
      });
    }
    expect(parseNcmecAnswer(refused.doctype)).toMatchObject({ problem: expect.stringMatching(/DOCTYPE/) });
  });

  it('never make the parser throw, whatever the mutation', () => {
    const random = seededRandom(20251125).next;
    const alphabet = [
      '<',
      '>',
      '/',
      '&',
      ';',
      '"',
      "'",
      '=',
      '!',
      '?',
      '[',
      ']',
      '-',
      ' ',
      '\n',
      'a',
      '#',
      'x',
      '\u0000',
      '\uD800',
    ];
    for (let i = 0; i < 3_000; i++) {
      let xml = uploadAnswer;
      for (let edits = 1 + Math.floor(random() * 4); edits > 0; edits--) {
        const at = Math.floor(random() * (xml.length + 1));
        const choice = random();
        if (choice < 0.4) xml = xml.slice(0, at) + xml.slice(at + 1 + Math.floor(random() * 8));
        else if (choice < 0.8)
          xml = xml.slice(0, at) + (alphabet[Math.floor(random() * alphabet.length)] ?? '') + xml.slice(at);
        else xml = xml.slice(0, at);
      }
      const result = parseNcmecAnswer(xml);
      expect('answer' in result || typeof result.problem === 'string').toBe(true);
    }
  });

  it('make the client fail only with typed errors, whatever the body and status', async () => {
    const seeded = seededRandom(8);
    const random = seeded.next;
    const statuses = [200, 201, 302, 400, 401, 403, 404, 429, 500, 502, 503];
    for (let i = 0; i < 300; i++) {
      const cut = Math.floor(random() * uploadAnswer.length);
      const body = random() < 0.2 ? seeded.bytes(seeded.int(0, 64)) : uploadAnswer.slice(0, cut);
      const status = statuses[Math.floor(random() * statuses.length)] ?? 200;
      const client = fakeClient(fakeFetch(status, body));
      const calls = [
        () => client.status(),
        () => client.submit(reportXml),
        () => client.upload(4564654, 'a.bin', Buffer.from('abc')),
        () => client.fileInfo('<fileDetails/>'),
        () => client.finish(4564654),
        () => client.retract(4564654),
      ];
      const call = calls[i % calls.length] ?? calls[0];
      await call?.().then(
        () => undefined,
        (error: unknown) => expect(error).toBeInstanceOf(NcmecApiError),
      );
    }
    const thrower = fakeClient(async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
      });
    });
    expect(await failure(thrower.submit(reportXml))).toBeInstanceOf(NcmecAmbiguousError);
    expect(await failure(thrower.upload(1, 'a', Buffer.from('a')))).toBeInstanceOf(NcmecTransientError);
  });

  it("check NCMEC's MD5 of an upload, read 5102 without a description, and refuse oversized answers", async () => {
    const wrongHash = fakeClient(fakeFetch(200, uploadAnswer));
    const mismatch = await failure(wrongHash.upload(4564654, 'a.bin', Buffer.from('not those bytes')));
    expect(mismatch).toBeInstanceOf(NcmecHashMismatchError);
    expect(mismatch).toMatchObject({ retryable: true, fileId: 'b0754af766b426f2928a02c651ed4b99' });

    const done =
      '<reportDoneResponse><responseCode>5102</responseCode><reportId>7</reportId></reportDoneResponse>';
    expect(await fakeClient(fakeFetch(200, done)).finish(7)).toMatchObject({ outcome: 'already-finished' });

    const otherReport =
      '<reportDoneResponse><responseCode>0</responseCode><reportId>8</reportId></reportDoneResponse>';
    expect(await failure(fakeClient(fakeFetch(200, otherReport)).finish(7))).toBeInstanceOf(
      NcmecProtocolError,
    );

    const oversized = fakeClient(fakeFetch(200, 'a'.repeat(2 * 1024 * 1024)));
    expect(await failure(oversized.status())).toBeInstanceOf(NcmecProtocolError);
    expect(await failure(oversized.submit(reportXml))).toBeInstanceOf(NcmecAmbiguousError);

    const noId = '<reportResponse><responseCode>0</responseCode></reportResponse>';
    expect(await failure(fakeClient(fakeFetch(200, noId)).submit(reportXml))).toBeInstanceOf(
      NcmecAmbiguousError,
    );
  });
});
