// Findings 9 and 10 of the security review. A decompression bomb (a 100 KB PNG declaring 10240 x 10240
// pixels) is kept, hashed and encrypted but never decoded, marked "too large to decode" with its reason for
// the reviewer. Images over 256 MiB get PDQ and previews from their image data (a JPEG with trailing bytes;
// the PNG and JPEG reductions are tested on their own in test/unit/decode-copy.test.ts), or a reason (a
// GIF); `custody match` hashes them again from the encrypted blob read chunk by chunk.
import { createHash } from 'node:crypto';
import { open, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { itemPdq } from '../../main/core/matching/item-pdq';
import { hashImage } from '../../main/core/matching/pdq';
import { ingestPaths, matchStoredItems } from '../../main/core/media';
import { decodeCopyLimitBytes } from '../../main/core/media/decode-copy';
import type { IngestOutcome } from '../../main/core/media/ingest';
import { itemDetail } from '../../main/core/review/items';
import { readBlobFully } from '../../main/core/vault/blobs';
import type { Vault } from '../../main/core/identity';
import { shapesImage } from '../support/media';
import { createTestVault, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid grey PNG of `side` x `side` black pixels: tiny on disk, `side`² bytes and more once decoded. */
function pngBomb(side: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth; colour type 0 (grey)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc((side + 1) * side), { level: 1 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Writes `head`, then `gap` zero bytes (a sparse hole, nothing allocated), then `tail`. */
async function writeSparse(path: string, head: Buffer, gap: number, tail: Buffer): Promise<void> {
  const file = await open(path, 'w');
  await file.write(head, 0, head.length, 0);
  await file.write(tail, 0, tail.length, head.length + gap);
  await file.close();
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const itemOf = (path: string, outcomes: IngestOutcome[]) =>
  (outcomes.find((o) => o.path === path) as { itemId: string }).itemId;
const failureOf = (vault: Vault, itemId: string) =>
  vault.db.prepare('SELECT reason FROM derivative_failures WHERE item_id = ?').pluck().get(itemId);
const derivativesOf = (vault: Vault, itemId: string) =>
  vault.db.prepare('SELECT count(*) FROM derivatives WHERE item_id = ?').pluck().get(itemId);

describe('decoding budget', () => {
  it('keeps a decompression bomb, marked too large to decode, and shows why', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const src = join(root, 'src');
    await mkdir(src);
    const bomb = pngBomb(10240);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await writeFile(join(src, 'bomb.png'), bomb);
    await writeFile(join(src, 'fine.png'), await shapesImage(3));

    const summary = await ingestPaths(vault, [src]);
    expect(summary).toMatchObject({ ingested: 2, failed: 0 });
    const id = itemOf(join(src, 'bomb.png'), summary.outcomes);
    // Kept: hashed, encrypted, recorded.
    const row = vault.db.prepare('SELECT sha256, original_blob FROM items WHERE id = ?').get(id) as {
      sha256: string;
      original_blob: string;
    };
    expect(row.sha256).toBe(sha256(bomb));
    expect((await readBlobFully(vault, row.original_blob)).equals(bomb)).toBe(true);
    expect(vault.ledger.entriesFor(id, 'item.ingest')).toHaveLength(1);
    // Not decoded, and the reason is recorded where the reviewer sees it.
    const reason =
      /^too large to decode: it declares 10240 x 10240 pixels \(104\.9 megapixels\), over the 100 megapixels decoding budget/;
    expect(failureOf(vault, id)).toMatch(reason);
    expect(derivativesOf(vault, id)).toBe(0);
    expect(itemPdq(vault, id)).toMatchObject({
      hash: null,
      error: expect.stringMatching(/too large to decode/),
    });
    const detail = itemDetail(vault, id, false);
    expect(String(detail.metadata.displayError)).toMatch(reason);
    expect(detail.metadata).toMatchObject({ width: 10240, height: 10240 });
    expect(detail.pdq?.error).toMatch(/too large to decode/);
    // The other image is decoded as usual.
    expect(derivativesOf(vault, itemOf(join(src, 'fine.png'), summary.outcomes))).toBe(3);
    vault.lock();
  });
});

describe('images over 256 MiB', () => {
  it('get PDQ and previews from their image data, or a reason; custody match streams the blob', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const src = join(root, 'src');
    await mkdir(src);
    const over = decodeCopyLimitBytes + 1024 * 1024;

    // A JPEG followed by 257 MiB of other bytes: any viewer shows it.
    const jpeg = await sharp(await shapesImage(42))
      .jpeg()
      .toBuffer();
    await writeSparse(join(src, 'trailing.jpg'), jpeg, over, Buffer.from('end'));
    // A GIF that large is not decoded: it gets the reason.
    const gif = await sharp(await shapesImage(43))
      .gif()
      .toBuffer();
    await writeSparse(join(src, 'padded.gif'), gif, over, Buffer.from('end'));

    const summary = await ingestPaths(vault, [src]);
    expect(summary).toMatchObject({ ingested: 2, failed: 0 });
    expect(summary.bytes).toBe(jpeg.length + over + 3 + gif.length + over + 3);
    expect(summary.bytes).toBe(jpeg.length + over + 3 + gif.length + over + 3);
    const jpegId = itemOf(join(src, 'trailing.jpg'), summary.outcomes);
    const gifId = itemOf(join(src, 'padded.gif'), summary.outcomes);

    expect(itemPdq(vault, jpegId)?.hash).toBe((await hashImage(jpeg)).hash);
    expect(derivativesOf(vault, jpegId)).toBe(3);
    expect(failureOf(vault, gifId)).toMatch(
      /^too large to decode: the file is over 256 MiB.*this one is image\/gif/,
    );
    expect(itemPdq(vault, gifId)?.error).toMatch(/too large to decode/);
    expect(itemDetail(vault, gifId, false).metadata.displayError).toMatch(/too large to decode/);

    // custody match computes a missing hash again from the blob, chunk by chunk.
    vault.db.prepare('DELETE FROM item_pdq WHERE item_id = ?').run(jpegId);
    await matchStoredItems(vault, [jpegId], 31);
    expect(itemPdq(vault, jpegId)?.hash).toBe((await hashImage(jpeg)).hash);
    vault.lock();
  });
});
