import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseEntry } from '../../main/core/ledger/entry';
import type { BankEntry } from '../../main/core/matching/banks/entry';
import { importBank, listBanks, removeBank } from '../../main/core/matching/banks/store';
import { DEFAULT_PDQ_THRESHOLD } from '../../main/core/matching';
import { listItems } from '../../main/core/review/items';
import { hashImage } from '../../main/core/matching/pdq';
import { ingestPaths, matchStoredItems } from '../../main/core/media';
import type { Vault } from '../../main/core/identity';
import { shapesImage } from '../support/media';
import { createTestVault, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

async function* entries(rows: Array<Omit<BankEntry, 'line'>>) {
  let line = 0;
  for (const row of rows) yield { entry: { ...row, line: ++line } };
}

const digest = (algorithm: string, bytes: Buffer) => createHash(algorithm).update(bytes).digest('hex');

async function setup() {
  const { root, vault } = await createTestVault(tempDir);
  const src = join(root, 'src');
  await mkdir(src);
  const a = await shapesImage(11);
  const b = await shapesImage(12);
  const c = await shapesImage(13);
  // A near-duplicate of b as a platform would re-encode it: resized and JPEG-compressed.
  const bVariant = await sharp(b).resize(200, 150).jpeg({ quality: 70 }).toBuffer();
  const flat = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  const note = Buffer.from('a benign text file\n');
  await Promise.all([
    writeFile(join(src, 'a.png'), a),
    writeFile(join(src, 'b.png'), b),
    writeFile(join(src, 'c.png'), c),
    writeFile(join(src, 'flat.png'), flat),
    writeFile(join(src, 'note.txt'), note),
  ]);
  const pdq = async (bytes: Buffer) => (await hashImage(bytes)).hash;
  return { root, vault, src, a, b, c, bVariant, flat, note, pdq };
}

function matchesOf(vault: Vault, sha256: string) {
  return vault.db
    .prepare(
      `SELECT m.bank_name, m.bank_version, m.algorithm, m.matched_value, m.distance, m.suppressed_by FROM matches m
       JOIN items i ON i.id = m.item_id WHERE i.sha256 = ? ORDER BY m.algorithm`,
    )
    .all(sha256) as Array<Record<string, string | number | null>>;
}

describe('matching', () => {
  it('matches at ingest: exact hashes, PDQ within the threshold, allow banks suppress, low quality never matches', async () => {
    const s = await setup();
    const bVariantPdq = await s.pdq(s.bVariant);
    const known = await importBank(
      s.vault,
      entries([
        { algorithm: 'md5', value: digest('md5', s.note), label: 'note' },
        { algorithm: 'pdq', value: await s.pdq(s.a), category: 'test-a' },
        { algorithm: 'pdq', value: bVariantPdq, category: 'test-b' },
        { algorithm: 'sha1', value: digest('sha1', s.c) },
        { algorithm: 'pdq', value: await s.pdq(s.flat) },
        { algorithm: 'sha256', value: 'f'.repeat(64) },
      ]),
      { name: 'known-test', version: '2026-11', source: 'generated', kind: 'known', format: 'test' },
    );
    expect(known.bank).toMatchObject({ entries: 6, problems: 0 });
    await importBank(s.vault, entries([{ algorithm: 'sha256', value: digest('sha256', s.c) }]), {
      name: 'allow-test',
      version: '1',
      source: 'generated',
      kind: 'allow',
      format: 'test',
    });

    await ingestPaths(s.vault, [s.src]);

    expect(matchesOf(s.vault, digest('sha256', s.note))).toEqual([
      {
        bank_name: 'known-test',
        bank_version: '2026-11',
        algorithm: 'md5',
        matched_value: digest('md5', s.note),
        distance: 0,
        suppressed_by: null,
      },
    ]);
    expect(matchesOf(s.vault, digest('sha256', s.a))).toMatchObject([
      { algorithm: 'pdq', distance: 0, suppressed_by: null },
    ]);
    const bMatch = matchesOf(s.vault, digest('sha256', s.b));
    expect(bMatch).toHaveLength(1);
    expect(bMatch[0]).toMatchObject({ algorithm: 'pdq', matched_value: bVariantPdq, suppressed_by: null });
    expect(Number(bMatch[0]?.distance)).toBeGreaterThan(0);
    expect(Number(bMatch[0]?.distance)).toBeLessThanOrEqual(31);
    const cMatches = matchesOf(s.vault, digest('sha256', s.c));
    expect(cMatches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          bank_name: 'known-test',
          algorithm: 'sha1',
          suppressed_by: 'allow-test 1',
        }),
        expect.objectContaining({ bank_name: 'allow-test', algorithm: 'sha256', suppressed_by: null }),
      ]),
    );
    const flat = s.vault.db
      .prepare('SELECT p.quality FROM item_pdq p JOIN items i ON i.id = p.item_id WHERE i.sha256 = ?')
      .get(digest('sha256', s.flat)) as { quality: number };
    expect(flat.quality).toBeLessThan(50);
    expect(matchesOf(s.vault, digest('sha256', s.flat))).toEqual([]);

    // The review queue shows the items with an unsuppressed known match first.
    const queue = listItems(s.vault, 'all', 0, 50).items.map((i) => i.fileName);
    expect(queue.slice(0, 3).sort()).toEqual(['a.png', 'b.png', 'note.txt']);
    expect(listItems(s.vault, 'matched', 0, 50)).toMatchObject({ total: 3 });
    const recorded = s.vault.ledger
      .leaves(0, s.vault.ledger.size)
      .map((l) => parseEntry(l))
      .filter((e) => e.action === 'item.match' || e.action === 'bank.import');
    expect(recorded.filter((e) => e.action === 'bank.import')).toHaveLength(2);
    expect(recorded.filter((e) => e.action === 'item.match')).toHaveLength(5);
    s.vault.lock();
  });

  it('matches on demand against a bank imported later, and forgets a removed bank', async () => {
    const s = await setup();
    const summary = await ingestPaths(s.vault, [s.src]);
    const itemA = summary.outcomes.find((o) => o.path.endsWith('a.png')) as { itemId: string };
    expect(s.vault.db.prepare('SELECT count(*) FROM matches').pluck().get()).toBe(0);
    await importBank(s.vault, entries([{ algorithm: 'pdq', value: await s.pdq(s.a) }]), {
      name: 'later',
      version: '1',
      source: 'generated',
      kind: 'known',
      format: 'test',
    });
    const matchA = async () =>
      (await matchStoredItems(s.vault, [itemA.itemId], DEFAULT_PDQ_THRESHOLD))[0]?.matches;
    expect(await matchA()).toMatchObject([{ bankName: 'later', distance: 0 }]);
    expect(listItems(s.vault, 'matched', 0, 10).items.map((i) => i.id)).toEqual([itemA.itemId]);
    removeBank(s.vault, 'later', 'superseded');
    expect(listBanks(s.vault)).toEqual([]);
    expect(await matchA()).toEqual([]);
    expect(listItems(s.vault, 'matched', 0, 10).total).toBe(0);
    s.vault.lock();
  });

  it('refuses to import a version twice, or a list without one usable hash', async () => {
    const s = await setup();
    const meta = { name: 'twice', version: '1', source: 'generated', kind: 'known' as const, format: 'test' };
    await importBank(s.vault, entries([{ algorithm: 'md5', value: 'a'.repeat(32) }]), meta);
    await expect(
      importBank(s.vault, entries([{ algorithm: 'md5', value: 'b'.repeat(32) }]), meta),
    ).rejects.toThrow(/already imported/);
    async function* onlyProblems() {
      yield { problem: { line: 3, message: 'not a hash' } };
    }
    await expect(importBank(s.vault, onlyProblems(), { ...meta, version: '2' })).rejects.toThrow(
      /no usable hashes.*line 3/,
    );
    s.vault.lock();
  });
});
