// Cost of `verify`'s projection check (replaying the ledger and comparing users, banks, items, shreds,
// categories and case drafts with their tables) on a synthetic vault of 100,000 items, each with its own
// signed item.ingest entry and every tenth categorised. Rows are written in SQL with fake blob rows: a
// bench fixture only (the blob pass of verify is not measured here), never a vault anyone reviews.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vault } from '../../main/core/identity';
import { projectionDifferences } from '../../main/core/projections';
import { fmt, quick, table, timed } from './support';

const totalItems = quick ? 20_000 : 100_000;

const root = await mkdtemp(join(tmpdir(), 'custody-projections-bench-'));
try {
  const vault = await Vault.create(
    join(root, 'vault'),
    { user: 'bench', passphrase: 'benchmark passphrase' },
    { stateDir: join(root, 'state') },
  );
  const built = await timed(() =>
    vault.db.transaction(() => {
      const blob = vault.db.prepare(
        'INSERT INTO blobs (id, wrapped_key, size, created_at) VALUES (?, ?, 1, ?)',
      );
      const item = vault.db.prepare(
        `INSERT INTO items (id, sha256, sha1, md5, size, mime, original_blob, metadata, ingested_at, ingested_by)
         VALUES (?, ?, ?, ?, 1, 'image/png', ?, '{}', ?, ?)`,
      );
      const category = vault.db.prepare(
        `INSERT INTO item_categories (item_id, category, annotations, categorized_by, categorized_at) VALUES (?, 'B1', '[]', ?, ?)`,
      );
      const now = new Date().toISOString();
      for (let i = 0; i < totalItems; i++) {
        const id = randomUUID();
        const blobId = randomUUID();
        const seed = randomBytes(16);
        const hashes = Object.fromEntries(
          (['sha256', 'sha1', 'md5'] as const).map((a) => [a, createHash(a).update(seed).digest('hex')]),
        ) as Record<'sha256' | 'sha1' | 'md5', string>;
        blob.run(blobId, randomBytes(60), now);
        item.run(id, hashes.sha256, hashes.sha1, hashes.md5, blobId, now, vault.user.id);
        vault.record('item.ingest', [id], {
          source: randomUUID(),
          path: `/bench/${i}.png`,
          size: 1,
          mime: 'image/png',
          ...hashes,
          duplicate: false,
        });
        if (i % 10 === 0) {
          category.run(id, vault.user.id, now);
          vault.record('item.categorize', [id], { category: 'B1', annotations: [] });
        }
      }
    })(),
  );
  const checked = await timed(() => projectionDifferences(vault));
  if (checked.value.length !== 0)
    throw new Error(`unexpected differences: ${checked.value.slice(0, 3).join(' | ')}`);
  table('verify: tables against the ledger', [
    { what: 'items', value: String(totalItems) },
    { what: 'ledger entries', value: String(vault.ledger.size) },
    { what: 'fixture built (s)', value: fmt(built.seconds) },
    { what: 'projection check (s)', value: fmt(checked.seconds, 2) },
  ]);
  vault.lock();
} finally {
  await rm(root, { recursive: true, force: true });
}
