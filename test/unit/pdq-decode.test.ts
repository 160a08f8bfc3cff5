// Decoding for PDQ: malformed and hostile input (empty, truncated, random, text, decompression bombs) gives a
// typed ImageDecodeError naming the file, never a crash; well-formed input is decoded as PDQ needs it (full
// size, no EXIF rotation, grey as one channel). Test images are generated here with sharp.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeForPdq,
  hashImage,
  ImageDecodeError,
  type ImageDecodeFailure,
} from '../../main/core/matching/pdq';
import { seededRandom } from '../support/random';

let dir: string;

/** Pseudo-random bytes, the same for the same seed. */
function noise(length: number, seed: number): Buffer {
  return seededRandom(seed).bytes(length);
}

function noiseImage(width: number, height: number): Sharp {
  return sharp(noise(width * height * 3, 7), { raw: { width, height, channels: 3 } });
}

/** A small valid PNG whose IHDR now declares width x height (CRC fixed, so only the size is a lie). */
async function pngDeclaring(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
      .png()
      .toBuffer(),
  );
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** A small valid baseline JPEG whose SOF0 header now declares width x height. */
async function jpegDeclaring(width: number, height: number): Promise<Buffer> {
  const jpeg = Buffer.from(await noiseImage(16, 16).jpeg().toBuffer());
  let at = 2;
  while (at < jpeg.length && jpeg[at + 1] !== 0xc0) at += 2 + jpeg.readUInt16BE(at + 2);
  jpeg.writeUInt16BE(height, at + 5);
  jpeg.writeUInt16BE(width, at + 7);
  return jpeg;
}

async function file(name: string, content: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function expectDecodeError(
  input: string | Uint8Array,
  reason: ImageDecodeFailure,
  options: { maxPixels?: number; name?: string } = {},
): Promise<ImageDecodeError> {
  const error: unknown = await decodeForPdq(input, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImageDecodeError);
  const decodeError = error as ImageDecodeError;
  expect(decodeError.reason).toBe(reason);
  expect(decodeError.code).toBe('INVALID_INPUT');
  const name = options.name ?? (typeof input === 'string' ? input : 'image buffer');
  expect(decodeError.file).toBe(name);
  expect(decodeError.message).toContain(`"${name}"`);
  return decodeError;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custody-pdq-decode-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('decodeForPdq refuses malformed input with a typed error', () => {
  it('an empty file or buffer', async () => {
    await expectDecodeError(await file('empty.jpg', ''), 'empty');
    await expectDecodeError(new Uint8Array(0), 'empty', { name: 'upload #3' });
  });

  it('a truncated JPEG', async () => {
    const jpeg = await noiseImage(300, 200).jpeg().toBuffer();
    await expectDecodeError(await file('truncated.jpg', jpeg.subarray(0, jpeg.length >> 1)), 'corrupt');
    await expectDecodeError(jpeg.subarray(0, 200), 'corrupt');
  });

  it('a truncated PNG', async () => {
    const png = await noiseImage(300, 200).png().toBuffer();
    await expectDecodeError(await file('truncated.png', png.subarray(0, png.length >> 1)), 'corrupt');
  });

  it('random bytes', async () => {
    await expectDecodeError(await file('random.bin', noise(4096, 99)), 'unsupported');
    await expectDecodeError(noise(100, 3), 'unsupported');
  });

  it('a text file named like an image', async () => {
    await expectDecodeError(await file('notes.png', 'Case notes, not an image.\n'), 'unsupported');
  });

  it('a vector image (SVG is rendered, not decoded)', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50"><rect width="50" height="50"/></svg>';
    const error = await expectDecodeError(await file('drawing.svg', svg), 'unsupported');
    expect(error.message).toContain('SVG');
  });

  it('a PNG or JPEG header declaring enormous dimensions (decompression bomb)', async () => {
    const png = await pngDeclaring(100_000, 100_000);
    expect(png.length).toBeLessThan(1000);
    const error = await expectDecodeError(await file('bomb.png', png), 'too-large');
    expect(error.message).toMatch(/decompression bomb/);
    await expectDecodeError(await file('bomb.jpg', await jpegDeclaring(60_000, 60_000)), 'too-large');
  });

  it('a real highly compressible image above the pixel limit', async () => {
    const flat = await sharp({ create: { width: 5000, height: 4000, channels: 3, background: '#202020' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(flat.length).toBeLessThan(200_000);
    await expectDecodeError(await file('flat.png', flat), 'too-large', { maxPixels: 10_000_000 });
    await expect(decodeForPdq(flat, { maxPixels: 20_000_000 })).resolves.toMatchObject({
      width: 5000,
      height: 4000,
    });
  });

  it('a missing file and a directory', async () => {
    await expectDecodeError(join(dir, 'no-such-file.jpg'), 'unreadable');
    const folder = join(dir, 'folder.jpg');
    await mkdir(folder);
    await expectDecodeError(folder, 'unreadable');
  });
});

describe('decodeForPdq decodes as PDQ needs', () => {
  it('keeps the stored size and pixels: no EXIF rotation', async () => {
    const rotated = await noiseImage(60, 40).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(rotated).metadata()).orientation).toBe(6);
    const pixels = await decodeForPdq(rotated);
    expect([pixels.width, pixels.height, pixels.channels]).toEqual([60, 40, 3]);
  });

  it('gives grey images one channel and keeps alpha apart', async () => {
    const grey = await sharp(noise(30 * 20, 5), { raw: { width: 30, height: 20, channels: 1 } })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);
    const greyPixels = await decodeForPdq(grey);
    expect(greyPixels.channels).toBe(1);
    expect(Buffer.from(greyPixels.data)).toEqual(noise(30 * 20, 5));

    const rgba = await sharp(noise(30 * 20 * 4, 6), { raw: { width: 30, height: 20, channels: 4 } })
      .png()
      .toBuffer();
    expect((await decodeForPdq(rgba)).channels).toBe(4);
  });

  it('hashes a file and the same bytes in memory alike', async () => {
    const png = await noiseImage(120, 90).png().toBuffer();
    const fromFile = await hashImage(await file('same.png', png), { dihedral: true });
    expect(await hashImage(png, { dihedral: true })).toEqual(fromFile);
    expect(fromFile.quality).toBe(100);
  });
});
