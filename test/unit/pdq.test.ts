// PDQ against the reference C++ (vectors in test/fixtures/pdq): every vector line must match bit for bit
// (hash, quality, the 8 dihedral hashes and their quality), and so must every reference image whose
// full-resolution value is known.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  computePdq,
  decodeForPdq,
  DIHEDRAL_TRANSFORMS,
  hammingDistance,
  hashImage,
  type PdqResult,
} from '../../main/core/matching/pdq';
import { fixture } from '../support/fixtures';

interface Expected {
  hash: string;
  quality: number;
  dihedral: string[];
  dihedral_quality: number;
}

interface VectorLine extends Expected {
  file: string;
  width: number;
  height: number;
  channels?: number;
  source?: string;
}

/** Lines of a vector file; synthetic.jsonl nests the reference core's output under `core`. */
function vectors(name: string): VectorLine[] {
  return readFileSync(fixture('pdq', 'vectors', name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const parsed = JSON.parse(line) as VectorLine & { core?: Expected };
      return { ...parsed, ...(parsed.core ?? {}) };
    });
}

function expectReference(actual: PdqResult, expected: Expected): void {
  expect({
    hash: actual.hash,
    quality: actual.quality,
    dihedral: actual.dihedral?.hashes,
    dihedralQuality: actual.dihedral?.quality,
  }).toEqual({
    hash: expected.hash,
    quality: expected.quality,
    dihedral: expected.dihedral,
    dihedralQuality: expected.dihedral_quality,
  });
}

const synthetic = vectors('synthetic.jsonl');
const decoded = vectors('decoded.jsonl');
const fullResolution = vectors('fullres-sample.jsonl');

// decoded.jsonl holds the pixels of JPEGs from images/; where the pixels are the JPEG's own (same size),
// the JPEG itself must hash to the same value. Two entries are 512x512 resizes of 1600x1004 photos.
const sources = await Promise.all(
  decoded.map(async (line) => {
    const source = line.source ?? '';
    const metadata = await sharp(fixture('pdq', source)).metadata();
    return { line, source, fullSize: metadata.width === line.width && metadata.height === line.height };
  }),
);

describe('PDQ equals the reference on decoded pixels', () => {
  it('has every vector file populated', () => {
    expect(synthetic).toHaveLength(27);
    expect(decoded).toHaveLength(15);
    expect(fullResolution).toHaveLength(2);
  });

  it.each([...synthetic, ...decoded].map((line) => [line.file, line] as const))('%s', async (_, line) => {
    const pixels = await decodeForPdq(fixture('pdq', 'vectors', line.file));
    expect([pixels.width, pixels.height]).toEqual([line.width, line.height]);
    if (line.channels !== undefined) expect(pixels.channels).toBe(line.channels);
    expectReference(computePdq(pixels, { dihedral: true }), line);
  });
});

describe('PDQ equals the reference on image files at full resolution', () => {
  it.each(fullResolution.map((line) => [line.file, line] as const))('%s', async (_, line) => {
    expectReference(await hashImage(fixture('pdq', line.file), { dihedral: true }), line);
  });

  it.each(sources.filter((s) => s.fullSize).map((s) => [s.source, s.line] as const))(
    '%s',
    async (source, line) => {
      expectReference(await hashImage(fixture('pdq', source), { dihedral: true }), line);
    },
  );

  it('checks every source image except the two resized ones', () => {
    expect(sources.filter((s) => !s.fullSize).map((s) => s.source)).toEqual([
      'images/reg-test-input/dih/bridge-1-original.jpg',
      'images/reg-test-input/dih/bridge-2-rotate-90.jpg',
    ]);
  });
});

describe('PDQ matches edited and re-oriented copies of a photo', () => {
  const dih = (name: string) => fixture('pdq', 'images/reg-test-input/dih', `${name}.jpg`);
  const orientations = [
    'bridge-1-original',
    'bridge-2-rotate-90',
    'bridge-3-rotate-180',
    'bridge-4-rotate-270',
    'bridge-5-flipx',
    'bridge-6-flipy',
    'bridge-7-flip-plus-1',
    'bridge-8-flip-minus-1',
  ];

  it('finds each rotated or flipped file under its own dihedral hash of the original, and no other', async () => {
    const original = await hashImage(dih('bridge-1-original'), { dihedral: true });
    const dihedral = original.dihedral?.hashes ?? [];
    expect(dihedral).toHaveLength(DIHEDRAL_TRANSFORMS.length);
    for (const [index, name] of orientations.entries()) {
      const { hash } = await hashImage(dih(name));
      const matches = dihedral.flatMap((candidate, i) => (hammingDistance(candidate, hash) <= 31 ? [i] : []));
      expect(matches, name).toEqual([index]);
    }
  });

  it('keeps blurred, sharpened, recoloured and resized copies within the match threshold', async () => {
    const mods = (name: string) => fixture('pdq', 'images/bridge-mods', `${name}.jpg`);
    const original = await hashImage(mods('aaa-orig'));
    for (const name of ['blur-a-lot', 'high-contrast', 'high-saturation', 'sharpen-a-lot', 'shrink-a-lot']) {
      const edited = await hashImage(mods(name));
      expect(hammingDistance(original.hash, edited.hash), name).toBeLessThanOrEqual(31);
      expect(edited.quality, name).toBeGreaterThanOrEqual(50);
    }
  });
});

describe('PDQ edge cases', () => {
  it('hashes images under 5 pixels wide or high to zero with quality 0, as the reference', () => {
    const result = computePdq(
      { data: new Uint8Array(4 * 100 * 3).fill(200), width: 4, height: 100, channels: 3 },
      { dihedral: true },
    );
    expect(result).toEqual({
      hash: '0'.repeat(64),
      quality: 0,
      dihedral: { hashes: Array(8).fill('0'.repeat(64)), quality: 0 },
    });
  });

  it('ignores alpha: RGBA pixels hash like the same RGB pixels', () => {
    const width = 40;
    const height = 30;
    const rgb = new Uint8Array(width * height * 3).map((_, i) => (i * 37) % 251);
    const rgba = new Uint8Array(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      rgba.set(rgb.subarray(p * 3, p * 3 + 3), p * 4);
      rgba[p * 4 + 3] = p % 256;
    }
    expect(computePdq({ data: rgba, width, height, channels: 4 })).toEqual(
      computePdq({ data: rgb, width, height, channels: 3 }),
    );
  });

  it('refuses pixel buffers that do not match their stated size', () => {
    expect(() => computePdq({ data: new Uint8Array(10), width: 10, height: 10, channels: 3 })).toThrow(
      /needs 300/,
    );
    expect(() => computePdq({ data: new Uint8Array(300), width: 10, height: 10, channels: 5 })).toThrow(
      /1 to 4/,
    );
  });
});
