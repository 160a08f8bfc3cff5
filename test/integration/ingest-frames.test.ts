// Finding 19 of the security review: every frame of an animated GIF or WebP is hashed with PDQ and matched,
// not only the first. A bank holding the PDQ hash of the third frame's picture matches the item, and the
// match says which frame matched; identical frames are stored once.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { BankEntry } from '../../main/core/matching/banks/entry';
import { importBank } from '../../main/core/matching/banks/store';
import { itemPdqFrames } from '../../main/core/matching/item-pdq';
import { hashImage } from '../../main/core/matching/pdq';
import { ingestPaths, matchStoredItems } from '../../main/core/media';
import { shapesImage } from '../support/media';
import { createTestVault, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

async function* entries(rows: Array<Omit<BankEntry, 'line'>>) {
  let line = 0;
  for (const row of rows) yield { entry: { ...row, line: ++line } };
}

const width = 256;
const height = 192;

/** An animation of the shapes pictures `seeds`, one a frame. */
async function animation(seeds: number[], format: 'gif' | 'webp'): Promise<Buffer> {
  const frames = await Promise.all(
    seeds.map(async (seed) =>
      sharp(await shapesImage(seed))
        .removeAlpha()
        .raw()
        .toBuffer(),
    ),
  );
  const image = sharp(Buffer.concat(frames), {
    raw: { width, height: height * seeds.length, channels: 3, pageHeight: height },
  });
  const delay = seeds.map(() => 100);
  return format === 'gif'
    ? image.gif({ delay, loop: 0 }).toBuffer()
    : image.webp({ delay, loop: 0 }).toBuffer();
}

describe('animated images are matched on every frame', () => {
  for (const format of ['gif', 'webp'] as const) {
    it(`${format}: a bank hash of the third frame matches the item, naming the frame`, async () => {
      const { root, vault } = await createTestVault(tempDir);
      const src = join(root, 'src');
      await mkdir(src);
      // Frames: 21, 22, 23, then 21 again (deduplicated).
      await writeFile(join(src, `moving.${format}`), await animation([21, 22, 23, 21], format));
      const third = (await hashImage(await shapesImage(23))).hash;
      await importBank(vault, entries([{ algorithm: 'pdq', value: third, category: 'frame-3' }]), {
        name: 'frames-test',
        version: '1',
        source: 'generated',
        kind: 'known',
        format: 'test',
      });

      const summary = await ingestPaths(vault, [src]);
      const itemId = (summary.outcomes[0] as { itemId: string }).itemId;
      const frames = itemPdqFrames(vault, itemId);
      expect(frames.map((f) => f.frame)).toEqual([1, 2]);
      const match = vault.ledger.entriesFor(itemId, 'item.match').at(-1)?.details.matches as Array<
        Record<string, unknown>
      >;
      expect(match).toEqual([
        expect.objectContaining({ algorithm: 'pdq', value: third, frame: 2, distance: expect.any(Number) }),
      ]);
      expect(match[0]?.distance).toBeLessThanOrEqual(8);

      // Matching again on demand (the frames stored at ingest) finds the same frame.
      const again = await matchStoredItems(vault, [itemId], 31);
      expect(again[0]?.matches).toEqual([expect.objectContaining({ algorithm: 'pdq', frame: 2 })]);
      vault.lock();
    });
  }

  it('custody match hashes the frames of an image stored without them', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const src = join(root, 'src');
    await mkdir(src);
    await writeFile(join(src, 'moving.gif'), await animation([31, 32, 33], 'gif'));
    const summary = await ingestPaths(vault, [src]);
    const itemId = (summary.outcomes[0] as { itemId: string }).itemId;
    // As an item ingested before frames were hashed.
    vault.db.prepare('DELETE FROM item_pdq_frames').run();
    vault.db.prepare('DELETE FROM item_pdq').run();
    const third = (await hashImage(await shapesImage(33))).hash;
    await importBank(vault, entries([{ algorithm: 'pdq', value: third }]), {
      name: 'frames-later',
      version: '1',
      source: 'generated',
      kind: 'known',
      format: 'test',
    });
    const [result] = await matchStoredItems(vault, [itemId], 31);
    expect(result?.matches).toEqual([expect.objectContaining({ algorithm: 'pdq', frame: 2 })]);
    expect(itemPdqFrames(vault, itemId).map((f) => f.frame)).toEqual([1, 2]);
    vault.lock();
  });
});
