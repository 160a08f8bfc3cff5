// Image bytes through the whole ingest path (sniffing, hashing, encryption, sharp/libvips metadata and
// derivatives, PDQ): PNG, JPEG, GIF and WebP made by code, damaged anywhere or in their headers, and headers
// rewritten by code to declare other sizes (PNG with its CRC fixed, so the decoder believes it). Every file
// ends as an item or a recorded failure with its reason; ingest never rejects, hangs or runs away in memory.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, describe, expect } from 'vitest';
import { Vault } from '../../main/core/identity';
import { ingestPaths } from '../../main/core/media';
import { readImageMetadata } from '../../main/core/media/image-metadata';
import { sniffBytes, sniffMime } from '../../main/core/media/sniff';
import { decodeForPdq } from '../../main/core/matching/pdq/decode';
import { patternImage } from '../support/media';
import { passphrases } from '../support/temp';
import { fuzzTarget } from './harness';
import { damaged } from './mutate';

// The vault lives in memory when the machine has a tmpfs (/dev/shm): every fsync of every commit is then
// nearly free, and the inputs, not the disk, set the pace. The code path is the same; durability is the crash
// campaign's to test.
const scratch = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'custody-fuzz-'));
const vault = await Vault.create(
  join(scratch, 'vault'),
  { user: 'ana', passphrase: passphrases.ana },
  { stateDir: join(scratch, 'state') },
);
afterAll(async () => {
  vault.lock();
  await rm(scratch, { recursive: true, force: true });
});

const seeds = {
  png: await patternImage(7, 'png', { width: 48, height: 32 }),
  jpeg: await patternImage(8, 'jpeg', { width: 48, height: 32 }),
  webp: await patternImage(9, 'webp', { width: 48, height: 32 }),
  gif: await sharp(await patternImage(10, 'png', { width: 48, height: 32 }))
    .gif()
    .toBuffer(),
  /** Three frames stacked as pages: an animated GIF. */
  animated: await sharp(await patternImage(11, 'png', { width: 32, height: 96 }))
    .gif({ loop: 0 })
    .toBuffer()
    .then((strip) => sharp(strip).toFormat('gif').toBuffer())
    .then((strip) => sharp(strip, { animated: true }).gif({ loop: 0 }).toBuffer()),
};
type Kind = keyof typeof seeds;

/** The seed with its declared width and height rewritten where each format keeps them. */
function withSize(kind: Kind, width: number, height: number): Buffer {
  const out = Buffer.from(seeds[kind]);
  if (kind === 'png') {
    out.writeUInt32BE(width >>> 0, 16);
    out.writeUInt32BE(height >>> 0, 20);
    out.writeUInt32BE(crc32(out.subarray(12, 29)) >>> 0, 29);
  } else if (kind === 'jpeg') {
    for (let at = 2; at + 9 < out.length; at++) {
      if (out[at] === 0xff && (out[at + 1] === 0xc0 || out[at + 1] === 0xc2)) {
        out.writeUInt16BE(height & 0xffff, at + 5);
        out.writeUInt16BE(width & 0xffff, at + 7);
        break;
      }
    }
  } else if (kind === 'webp') {
    const start = out.indexOf(Buffer.from([0x9d, 0x01, 0x2a]));
    if (start > 0) {
      out.writeUInt16LE(width & 0x3fff, start + 3);
      out.writeUInt16LE(height & 0x3fff, start + 5);
    }
  } else {
    out.writeUInt16LE(width & 0xffff, 6);
    out.writeUInt16LE(height & 0xffff, 8);
  }
  return out;
}

const kinds = Object.keys(seeds) as Kind[];
const images = () =>
  fc.oneof(
    fc.constantFrom(...kinds).chain((kind) => damaged(seeds[kind], 8)),
    fc.constantFrom(...kinds).chain((kind) => damaged(seeds[kind], 4, { start: 0, end: 64 })),
    fc
      .record({
        kind: fc.constantFrom(...kinds),
        width: fc.oneof(
          fc.integer({ min: 0, max: 70_000 }),
          fc.constantFrom(0, 1, 0x3fff, 0xffff, 0x7fffffff, 0xffffffff),
        ),
        height: fc.oneof(
          fc.integer({ min: 0, max: 70_000 }),
          fc.constantFrom(0, 1, 0x3fff, 0xffff, 0x7fffffff, 0xffffffff),
        ),
      })
      .map(({ kind, width, height }) => withSize(kind, width, height)),
  );

/**
 * Images per ingest: one ingestPaths call over many files, as a folder is ingested, so its helpers (the side
 * hasher, the PDQ worker pool) start once per batch and every image is still one input.
 */
const INGEST_BATCH = Number(process.env.CUSTODY_FUZZ_INGEST_BATCH ?? 50);

let n = 0;
describe('image bytes through decoding and ingest', () => {
  fuzzTarget(
    'image decoding (sniff, sharp metadata, PDQ decode)',
    images,
    async (bytes) => {
      expect(typeof sniffMime(bytes.subarray(0, sniffBytes))).toBe('string');
      const metadata = await readImageMetadata(bytes);
      if (metadata.decodeError !== undefined) expect(metadata.decodeError.length).toBeGreaterThan(0);
      await decodeForPdq(bytes);
    },
    { timeoutMs: 20_000 },
  );

  fuzzTarget(
    'ingest of damaged and re-headed PNG/JPEG/GIF/WebP',
    () => fc.array(images(), { minLength: INGEST_BATCH, maxLength: INGEST_BATCH }),
    async (batch) => {
      const paths = batch.map(() => join(scratch, `image-${n++}.bin`));
      await Promise.all(batch.map((bytes, i) => writeFile(paths[i] as string, bytes)));
      const summary = await ingestPaths(vault, paths);
      await Promise.all(paths.map((path) => rm(path)));
      expect(summary.outcomes).toHaveLength(batch.length);
      for (const outcome of summary.outcomes)
        if (outcome.kind === 'failed') expect(outcome.reason.length).toBeGreaterThan(0);
    },
    { timeoutMs: 120_000, batch: INGEST_BATCH },
  );
});
