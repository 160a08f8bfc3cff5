// Review workspace benchmark: unlock-to-first-thumbnails through the real UI with 100,000 items in the
// vault (target <= 1 s), next to the same with 200 items and to the unlock itself (Argon2id) as baselines;
// then the renderer's main thread while the grid scrolls hard (wheel flings and jumps across the whole
// queue) under a Chromium trace, next to an idle period of the same length (target: no task > 50 ms).
//
// The vault is built by ingesting generated images for real, then cloning their rows in SQL up to the
// item count (new item ids and hashes, the same derivative blobs): a bench fixture only, never a vault
// anyone reviews.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { BankEntry } from '../../main/core/matching/banks/entry';
import { importBank } from '../../main/core/matching/banks/store';
import { ingestPaths } from '../../main/core/media/ingest';
import { listItems, queueCounts } from '../../main/core/review/items';
import { Vault } from '../../main/core/identity';
import { shapesImage } from '../support/media';
import { requireTool } from '../support/tools';
import { fmt, quick, table, timed } from './support';

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];

const ingested = quick ? 60 : 200;
const totalItems = quick ? 20_000 : 100_000;
const traceSeconds = quick ? 2 : 5;
const vaultName = 'Bench';
const credentials = { user: 'bench', passphrase: 'benchmark passphrase' };

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  /** Start and duration, in microseconds. */
  ts: number;
  dur?: number;
  args?: { name?: string };
}

const digest = (algorithm: string, bytes: Buffer) => createHash(algorithm).update(bytes).digest('hex');

async function* entries(rows: Array<Omit<BankEntry, 'line'>>) {
  let line = 0;
  for (const row of rows) yield { entry: { ...row, line: ++line } };
}

/** Ingests `count` generated images for real; one in twenty matches a known bank by SHA-256. */
async function buildVault(root: string, vaultsRoot: string, stateDir: string): Promise<void> {
  const source = join(root, 'source');
  await rm(source, { recursive: true, force: true });
  const images: Buffer[] = [];
  for (let i = 0; i < ingested; i++) images.push(await shapesImage(i + 1));
  await mkdir(source, { recursive: true });
  await Promise.all(
    images.map((bytes, i) => writeFile(join(source, `scene-${String(i).padStart(4, '0')}.png`), bytes)),
  );
  const vault = await Vault.create(join(vaultsRoot, vaultName), credentials, { stateDir });
  try {
    await importBank(
      vault,
      entries(
        images
          .filter((_, i) => i % 20 === 0)
          .map((b) => ({ algorithm: 'sha256', value: digest('sha256', b) })),
      ),
      { name: 'bench-known', version: '1', source: 'generated', kind: 'known', format: 'test' },
    );
    const summary = await ingestPaths(vault, [source]);
    if (summary.ingested !== ingested) throw new Error(`ingested ${summary.ingested} of ${ingested} images`);
  } finally {
    vault.lock();
  }
}

/** Clones the ingested rows (items, sources, derivatives, matches) up to `totalItems`, in one transaction. */
function cloneRows(vault: Vault): void {
  const db = vault.db;
  const templates = db.prepare('SELECT id FROM items ORDER BY ingested_at, id').pluck().all() as string[];
  const start = Date.parse('2026-01-01T00:00:00Z');
  const item = db.prepare(
    `INSERT INTO items (id, sha256, sha1, md5, size, mime, original_blob, metadata, ingested_at, ingested_by, display_name)
     SELECT ?, ?, ?, ?, size, mime, original_blob, metadata, ?, ingested_by, ? FROM items WHERE id = ?`,
  );
  const source = db.prepare(
    `INSERT INTO item_sources (id, item_id, original_path, file_name, modified_at, changed_at, created_at, ingested_at, ingested_by)
     SELECT ?, ?, original_path, file_name, modified_at, changed_at, created_at, ingested_at, ingested_by
     FROM item_sources WHERE item_id = ? LIMIT 1`,
  );
  const derivatives = db.prepare(
    `INSERT INTO derivatives (item_id, variant, blob_id, width, height, mime)
     SELECT ?, variant, blob_id, width, height, mime FROM derivatives WHERE item_id = ?`,
  );
  const matches = db.prepare(
    `INSERT INTO matches (item_id, bank_id, bank_name, bank_version, bank_kind, algorithm, matched_value, distance, label, category, suppressed_by, matched_at)
     SELECT ?, bank_id, bank_name, bank_version, bank_kind, algorithm, matched_value, distance, label, category, suppressed_by, matched_at
     FROM matches WHERE item_id = ?`,
  );
  db.transaction(() => {
    for (let i = templates.length; i < totalItems; i++) {
      const template = templates[i % templates.length] as string;
      const id = randomUUID();
      const name = `clone-${String(i).padStart(6, '0')}.png`;
      const hex = (n: number) => randomBytes(n).toString('hex');
      item.run(id, hex(32), hex(20), hex(16), new Date(start + i * 1000).toISOString(), name, template);
      source.run(randomUUID(), id, template);
      derivatives.run(id, template);
      matches.run(id, template);
    }
  })();
}

// Page-side checks. This file is type-checked without the DOM, so the little of it they use is declared
// here; they contain no named inner functions (tsx would wrap those in a helper the page does not have).
interface PageElement {
  classList: { contains(name: string): boolean };
  complete?: boolean;
  naturalWidth?: number;
  getBoundingClientRect(): { top: number; bottom: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

/** Some thumbnail in the grid has loaded pixels. */
const firstThumbnail = () =>
  Array.from(
    (globalThis as unknown as { document: PageElement }).document.querySelectorAll('[role=gridcell] img'),
  ).some((image) => image.complete === true && (image.naturalWidth ?? 0) > 0);

/** Every cell in view has its item and, where it has one, its thumbnail loaded. */
const visibleSettled = () => {
  const grid = (globalThis as unknown as { document: PageElement }).document.querySelector('[role=grid]');
  if (!grid) return false;
  const view = grid.getBoundingClientRect();
  const inView = Array.from(grid.querySelectorAll('[role=gridcell]')).filter(
    (cell) =>
      cell.getBoundingClientRect().bottom > view.top && cell.getBoundingClientRect().top < view.bottom,
  );
  return (
    inView.length > 0 &&
    inView.every(
      (cell) =>
        !cell.classList.contains('is-loading') &&
        (cell.querySelector('.placeholder') !== null ||
          (cell.querySelector('img')?.complete === true &&
            (cell.querySelector('img')?.naturalWidth ?? 0) > 0)),
    )
  );
};

interface UnlockTiming {
  /** Click to the vault.unlock answer (Argon2id, database, ledger entry). */
  unlocked: number;
  /** Click to the first review.items answer. */
  firstPage: number;
  firstThumbnail: number;
  screenLoaded: number;
}

async function unlockThroughUi(page: Page): Promise<UnlockTiming> {
  const answered = new Map<string, number>();
  const onResponse = (response: { url(): string }) => {
    const path = new URL(response.url()).pathname;
    if (!answered.has(path)) answered.set(path, performance.now());
  };
  page.on('response', onResponse);
  await page.getByLabel('Passphrase').fill(credentials.passphrase);
  const started = performance.now();
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.waitForFunction(firstThumbnail, undefined, { polling: 'raf', timeout: 60_000 });
  const firstThumbnailAt = performance.now();
  await page.waitForFunction(visibleSettled, undefined, { polling: 'raf', timeout: 60_000 });
  const screenAt = performance.now();
  page.off('response', onResponse);
  const since = (at: number | undefined) => (at ?? Number.NaN) - started;
  return {
    unlocked: since(answered.get('/ipc/vault.unlock')),
    firstPage: since(answered.get('/ipc/review.items')),
    firstThumbnail: firstThumbnailAt - started,
    screenLoaded: screenAt - started,
  };
}

async function lockThroughUi(page: Page): Promise<void> {
  await page.keyboard.press('Control+L');
  await page.getByRole('button', { name: 'Unlock' }).waitFor();
}

/**
 * The renderer main thread's tasks in a trace, in milliseconds: the outermost task events only (Chromium
 * nests RunTask and ThreadControllerImpl::RunTask, and each task must count once).
 */
function mainThreadTasks(trace: Buffer): number[] {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const mains = events.filter(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  const outermost = (pid: number, tid: number) => {
    const tasks = events
      .filter(
        (e) =>
          e.pid === pid &&
          e.tid === tid &&
          e.ph === 'X' &&
          (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') &&
          typeof e.dur === 'number',
      )
      .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const kept: TraceEvent[] = [];
    for (const task of tasks) {
      const last = kept[kept.length - 1];
      if (!last || task.ts >= last.ts + (last.dur ?? 0)) kept.push(task);
    }
    return kept;
  };
  const total = (tasks: TraceEvent[]) => tasks.reduce((sum, e) => sum + (e.dur ?? 0), 0);
  const busiest = mains.map((m) => outermost(m.pid, m.tid)).sort((a, b) => total(b) - total(a))[0];
  return (busiest ?? []).map((e) => (e.dur ?? 0) / 1000);
}

/** Runs `work` under a Chromium trace; CUSTODY_BENCH_TRACE=<folder> keeps each trace for Perfetto. */
async function traced(
  browser: Browser,
  page: Page,
  name: string,
  work: () => Promise<void>,
): Promise<number[]> {
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'],
  });
  await work();
  const trace = await browser.stopTracing();
  const keep = process.env.CUSTODY_BENCH_TRACE;
  if (keep) await writeFile(join(keep, `review-${name}.json`), trace);
  return mainThreadTasks(trace);
}

/**
 * Scrolls the grid steadily down at `speed` px/s (a scroll step every ~25 ms, each one a scroll event the
 * page handles on its main thread), then jumps across the whole queue (deep pages), for `traceSeconds`.
 */
async function scrollHard(
  page: Page,
  speed: number,
): Promise<{ pixels: number; jumps: number; seconds: number }> {
  // One handle, so no selector runs in the page per step (it would count as the page's own work).
  const grid = await page.$('[role=grid]');
  if (!grid) throw new Error('The review grid is not on the page.');
  const started = performance.now();
  const steadyUntil = started + (traceSeconds * 1000) / 2;
  let pixels = 0;
  let last = started;
  while (performance.now() < steadyUntil) {
    const now = performance.now();
    const step = Math.round(((now - last) / 1000) * speed);
    last = now;
    pixels += step;
    await grid.evaluate((element, by) => {
      (element as unknown as { scrollTop: number }).scrollTop += by;
    }, step);
    await page.waitForTimeout(16);
  }
  const jumps = [0.5, 0.93, 0.27, 0.71, 1, 0.12, 0.5, 0.85];
  const jumpEvery = (traceSeconds * 1000) / 2 / jumps.length;
  for (const fraction of jumps) {
    await grid.evaluate((element, f) => {
      const scroller = element as unknown as {
        scrollTop: number;
        scrollHeight: number;
        clientHeight: number;
      };
      scroller.scrollTop = f * (scroller.scrollHeight - scroller.clientHeight);
    }, fraction);
    await page.waitForTimeout(jumpEvery);
  }
  return { pixels, jumps: jumps.length, seconds: (performance.now() - started) / 1000 };
}

function taskRow(label: string, tasks: number[], seconds: number): Record<string, string> {
  const sorted = [...tasks].sort((a, b) => a - b);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    period: label,
    seconds: fmt(seconds),
    tasks: String(tasks.length),
    'busy ms': fmt(
      tasks.reduce((s, t) => s + t, 0),
      0,
    ),
    'p99 ms': fmt(p(0.99)),
    'longest ms': fmt(sorted[sorted.length - 1] ?? 0),
    '> 50 ms': String(tasks.filter((t) => t > 50).length),
  };
}

/** The floor under any unlock: Vault.unlock alone (Argon2id, opening the database), median of three. */
async function unlockFloor(vaultsRoot: string, stateDir: string): Promise<{ floor: number; vault: Vault }> {
  const times: number[] = [];
  let vault = await Vault.unlock(join(vaultsRoot, vaultName), credentials, { stateDir });
  for (let i = 0; i < 3; i++) {
    vault.lock();
    const once = await timed(() => Vault.unlock(join(vaultsRoot, vaultName), credentials, { stateDir }));
    times.push(once.seconds * 1000);
    vault = once.value;
  }
  return { floor: [...times].sort((a, b) => a - b)[1] ?? 0, vault };
}

function unlockRow(label: string, items: number, t: UnlockTiming, floor: number): Record<string, string> {
  return {
    vault: `${items.toLocaleString()} items`,
    measure: label,
    'vault.unlock answered': fmt(t.unlocked, 0),
    'first page answered': fmt(t.firstPage, 0),
    'first thumbnail ms': fmt(t.firstThumbnail, 0),
    'all in view ms': fmt(t.screenLoaded, 0),
    'vs Argon2id floor': fmt(t.firstThumbnail / floor, 2),
  };
}

/**
 * The harness in its own process (test/harness/cli.ts), as the renderer's core is in Electron: its
 * synchronous SQL must not stall this process, which drives Chromium.
 */
async function startHarnessProcess(vaultsRoot: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'harness', 'cli.ts')], {
    env: { ...process.env, CUSTODY_VAULTS_ROOT: vaultsRoot },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((found, failed) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Open: (\S+)/.exec(output);
      if (match?.[1]) found(match[1]);
    });
    child.once('exit', (code) => failed(new Error(`the harness exited (${code}) before printing its URL`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const root = await mkdtemp(join(tmpdir(), 'custody-bench-review-'));
const vaultsRoot = join(root, 'vaults');
/** Where the harness CLI keeps workstation state; Vault.unlock here must use the same. */
const stateDir = join(vaultsRoot, '.state');
const harness = await startHarnessProcess(vaultsRoot);
let browser: Browser | null = null;
try {
  const built = await timed(() => buildVault(root, vaultsRoot, stateDir));
  console.log(`Ingested ${ingested} generated images in ${fmt(built.seconds)} s.`);

  browser = await chromium.launch({ executablePath: requireTool('chromium'), args: chromiumArgs });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const requests: string[] = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await page.goto(harness.url);
  // One unmeasured unlock warms Chromium, V8 and SQLite up, so both measured unlocks start alike.
  await unlockThroughUi(page);
  await lockThroughUi(page);
  const small = await unlockThroughUi(page);
  await lockThroughUi(page);

  const { floor, vault } = await unlockFloor(vaultsRoot, stateDir);
  const cloned = await timed(() => cloneRows(vault));
  const firstPage = await timed(() => listItems(vault, 'all', 0, 120));
  const deepPage = await timed(() => listItems(vault, 'all', totalItems - 120, 120));
  const counts = await timed(() => queueCounts(vault));
  vault.lock();
  console.log(`Cloned rows up to ${totalItems.toLocaleString()} items in ${fmt(cloned.seconds)} s.`);

  await page.reload();
  const large = await unlockThroughUi(page);
  table(
    `Unlock to first thumbnails through the UI, ms after the click${quick ? ' (quick)' : ''} — target: <= 1 s with 100,000 items`,
    [
      {
        vault: '-',
        measure: 'baseline: Vault.unlock in Node (Argon2id 64 MiB, t=3)',
        'vault.unlock answered': fmt(floor, 0),
        'first page answered': '-',
        'first thumbnail ms': '-',
        'all in view ms': '-',
        'vs Argon2id floor': '1.00',
      },
      unlockRow('UI unlock', ingested, small, floor),
      unlockRow('UI unlock', totalItems, large, floor),
    ],
  );
  table(
    `The core's queries at ${totalItems.toLocaleString()} items (each review.items page also runs the four counts)`,
    [
      { query: 'listItems(all, offset 0, limit 120)', ms: fmt(firstPage.seconds * 1000, 1) },
      {
        query: `listItems(all, offset ${(totalItems - 120).toLocaleString()}, limit 120)`,
        ms: fmt(deepPage.seconds * 1000, 1),
      },
      { query: 'queueCounts (the four counts alone)', ms: fmt(counts.seconds * 1000, 1) },
    ],
  );

  const idle = await traced(browser, page, 'idle', () => page.waitForTimeout(traceSeconds * 1000));
  const before = requests.length;
  const speed = 4000;
  let scrolled = { pixels: 0, jumps: 0, seconds: 0 };
  const scrolling = await traced(browser, page, 'scrolling', async () => {
    scrolled = await scrollHard(page, speed);
  });
  const settle = await timed(() =>
    page.waitForFunction(visibleSettled, undefined, { polling: 'raf', timeout: 60_000 }),
  );
  const during = requests.slice(before);
  table(`Renderer main thread${quick ? ' (quick)' : ''} — target: no task over 50 ms while scrolling`, [
    taskRow('idle (baseline)', idle, traceSeconds),
    taskRow(
      `scrolling ${fmt(scrolled.pixels / 1000, 0)}k px at ${speed} px/s, then ${scrolled.jumps} jumps`,
      scrolling,
      scrolled.seconds,
    ),
  ]);
  table('While scrolling', [
    {
      measure: 'review.items requests',
      value: String(during.filter((p) => p === '/ipc/review.items').length),
    },
    {
      measure: 'thumbnail requests',
      value: String(during.filter((p) => p.startsWith('/media/thumbnail/')).length),
    },
    {
      measure: 'unblurred (clear) requests',
      value: String(during.filter((p) => p.startsWith('/media/clear/')).length),
    },
    {
      measure: 'ms after the last jump until every cell in view is loaded',
      value: fmt(settle.seconds * 1000, 0),
    },
    {
      measure: 'grid cells in the document at rest',
      value: String(await page.getByRole('gridcell').count()),
    },
  ]);
} finally {
  await browser?.close();
  await harness.stop();
  await rm(root, { recursive: true, force: true });
}
