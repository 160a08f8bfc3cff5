// The harness carries the core's events to the page as Server-Sent Events on /events: only to a caller
// holding the session cookie and reading from the harness's own origin, each event with its payload, and
// session.locked when the workstation locks.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../harness/server';
import { submissionProgress } from '../support/event-samples';
import { eventStream } from '../support/events';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const running: Harness[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.close()));
});

async function harness(): Promise<{ harness: Harness; cookie: string }> {
  const root = await tempDir();
  const rendererRoot = join(root, 'renderer');
  await mkdir(rendererRoot);
  await writeFile(join(rendererRoot, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  const started = await startHarness({
    rendererRoot,
    vaultsRoot: join(root, 'vaults'),
    stateDir: join(root, 'state'),
  });
  running.push(started);
  const page = await fetch(started.url);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(cookie).toMatch(/^custody_harness=/);
  return { harness: started, cookie };
}

async function openEvents(h: Harness, headers: Record<string, string>): Promise<Response> {
  return fetch(`${h.origin}/events`, { headers: { Accept: 'text/event-stream', ...headers } });
}

describe('harness events', () => {
  it('streams each emitted event to a subscribed page, payload and all', async () => {
    const { harness: h, cookie } = await harness();
    const response = await openEvents(h, { Cookie: cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = eventStream(response.body as ReadableStream<Uint8Array>);
    h.core.workstation.emit('submission.progress', submissionProgress);
    expect(await events.next()).toEqual({ name: 'submission.progress', payload: submissionProgress });

    const call = (channel: string, payload: unknown) => h.core.router.call(channel, payload);
    expect(
      await call('vault.create', { vault: 'Casework', user: 'ana', passphrase: passphrases.ana }),
    ).toMatchObject({ ok: true });
    expect(await call('vault.lock', {})).toMatchObject({ ok: true });
    expect(await events.next()).toEqual({ name: 'session.locked', payload: {} });
    await events.close();
  });

  it('refuses a caller without the session cookie, or from another origin', async () => {
    const { harness: h, cookie } = await harness();
    expect((await openEvents(h, {})).status).toBe(403);
    expect((await openEvents(h, { Cookie: 'custody_harness=guessed' })).status).toBe(403);
    expect((await openEvents(h, { Cookie: cookie, Origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await openEvents(h, { Cookie: cookie, 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    const post = await fetch(`${h.origin}/events`, { method: 'POST', headers: { Cookie: cookie } });
    expect(post.status).toBe(405);
  });
});
