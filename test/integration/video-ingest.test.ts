// Issue 16, parts 1 and 2: a video is ingested with its probed facts (duration, codecs, dimensions,
// container tags) and a keyframe strip (evenly spaced frames and scene changes) rendered blurred like an
// image's display copies; a truncated or hostile video is kept with its reason and never hangs ingest.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { reportDraftFromCase } from '../../main/core/cybertip/from-case';
import { fileDetailsToXml } from '../../main/core/cybertip/file-details-xml';
import { loadCyberTipValidator } from '../../main/core/cybertip/validate';
import { ingestPaths } from '../../main/core/media';
import { createCaseFromItems } from '../../main/core/review/case-desk';
import { itemDetail } from '../../main/core/review/items';
import { itemKeyframes, keyframeFor } from '../../main/core/review/keyframes';
import { derivativeFor } from '../../main/core/review/item-store';
import { shredItem } from '../../main/core/review/shred';
import { NOW } from '../support/cybertip';
import { createTestVault, useTempDirs } from '../support/temp';
import { patternVideo, truncatedCopy } from '../support/video';

const tempDir = useTempDirs();

/** Mean absolute difference between neighbouring pixels: low for a blurred picture, high for a sharp one. */
async function sharpness(jpeg: Buffer): Promise<number> {
  const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (let y = 0; y < info.height; y++)
    for (let x = 1; x < info.width; x++)
      sum += Math.abs((data[y * info.width + x] as number) - (data[y * info.width + x - 1] as number));
  return sum / (info.height * (info.width - 1));
}

function onlyItem(vault: Awaited<ReturnType<typeof createTestVault>>['vault']): string {
  return vault.db.prepare('SELECT id FROM items').pluck().get() as string;
}

describe('video ingest', () => {
  it('records the probed facts and a blurred keyframe strip with the scene changes', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const video = patternVideo(root, 'clip.mp4');
    const summary = await ingestPaths(vault, [video.path]);
    expect(summary).toMatchObject({ ingested: 1, failed: 0 });
    const id = onlyItem(vault);
    const detail = itemDetail(vault, id, false);
    expect(detail.mime).toBe('video/mp4');
    expect(detail.viewable).toBe(true);
    expect(detail.metadata).toMatchObject({
      videoCodec: 'h264',
      audioCodec: 'aac',
      width: 320,
      height: 240,
      frameRate: 25,
      'tag.title': 'Generated pattern video',
    });
    expect(detail.metadata.container).toContain('mp4');
    expect(Number(detail.metadata.durationSeconds)).toBeCloseTo(video.seconds, 0);
    expect(detail.metadata.videoProblem).toBeUndefined();

    const strip = itemKeyframes(vault, id);
    expect(strip.filter((k) => !k.scene)).toHaveLength(8);
    const scenes = strip.filter((k) => k.scene).map((k) => k.seconds);
    for (const start of video.sceneStarts) expect(scenes.some((s) => Math.abs(s - start) < 0.1)).toBe(true);
    expect(strip.map((k) => k.position)).toEqual(strip.map((_, i) => i));
    expect([...strip].sort((a, b) => a.seconds - b.seconds)).toEqual(strip);
    expect(detail.metadata.keyframes).toBe(strip.length);

    // Each keyframe has the three display copies; the blurred ones carry far less detail than the clear one.
    const clear = await keyframeFor(vault, id, 1, 'clear');
    const preview = await keyframeFor(vault, id, 1, 'preview');
    const thumbnail = await keyframeFor(vault, id, 1, 'thumbnail');
    expect(clear?.mime).toBe('image/jpeg');
    const clearSharpness = await sharpness(clear?.bytes as Buffer);
    expect(await sharpness(preview?.bytes as Buffer)).toBeLessThan(clearSharpness / 2);
    expect((await sharp(thumbnail?.bytes).metadata()).width).toBeLessThanOrEqual(256);
    // The item's own display copies are the first keyframe's blurred ones; a video has no clear copy of its own.
    expect(await derivativeFor(vault, id, 'thumbnail')).not.toBeNull();
    expect(await derivativeFor(vault, id, 'preview')).not.toBeNull();
    expect(await derivativeFor(vault, id, 'clear')).toBeNull();
  }, 60_000);

  it('keeps a truncated video with the reason the reviewer sees', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const whole = patternVideo(root, 'whole.mp4');
    const cut = await truncatedCopy(whole.path, 'cut.mp4', 0.4);
    const summary = await ingestPaths(vault, [cut]);
    expect(summary).toMatchObject({ ingested: 1, failed: 0 });
    const detail = itemDetail(vault, onlyItem(vault), false);
    expect(detail.mime).toBe('video/mp4');
    expect(String(detail.metadata.videoProblem)).toMatch(/keyframe\(s\) could not be taken/);
    // What could be decoded is still shown, blurred.
    expect(itemKeyframes(vault, detail.id).length).toBeGreaterThan(0);
  }, 60_000);

  it('keeps a hostile video (a container header over random bytes) with the reason, not as a failure', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const hostile = join(root, 'hostile.mp4');
    const header = Buffer.from('0000001c6674797069736f6d0000020069736f6d69736f326d703431', 'hex');
    const noise = Buffer.alloc(200_000);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    await writeFile(hostile, Buffer.concat([header, noise]));
    const summary = await ingestPaths(vault, [hostile]);
    expect(summary).toMatchObject({ ingested: 1, failed: 0 });
    const detail = itemDetail(vault, onlyItem(vault), false);
    expect(detail.viewable).toBe(false);
    expect(String(detail.metadata.displayError)).not.toBe('');
    expect(detail.metadata.videoProblem).toBe(detail.metadata.displayError);
    expect(itemKeyframes(vault, detail.id)).toEqual([]);
  }, 60_000);

  it('stops a video that takes longer than its time limit, and ingest goes on', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const video = patternVideo(root, 'slow.mp4', { width: 640, height: 480 });
    const started = Date.now();
    const summary = await ingestPaths(vault, [video.path], {
      videoLimits: { timeoutMs: 150, memoryBytes: 1024 ** 3 },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(summary).toMatchObject({ ingested: 1, failed: 0 });
    const detail = itemDetail(vault, onlyItem(vault), false);
    expect(String(detail.metadata.videoProblem)).toMatch(/longer than|out of time/);
  }, 60_000);

  it('shreds the keyframes with the item', async () => {
    const { root, vault } = await createTestVault(tempDir);
    await ingestPaths(vault, [patternVideo(root, 'clip.mp4').path]);
    const id = onlyItem(vault);
    await shredItem(vault, id, 'test of shredding');
    expect(itemKeyframes(vault, id)).toEqual([]);
    const live = vault.db
      .prepare(
        `SELECT count(*) FROM keyframes k JOIN blobs b ON b.id = k.blob_id WHERE b.shredded_at IS NULL`,
      )
      .pluck()
      .get();
    expect(live).toBe(0);
  }, 60_000);

  it("puts the probed facts in the report's file details, valid against NCMEC's XSD", async () => {
    const { root, vault } = await createTestVault(tempDir);
    await ingestPaths(vault, [patternVideo(root, 'clip.mp4').path]);
    const id = onlyItem(vault);
    const made = createCaseFromItems(vault, {
      title: 'Video case',
      itemIds: [id],
      detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    const file = reportDraftFromCase(vault, made.id).files[0];
    const details = file?.details.details ?? [];
    expect(details).toHaveLength(1);
    expect(details[0]?.type).toBeUndefined();
    expect(details[0]?.nameValuePair).toEqual(
      expect.arrayContaining([
        { name: 'Video codec', value: 'h264' },
        { name: 'Audio codec', value: 'aac' },
        { name: 'Width (pixels)', value: '320' },
        { name: 'Height (pixels)', value: '240' },
        { name: 'Frame rate (frames per second)', value: '25' },
        { name: 'Container tag title', value: 'Generated pattern video' },
      ]),
    );
    const xml = fileDetailsToXml({ ...file?.details, reportId: 1, fileId: 'f1' } as Parameters<
      typeof fileDetailsToXml
    >[0]);
    expect(xml).toContain('<name>Video codec</name>');
    const validator = await loadCyberTipValidator();
    expect(validator.validate(xml, { now: NOW })).toEqual({ kind: 'fileDetails', errors: [] });
  }, 60_000);
});
