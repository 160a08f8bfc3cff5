import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hammingDistance, hashImage, ImageDecodeError } from '../../main/core/matching/pdq';
import { ingestPaths } from '../../main/core/media';
import { shapesImage } from '../support/media';
import { createTestVault, useTempDirs } from '../support/temp';
import { requireTool } from '../support/tools';
import sharp from 'sharp';

const tempDir = useTempDirs();
const heifEnc = requireTool('heif-enc');

/** A phone-like HEIC (HEVC) written by libheif's own encoder from a generated JPEG carrying EXIF. */
async function heicPhoto(dir: string, seed: number): Promise<{ heic: string; source: Buffer }> {
  const source = await sharp(await shapesImage(seed, { width: 640, height: 480 }))
    .jpeg({ quality: 95 })
    .withExif({ IFD0: { Make: 'CustodyTestCam', Model: `Heic-${seed}` } })
    .toBuffer();
  const jpeg = join(dir, `source-${seed}.jpg`);
  const heic = join(dir, `photo-${seed}.heic`);
  await writeFile(jpeg, source);
  execFileSync(heifEnc, ['-q', '90', '-o', heic, jpeg]);
  return { heic, source };
}

describe('HEIC photos', () => {
  it('get a PDQ hash close to the picture they were made from', async () => {
    const dir = await tempDir();
    const { heic, source } = await heicPhoto(dir, 3);
    expect((await readFile(heic)).subarray(4, 12).toString('latin1')).toBe('ftypheic');
    const ours = await hashImage(heic);
    const original = await hashImage(source);
    expect(ours.quality).toBeGreaterThanOrEqual(50);
    expect(hammingDistance(ours.hash, original.hash)).toBeLessThanOrEqual(16);
    expect(
      hammingDistance(ours.hash, (await hashImage(await shapesImage(4, { width: 640, height: 480 }))).hash),
    ).toBeGreaterThan(64);
  });

  it('are ingested with PDQ, three derivatives and their EXIF kept', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const { heic } = await heicPhoto(root, 5);
    const summary = await ingestPaths(vault, [heic]);
    expect(summary).toMatchObject({ ingested: 1, failed: 0 });
    const item = vault.db.prepare('SELECT id, mime, metadata FROM items').get() as Record<string, string>;
    expect(item.mime).toBe('image/heic');
    expect(Buffer.from(JSON.parse(String(item.metadata)).exif, 'base64').toString('latin1')).toContain(
      'CustodyTestCam',
    );
    const pdq = vault.db
      .prepare('SELECT hash, quality, error FROM item_pdq WHERE item_id = ?')
      .get(item.id) as Record<string, string | number | null>;
    expect(pdq).toMatchObject({ error: null });
    expect(pdq.quality).toBeGreaterThanOrEqual(50);
    const variants = vault.db.prepare('SELECT variant FROM derivatives ORDER BY variant').pluck().all();
    expect(variants).toEqual(['clear', 'preview', 'thumbnail']);
    expect(vault.db.prepare('SELECT count(*) FROM derivative_failures').pluck().get()).toBe(0);
    vault.lock();
  });

  it('a truncated HEIC is refused with a reason, never a crash', async () => {
    const dir = await tempDir();
    const { heic } = await heicPhoto(dir, 6);
    const bytes = await readFile(heic);
    for (const keep of [0.3, 0.6, 0.9]) {
      const truncated = join(dir, `truncated-${keep}.heic`);
      await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length * keep)));
      const failure = await hashImage(truncated).catch((error: unknown) => error);
      expect(failure, `kept ${keep}`).toBeInstanceOf(ImageDecodeError);
    }
  });

  it('one declaring more pixels than the budget is refused before it is decoded', async () => {
    const dir = await tempDir();
    const { heic } = await heicPhoto(dir, 7);
    await expect(hashImage(heic, { maxPixels: 100_000 })).rejects.toMatchObject({ reason: 'too-large' });
  });
});
