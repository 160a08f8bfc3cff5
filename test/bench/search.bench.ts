// Search benchmark: the review grid's search (review.search's verb) over 100,000 items, next to today's
// queue pages (review.items's verb, the budget) measured in the same run: first and deep pages of a file
// name search, each hash, bank, match kind, category, reviewer, date range and PDQ within a distance.
//
// The vault is built by ingesting generated images for real, then cloning their rows in SQL up to the
// item count (new ids and hashes, the same derivative blobs and PDQ hashes), with one item in ten
// categorised: a bench fixture only, never a vault anyone reviews.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SearchFilter } from '../../shared/desk';
import { Vault } from '../../main/core/identity';
import type { BankEntry } from '../../main/core/matching/banks/entry';
import { importBank } from '../../main/core/matching/banks/store';
import { ingestPaths } from '../../main/core/media/ingest';
import { listItems } from '../../main/core/review/items';
import { searchItems } from '../../main/core/review/search';
import { shapesImage } from '../support/media';
import { fmt, quick, table, timed } from './support';

const ingested = quick ? 60 : 200;
const totalItems = quick ? 20_000 : 100_000;
const runs = 5;
const limit = 120;

const digest = (algorithm: string, bytes: Buffer) => createHash(algorithm).update(bytes).digest('hex');

async function* entries(rows: Array<Omit<BankEntry, 'line'>>) {
  let line = 0;
  for (const row of rows) yield { entry: { ...row, line: ++line } };
}

async function buildVault(root: string): Promise<Vault> {
  const source = join(root, 'source');
  await mkdir(source, { recursive: true });
  const images: Buffer[] = [];
  for (let i = 0; i < ingested; i++) images.push(await shapesImage(i + 1));
  await Promise.all(
    images.map((bytes, i) => writeFile(join(source, `scene-${String(i).padStart(4, '0')}.png`), bytes)),
  );
  const vault = await Vault.create(
    join(root, 'vault'),
    { user: 'bench', passphrase: 'benchmark passphrase' },
    { stateDir: join(root, 'state') },
  );
  await importBank(
    vault,
    entries(
      images.filter((_, i) => i % 20 === 0).map((b) => ({ algorithm: 'sha256', value: digest('sha256', b) })),
    ),
    { name: 'bench-known', version: '1', source: 'generated', kind: 'known', format: 'test' },
  );
  const summary = await ingestPaths(vault, [source]);
  if (summary.ingested !== ingested) throw new Error(`ingested ${summary.ingested} of ${ingested} images`);
  cloneRows(vault);
  return vault;
}

/** Clones the ingested rows up to `totalItems` in one transaction; one clone in ten is categorised. */
function cloneRows(vault: Vault): void {
  const db = vault.db;
  const templates = db.prepare('SELECT id FROM items ORDER BY ingested_at, id').pluck().all() as string[];
  const start = Date.parse('2026-01-01T00:00:00Z');
  const sql = {
    item: db.prepare(
      `INSERT INTO items (id, sha256, sha1, md5, size, mime, original_blob, metadata, ingested_at, ingested_by, display_name, review_rank)
       SELECT ?, ?, ?, ?, size, mime, original_blob, metadata, ?, ingested_by, ?, review_rank FROM items WHERE id = ?`,
    ),
    source: db.prepare(
      `INSERT INTO item_sources (id, item_id, original_path, file_name, modified_at, changed_at, created_at, ingested_at, ingested_by)
       SELECT ?, ?, original_path, ?, modified_at, changed_at, created_at, ingested_at, ingested_by
       FROM item_sources WHERE item_id = ? LIMIT 1`,
    ),
    derivatives: db.prepare(
      `INSERT INTO derivatives (item_id, variant, blob_id, width, height, mime)
       SELECT ?, variant, blob_id, width, height, mime FROM derivatives WHERE item_id = ?`,
    ),
    matches: db.prepare(
      `INSERT INTO matches (item_id, bank_id, bank_name, bank_version, bank_kind, algorithm, matched_value, distance, label, category, suppressed_by, matched_at)
       SELECT ?, bank_id, bank_name, bank_version, bank_kind, algorithm, matched_value, distance, label, category, suppressed_by, matched_at
       FROM matches WHERE item_id = ?`,
    ),
    pdq: db.prepare(
      'INSERT INTO item_pdq (item_id, hash, quality, error) SELECT ?, hash, quality, error FROM item_pdq WHERE item_id = ?',
    ),
    category: db.prepare(
      `INSERT INTO item_categories (item_id, category, annotations, categorized_by, categorized_at) VALUES (?, 'B1', '[]', ?, ?)`,
    ),
  };
  db.transaction(() => {
    for (let i = templates.length; i < totalItems; i++) {
      const template = templates[i % templates.length] as string;
      const id = randomUUID();
      const name = `clone-${String(i).padStart(6, '0')}.png`;
      const hex = (n: number) => randomBytes(n).toString('hex');
      const at = new Date(start + i * 1000).toISOString();
      sql.item.run(id, hex(32), hex(20), hex(16), at, name, template);
      sql.source.run(randomUUID(), id, name, template);
      sql.derivatives.run(id, template);
      sql.matches.run(id, template);
      sql.pdq.run(id, template);
      if (i % 10 === 0) sql.category.run(id, vault.user.id, at);
    }
  })();
}

async function median(work: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(work)).seconds * 1000);
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'custody-search-bench-'));
  try {
    const built = await timed(() => buildVault(root));
    const vault = built.value;
    console.log(`Built a vault of ${totalItems.toLocaleString()} items in ${fmt(built.seconds)} s.`);
    const deep = Math.floor(totalItems / 2);
    const probe = vault.db
      .prepare(
        'SELECT i.sha1, i.md5, p.hash FROM items i JOIN item_pdq p ON p.item_id = i.id WHERE p.hash IS NOT NULL LIMIT 1 OFFSET ?',
      )
      .get(deep) as { sha1: string; md5: string; hash: string };
    const queueFirst = await median(() => listItems(vault, 'all', 0, limit));
    const queueDeep = await median(() => listItems(vault, 'all', deep, limit));
    const budget = Math.max(queueFirst, queueDeep);
    const searches: Array<[string, SearchFilter, number]> = [
      ['file name, first page', { fileName: 'clone-0' }, 0],
      ['file name, deep page', { fileName: 'clone-' }, deep],
      ['file name, rare', { fileName: `clone-0${String(deep).slice(0, 4)}` }, 0],
      ['SHA-1', { hash: probe.sha1 }, 0],
      ['MD5', { hash: probe.md5 }, 0],
      ['bank', { bank: 'bench-known' }, 0],
      ['match kind exact, deep', { matchKind: 'exact' }, 1000],
      ['category B1', { category: 'B1' }, 0],
      ['category B1, deep', { category: 'B1' }, Math.floor(totalItems / 20)],
      ['reviewer', { reviewer: 'bench' }, 0],
      ['date range (one day)', { from: '2026-01-02', to: '2026-01-02' }, 0],
      ['PDQ within 31', { hash: probe.hash, pdqDistance: 31 }, 0],
      ['file name + category', { fileName: 'clone-', category: 'B1' }, 0],
    ];
    const rows: Array<Record<string, string>> = [
      {
        query: 'queue page 1 (budget baseline)',
        found: totalItems.toLocaleString(),
        'median ms': fmt(queueFirst),
        'x queue': '1.0',
      },
      {
        query: `queue page at ${deep.toLocaleString()}`,
        found: totalItems.toLocaleString(),
        'median ms': fmt(queueDeep),
        'x queue': fmt(queueDeep / queueFirst),
      },
    ];
    for (const [name, filter, offset] of searches) {
      const found = searchItems(vault, filter, offset, limit).total;
      const ms = await median(() => searchItems(vault, filter, offset, limit));
      rows.push({
        query: name,
        found: found.toLocaleString(),
        'median ms': fmt(ms),
        'x queue': fmt(ms / queueFirst),
      });
    }
    table(`Search over ${totalItems.toLocaleString()} items, ${limit} per page (median of ${runs})`, rows);
    const worst = Math.max(...rows.slice(2).map((r) => Number((r['median ms'] ?? '0').replace(/,/g, ''))));
    console.log(
      `\nSlowest search page ${fmt(worst)} ms against the slowest queue page ${fmt(budget)} ms (${fmt(worst / budget)}x).`,
    );
    vault.lock();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
