// The blurred display copies are never weaker than the blur they had before it moved out of sharp: measured
// on what is stored (the encoded thumbnail and preview), against the previous rendering (sharp's Gaussian of
// sigma 7 at thumbnail size; sharp's sigma 3 at 1/8 of the preview, scaled back up with lanczos3), by the
// width of a sharp edge and by the energy left in pixel-scale noise, over sizes below, at and above both.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderDerivatives, type RenderedDerivative } from '../../main/core/media/derivatives';

const sizes = [
  { width: 100, height: 80 },
  { width: 320, height: 240 },
  { width: 900, height: 700 },
  { width: 1280, height: 960 },
  { width: 2400, height: 600 },
];

/** Grey pixels of an encoded image. */
async function grey(image: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Black on the left half, white on the right; as a JPEG, sharp shrinks it while decoding. */
function edge(width: number, height: number, format: 'png' | 'jpeg'): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    pixels.fill(255, (y * width + Math.floor(width / 2)) * 3, (y + 1) * width * 3);
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  return (format === 'png' ? image.png() : image.jpeg({ quality: 95 })).toBuffer();
}

/** Independent (seeded) random grey levels in every pixel: all of its energy is detail. */
function noise(width: number, height: number): Promise<Buffer> {
  let state = width * 7919 + height;
  const levels = Buffer.alloc(width * height);
  for (let i = 0; i < levels.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    levels[i] = state >> 23;
  }
  return sharp(levels, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

/** Pixels over which the middle row climbs from 10% to 90% of its range, averaged over the middle rows. */
function edgeWidth(image: { data: Buffer; width: number; height: number }): number {
  const widths: number[] = [];
  for (let y = Math.floor(image.height / 4); y < Math.ceil((3 * image.height) / 4); y++) {
    const row = Array.from(image.data.subarray(y * image.width, (y + 1) * image.width));
    const low = Math.min(...row);
    const high = Math.max(...row);
    const crossing = (level: number) => {
      const target = low + level * (high - low);
      const i = row.findIndex((v) => v >= target);
      if (i <= 0) return i;
      const before = row[i - 1] as number;
      return i - 1 + (target - before) / ((row[i] as number) - before);
    };
    widths.push(crossing(0.9) - crossing(0.1));
  }
  return widths.reduce((a, b) => a + b, 0) / widths.length;
}

/**
 * Neighbouring pixels differing by half a grey level on average (squared): the rounding of 8-bit pixels and
 * JPEG, no detail. Below it, the comparison with the previous rendering measures rounding, not blur.
 */
const roundingFloor = 0.25;

/** Mean squared difference between neighbouring pixels: what is left of pixel-scale detail. */
function detailEnergy(image: { data: Buffer; width: number; height: number }): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < image.height - 1; y++)
    for (let x = 0; x < image.width - 1; x++) {
      const v = image.data[y * image.width + x] as number;
      sum += (v - (image.data[y * image.width + x + 1] as number)) ** 2;
      sum += (v - (image.data[(y + 1) * image.width + x] as number)) ** 2;
      count += 2;
    }
  return sum / count;
}

/** The previous rendering of the two blurred variants, from the same upright, flattened pixels. */
async function previousRendering(image: Buffer): Promise<Record<'thumbnail' | 'preview', Buffer>> {
  const base = await sharp(image)
    .rotate()
    .resize({ width: 1280, height: 1280, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#14171c' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = base.info;
  const pixels = () => sharp(base.data, { raw: { width, height, channels } });
  const small = await pixels()
    .resize({ width: Math.max(1, Math.round(width / 8)), height: Math.max(1, Math.round(height / 8)) })
    .blur(3)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    thumbnail: await pixels()
      .resize({ width: 256, height: 256, fit: 'inside', withoutEnlargement: true })
      .blur(7)
      .jpeg({ quality: 80 })
      .toBuffer(),
    preview: await sharp(small.data, {
      raw: { width: small.info.width, height: small.info.height, channels: small.info.channels },
    })
      .resize({ width, height, fit: 'fill' })
      .jpeg({ quality: 80 })
      .toBuffer(),
  };
}

async function rendered(image: Buffer): Promise<RenderedDerivative[]> {
  const result = await renderDerivatives(image);
  if (!result.ok) throw new Error(result.reason);
  return result.rendered;
}

function variant(all: RenderedDerivative[], name: 'thumbnail' | 'preview' | 'clear'): RenderedDerivative {
  const found = all.find((d) => d.variant === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe('blurred display copies', () => {
  for (const size of sizes) {
    it.each(['png', 'jpeg'] as const)(
      `spread a sharp edge at least as wide as before (${size.width} x ${size.height}, %s)`,
      async (format) => {
        const image = await edge(size.width, size.height, format);
        const now = await rendered(image);
        const before = await previousRendering(image);
        for (const name of ['thumbnail', 'preview'] as const) {
          const current = await grey(variant(now, name).data);
          const previous = await grey(before[name]);
          expect([current.width, current.height]).toEqual([previous.width, previous.height]);
          expect(edgeWidth(current), name).toBeGreaterThanOrEqual(edgeWidth(previous));
        }
        // The clear copy keeps the edge: the measure can tell blurred from sharp.
        expect(edgeWidth(await grey(variant(now, 'clear').data))).toBeLessThan(3);
      },
    );

    it(`leave no more pixel-scale detail than before (${size.width} x ${size.height})`, async () => {
      const image = await noise(size.width, size.height);
      const now = await rendered(image);
      const before = await previousRendering(image);
      for (const name of ['thumbnail', 'preview'] as const) {
        const current = detailEnergy(await grey(variant(now, name).data));
        const previous = detailEnergy(await grey(before[name]));
        expect(current, name).toBeLessThanOrEqual(Math.max(previous, roundingFloor));
        expect(current, name).toBeLessThan(detailEnergy(await grey(variant(now, 'clear').data)) / 100);
      }
    });
  }
});
