// The workstation's own channels through the router, as the app drives them: ingest by path with progress
// and cancel, cases made from items, assigned, closed and reopened, users' roles, search over every
// filter, the ledger read page by page and exported as a view an outsider verifies, and verify from the
// app; each refused to the roles the policy leaves out, and each a signed ledger entry.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IngestProgressView, IngestSummaryView, LedgerEntryView } from '../../shared/desk';
import type { ItemSummary } from '../../shared/review';
import { verifyLedgerView } from '../../main/core/ledger';
import { hammingDistance } from '../../main/core/matching/pdq';
import { shapesImage } from '../support/media';
import { testCore, type TestCore } from '../support/core';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

async function adminCore(): Promise<TestCore> {
  const test = await testCore(tempDir);
  await test.call('vault.create', { vault: 'Desk', user: 'ana', passphrase: passphrases.ana });
  return test;
}

async function images(dir: string, count: number, first = 1): Promise<string[]> {
  const paths: string[] = [];
  for (let i = first; i < first + count; i++) {
    const path = join(dir, `scene-${i}.png`);
    await writeFile(path, await shapesImage(i));
    paths.push(path);
  }
  return paths;
}

async function signInAs(test: TestCore, user: string, passphrase: string) {
  await test.call('vault.lock', {});
  await test.call('vault.unlock', { vault: 'Desk', user, passphrase });
}

const ledger = (test: TestCore, filter: Record<string, string>) =>
  test.call<{ total: number; entries: LedgerEntryView[] }>('ledger.query', { filter, limit: 50 });

describe('the desk channels', () => {
  it('ingest by path reports each file as it lands, and a summary with reasons', async () => {
    const test = await adminCore();
    const dir = await tempDir();
    const paths = await images(dir, 3);
    const heard: IngestProgressView[] = [];
    test.core.workstation.onEvent((e) => {
      if (e.name === 'ingest.progress') heard.push(e.payload);
    });
    const summary = await test.call<IngestSummaryView>('ingest.start', {
      paths: [dir, join(dir, 'gone.png'), paths[0]],
    });
    expect(summary).toMatchObject({ ingested: 3, duplicates: 1, failed: 1, cancelled: false, caseId: null });
    expect(summary.outcomes.find((o) => o.kind === 'failed')).toMatchObject({ reason: 'it does not exist' });
    expect(heard.filter((p) => p.outcome !== null)).toHaveLength(5);
    expect(heard.at(-1)).toMatchObject({ filesDone: 4, filesTotal: 4, currentPath: null });
  });

  it('cancelling stops the ingest after the files already being read; what landed stays', async () => {
    const test = await adminCore();
    const dir = await tempDir();
    // Ingest commits in batches: at most 6 files are read at once and 32 more wait for their commit, so a
    // cancel at the first reported file can still let ~70 land; 80 files leave some never read.
    const files = 80;
    await images(dir, files);
    let cancelled: Promise<unknown> | null = null;
    test.core.workstation.onEvent((e) => {
      if (e.name === 'ingest.progress' && e.payload.outcome && !cancelled)
        cancelled = test.call('ingest.cancel', {});
    });
    const summary = await test.call<IngestSummaryView>('ingest.start', { paths: [dir] });
    expect(await cancelled).toEqual({ cancelled: true });
    expect(summary.cancelled).toBe(true);
    expect(summary.ingested).toBeGreaterThan(0);
    expect(summary.ingested).toBeLessThan(files);
    const queues = await test.call<{ counts: { all: number } }>('review.queues', {});
    expect(queues.counts.all).toBe(summary.ingested);
    expect(await test.call('ingest.cancel', {})).toEqual({ cancelled: false });
  });

  it('makes a case from items, assigns it, closes and reopens it; only leads may, each recorded', async () => {
    const test = await adminCore();
    const dir = await tempDir();
    await images(dir, 2);
    await test.call('ingest.start', { paths: [dir] });
    await test.call('users.add', { name: 'ben', role: 'analyst', passphrase: passphrases.ben });
    const { items } = await test.call<{ items: ItemSummary[] }>('review.items', {
      queue: 'all',
      offset: 0,
      limit: 10,
    });
    const detectedAt = new Date(Date.now() - 25 * 3600_000).toISOString();
    const made = await test.call<{ id: string; remainingMs: number; items: number }>('cases.create', {
      title: 'From the grid',
      itemIds: items.map((i) => i.id),
      detectedAt,
    });
    expect(made).toMatchObject({ items: 2 });
    expect(made.remainingMs).toBeLessThan(0);
    expect(await test.call('cases.assign', { id: made.id, user: 'ben' })).toMatchObject({
      assignedTo: 'ben',
    });
    expect(await test.call('cases.close', { id: made.id, close: true, reason: 'done' })).toMatchObject({
      status: 'closed',
    });
    await expect(test.call('cases.close', { id: made.id, close: true, reason: 'again' })).rejects.toThrow(
      /already closed/,
    );
    expect(await test.call('cases.close', { id: made.id, close: false, reason: 'oops' })).toMatchObject({
      status: 'open',
      closedAt: null,
    });
    for (const action of ['case.create', 'case.assign', 'case.close', 'case.reopen']) {
      const page = await ledger(test, { action, subject: made.id });
      expect(page.total, action).toBe(1);
      expect(page.entries[0]).toMatchObject({ actor: 'ana', signature: 'valid', subjectKind: 'case' });
    }
    // The case's report builder reads a case made from items.
    expect(await test.call('cases.report', { id: made.id })).toMatchObject({ title: 'From the grid' });

    await signInAs(test, 'ben', passphrases.ben);
    await expect(test.call('cases.close', { id: made.id, close: true, reason: 'x' })).rejects.toThrow(
      /FORBIDDEN/,
    );
    await expect(test.call('cases.assign', { id: made.id, user: null })).rejects.toThrow(/FORBIDDEN/);
    await expect(ledger(test, {})).rejects.toThrow(/FORBIDDEN/);
    await expect(test.call('dashboard.view', {})).rejects.toThrow(/FORBIDDEN/);
    expect(
      await test.call('cases.create', { title: 'Mine', itemIds: [items[0]?.id], detectedAt }),
    ).toMatchObject({
      items: 1,
    });
  });

  it("changes a user's role, keeps the last admin, and verify from the app finds the vault sound", async () => {
    const test = await adminCore();
    await test.call('users.add', { name: 'ben', role: 'analyst', passphrase: passphrases.ben });
    expect(await test.call('users.setRole', { name: 'ben', role: 'supervisor' })).toEqual({
      name: 'ben',
      role: 'supervisor',
    });
    await expect(test.call('users.setRole', { name: 'ana', role: 'analyst' })).rejects.toThrow(/only admin/);
    expect((await ledger(test, { action: 'user.role' })).entries[0]?.details).toContain('"was":"analyst"');
    const heard: number[] = [];
    test.core.workstation.onEvent((e) => {
      if (e.name === 'verify.progress') heard.push(e.payload.blobsDone);
    });
    expect(await test.call('vault.verify', {})).toMatchObject({ ok: true, problems: [] });
    expect((await ledger(test, { action: 'vault.verify' })).total).toBe(1);
    await signInAs(test, 'ben', passphrases.ben);
    expect(await test.call('dashboard.view', {})).toMatchObject({ cases: [], outbox: 0 });
  });

  it('searches by each filter, in review order, paged', async () => {
    const test = await adminCore();
    const dir = await tempDir();
    await images(dir, 5);
    await test.call('ingest.start', { paths: [dir] });
    const { items } = await test.call<{ items: ItemSummary[] }>('review.items', {
      queue: 'all',
      offset: 0,
      limit: 10,
    });
    const target = items[2] as ItemSummary;
    const detail = await test.call<{ sha1: string; md5: string; pdq: { hash: string } }>('review.item', {
      id: target.id,
    });
    await test.call('review.categorize', { ids: [target.id], category: 'B1', annotations: [] });
    const search = (filter: Record<string, unknown>, offset = 0, limit = 10) =>
      test.call<{ total: number; items: ItemSummary[] }>('review.search', { filter, offset, limit });
    const ids = async (filter: Record<string, unknown>) => (await search(filter)).items.map((i) => i.id);
    expect(await ids({ hash: target.sha256 })).toEqual([target.id]);
    expect(await ids({ hash: detail.sha1.toUpperCase() })).toEqual([target.id]);
    expect(await ids({ hash: detail.md5 })).toEqual([target.id]);
    expect(await ids({ hash: detail.pdq.hash, pdqDistance: 0 })).toEqual([target.id]);
    const hashes = await Promise.all(
      items.map(
        async (i) =>
          [i.id, (await test.call<{ pdq: { hash: string } }>('review.item', { id: i.id })).pdq.hash] as const,
      ),
    );
    const within = (d: number) =>
      items
        .map((i) => i.id)
        .filter((id) => hashes.some(([h, hash]) => h === id && hammingDistance(hash, detail.pdq.hash) <= d));
    for (const d of [100, 120, 128])
      expect(await ids({ hash: detail.pdq.hash, pdqDistance: d })).toEqual(within(d));
    expect(await ids({ fileName: target.fileName })).toEqual([target.id]);
    expect(await ids({ fileName: '%' })).toEqual([]);
    expect(await ids({ category: 'B1' })).toEqual([target.id]);
    expect((await ids({ category: 'uncategorised' })).length).toBe(4);
    expect(await ids({ reviewer: 'ana' })).toEqual([target.id]);
    expect(await ids({ category: 'B1', reviewer: 'ana', fileName: target.fileName })).toEqual([target.id]);
    expect(await ids({ category: 'B1', fileName: 'no-such-name' })).toEqual([]);
    expect(await ids({ bank: 'none-such' })).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await search({ from: today, to: today })).total).toBe(5);
    expect((await search({ to: '2000-01-01' })).total).toBe(0);
    const page = await search({ fileName: 'scene-' }, 2, 2);
    expect(page.total).toBe(5);
    expect(page.items.map((i) => i.id)).toEqual(items.slice(2, 4).map((i) => i.id));
    await expect(search({ reviewer: 'nobody' })).rejects.toThrow(/no user/);
  });

  it('exports a filtered view of the ledger with proofs an outsider verifies, and refuses a changed entry', async () => {
    const test = await adminCore();
    const dir = await tempDir();
    await images(dir, 3);
    await test.call('ingest.start', { paths: [dir] });
    const destination = join(await tempDir(), 'view');
    const done = await test.call<{ path: string; entries: number }>('ledger.exportView', {
      filter: { action: 'item.ingest' },
      destination,
    });
    expect(done).toEqual({ path: destination, entries: 3 });
    expect(await verifyLedgerView(destination)).toMatchObject({ entries: 3 });
    const all = await ledger(test, {});
    expect(all.entries.map((e) => e.action)).toContain('export.finish');
    const entries = join(destination, 'entries.jsonl');
    await writeFile(entries, (await readFile(entries, 'utf8')).replace('scene-1', 'scene-9'));
    await expect(verifyLedgerView(destination)).rejects.toThrow();
  });
});
