// The bounded decode copy of images over 256 MiB (finding 10) and the decoding budget's semaphore (finding
// 9): a padded PNG or JPEG decodes to the same pixels as the picture without its padding, whatever the
// chunking of the stream; other formats get a reason; decodes never exceed the budget's pixels or count.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { WeightedBudget } from '../../main/core/media/decode-budget';
import { DecodeCopy, decodeCopyLimitBytes } from '../../main/core/media/decode-copy';
import { shapesImage } from '../support/media';

const mib = Buffer.alloc(1024 * 1024);
/** More zero bytes than the decode copy keeps whole, as 1 MiB views of one buffer (no memory). */
const padding = Array.from({ length: decodeCopyLimitBytes / mib.length + 1 }, () => mib);

/** Feeds `parts` to a copy in pieces of `step` bytes, so every boundary falls somewhere new. */
function feed(copy: DecodeCopy, parts: Buffer[], step: number): void {
  for (const part of parts) {
    if (part.length > step * 64) copy.add(part);
    else for (let at = 0; at < part.length; at += step) copy.add(part.subarray(at, at + step));
  }
}

const pixels = async (bytes: Buffer) => sharp(bytes).raw().toBuffer();

describe('decode copy of images over the in-memory limit', () => {
  it('PNG: a huge ancillary chunk and trailing bytes are left out; the pixels are the same', async () => {
    const png = await shapesImage(5);
    const signatureAndHeader = png.subarray(0, 33);
    const rest = png.subarray(33);
    // A private ancillary chunk of 257 MiB between IHDR and the image data, and bytes after IEND.
    const big = Buffer.alloc(8);
    big.writeUInt32BE(padding.length * mib.length);
    big.write('zzPd', 4, 'latin1');
    for (const step of [1, 7, 4096]) {
      const copy = new DecodeCopy('image/png');
      feed(copy, [signatureAndHeader, big], step);
      for (const part of padding) copy.add(part);
      feed(copy, [Buffer.alloc(4), rest, Buffer.from('trailing junk')], step);
      const result = copy.finish();
      expect(result).toMatchObject({ ok: true, reduced: true });
      if (!result.ok) return;
      expect(result.bytes.length).toBeLessThan(png.length + 64);
      expect((await pixels(result.bytes)).equals(await pixels(png))).toBe(true);
    }
  });

  it('JPEG: comments, extra APP segments and trailing bytes are left out; the pixels are the same', async () => {
    const jpeg = await sharp(await shapesImage(6))
      .jpeg({ progressive: true })
      .withExif({ IFD0: { Make: 'CustodyTestCam' } })
      .toBuffer();
    const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x0a]), Buffer.from('12345678')]);
    const app9 = Buffer.concat([Buffer.from([0xff, 0xe9, 0xff, 0xff]), Buffer.alloc(0xfffd, 0x41)]);
    const padded = [jpeg.subarray(0, 2), comment, app9, app9, jpeg.subarray(2)];
    for (const step of [1, 5, 3000]) {
      const copy = new DecodeCopy('image/jpeg');
      feed(copy, padded, step);
      for (const part of padding) copy.add(part);
      const result = copy.finish();
      expect(result).toMatchObject({ ok: true, reduced: true });
      if (!result.ok) return;
      expect(result.bytes.length).toBeLessThanOrEqual(jpeg.length);
      expect((await pixels(result.bytes)).equals(await pixels(jpeg))).toBe(true);
      expect((await sharp(result.bytes).metadata()).exif?.toString('latin1')).toContain('CustodyTestCam');
    }
  });

  it('other formats over the limit get a reason, and so does a PNG whose image data alone is too large', async () => {
    const gif = new DecodeCopy('image/gif');
    gif.add(
      await sharp(await shapesImage(7))
        .gif()
        .toBuffer(),
    );
    for (const part of padding) gif.add(part);
    expect(gif.finish()).toEqual({
      ok: false,
      reason: expect.stringMatching(/^too large to decode: .*only PNG and JPEG/),
    });
    const png = await shapesImage(8);
    const copy = new DecodeCopy('image/png');
    copy.add(png.subarray(0, 33));
    const idat = Buffer.alloc(8);
    idat.writeUInt32BE(padding.length * mib.length);
    idat.write('IDAT', 4, 'latin1');
    copy.add(idat);
    for (const part of padding) copy.add(part);
    expect(copy.finish()).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^too large to decode: the PNG's image data alone is larger than 256 MiB/,
      ),
    });
  });

  it('an image within the limit is kept whole, as read', async () => {
    const png = await shapesImage(9);
    const copy = new DecodeCopy('image/png');
    expect(copy.add(png)).toBe(true);
    expect(copy.finish()).toEqual({ ok: true, bytes: png, reduced: false });
  });
});

describe('decode budget', () => {
  it('never runs more pixels or more decodes at once than its budget, and runs them all', async () => {
    const budget = new WeightedBudget(100, 2);
    let pixels = 0;
    let running = 0;
    let peakPixels = 0;
    let peakRunning = 0;
    const weights = [60, 60, 10, 10, 10, 100, 500, 30];
    const done = await Promise.all(
      weights.map((weight, i) =>
        budget.run(weight, async () => {
          const counted = Math.min(weight, 100);
          pixels += counted;
          running++;
          peakPixels = Math.max(peakPixels, pixels);
          peakRunning = Math.max(peakRunning, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          pixels -= counted;
          running--;
          return i;
        }),
      ),
    );
    expect(done).toEqual(weights.map((_, i) => i));
    expect(peakPixels).toBeLessThanOrEqual(100);
    expect(peakRunning).toBe(2);
  });
});
