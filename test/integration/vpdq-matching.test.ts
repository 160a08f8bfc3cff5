// vPDQ in the vault: a video item's frames (one per second) are stored at ingest and matched against the
// PDQ banks in all 8 orientations, so a still from a known-image bank is found inside the video, citing
// frame, timestamp, distance, bank and version; a vPDQ bank list built from the reference hashes matches
// the grey edit to the original by both percentages and the door knob to neither, at ingest and through
// the re-match queue after an import (flagged), and removing the bank clears it. A video that cannot be
// hashed keeps the reason.
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { itemVpdq, itemVpdqFrames, readBankFile, rematchQueueLength } from '../../main/core/matching';
import { hashImage } from '../../main/core/matching/pdq';
import {
  importBankAndQueueRematch,
  ingestPaths,
  rematchQueued,
  removeBankAndQueueRematch,
} from '../../main/core/media';
import { itemDetail } from '../../main/core/review';
import { videoMatchDetails } from '../../main/core/cybertip/video-match-details';
import type { Vault } from '../../main/core/identity';
import { fixture } from '../support/fixtures';
import { createTestVault, useTempDirs } from '../support/temp';
import { requireTool } from '../support/tools';

const tempDir = useTempDirs();
const ffmpeg = requireTool('ffmpeg');
requireTool('ffprobe');
const video = (name: string) => fixture('vpdq', 'videos', `${name}.mp4`);

/** A vPDQ bank list of reference hash files, one video each, named after the sample. */
async function referenceList(dir: string, names: readonly string[]): Promise<string> {
  const parts = await Promise.all(
    names.map(
      async (name) => `video,,${name}\n${await readFile(fixture('vpdq', 'hashes', `${name}.txt`), 'utf8')}`,
    ),
  );
  const path = join(dir, 'videos.vpdq.txt');
  await writeFile(path, `# reference vPDQ hashes (facebook/ThreatExchange)\n${parts.join('\n')}`);
  return path;
}

async function ingestOne(vault: Vault, path: string): Promise<string> {
  const summary = await ingestPaths(vault, [path]);
  const outcome = summary.outcomes[0];
  if (!outcome || outcome.kind === 'failed') throw new Error(`${path} was not ingested`);
  return outcome.itemId;
}

const meta = (name: string) => ({
  name,
  version: '3',
  source: 'reference',
  kind: 'known' as const,
  format: 'vpdq',
});

describe('vPDQ of video items', () => {
  it('stores one frame per second at ingest, and a still of a known-image bank is found inside the video', async () => {
    const { root, vault } = await createTestVault(tempDir);
    // A still at 2 s of the chair video, turned a quarter: the bank holds only the turned still.
    const still = join(root, 'still.png');
    execFileSync(ffmpeg, [
      '-loglevel',
      'error',
      '-ss',
      '2',
      '-i',
      video('chair-orig-22-sd-bar'),
      '-frames:v',
      '1',
      still,
    ]);
    const turned = await sharp(await readFile(still))
      .rotate(90)
      .png()
      .toBuffer();
    const { hash } = await hashImage(turned);
    const list = join(root, 'stills.pdq.txt');
    await writeFile(list, `${hash},100,still-2s\n`);
    await importBankAndQueueRematch(vault, readBankFile(list), { ...meta('stills'), format: 'pdq' });

    const id = await ingestOne(vault, video('chair-orig-22-sd-bar'));
    const stored = itemVpdq(vault, id);
    expect(stored).toMatchObject({ everySeconds: 1, error: null });
    const frames = itemVpdqFrames(vault, id);
    expect(frames.length).toBe(stored?.frames);
    // One frame a second: consecutive timestamps a second apart, each with its 8 orientations.
    expect(frames.length).toBeGreaterThan(10);
    expect((frames[1]?.timestampSeconds ?? 0) - (frames[0]?.timestampSeconds ?? 0)).toBeCloseTo(1, 1);
    expect(frames[0]?.dihedral).toHaveLength(8);

    const matches = itemDetail(vault, id, false).matches;
    expect(matches).toHaveLength(1);
    const match = matches[0];
    expect(match).toMatchObject({ algorithm: 'pdq', bank: 'stills', bankVersion: '3', value: hash });
    expect(match?.distance).toBeLessThanOrEqual(31);
    expect(['rotate90', 'rotate270']).toContain(match?.transform);
    expect(match?.timestampSeconds).toBeGreaterThanOrEqual(1);
    expect(match?.timestampSeconds).toBeLessThanOrEqual(3);
    expect(frames.map((f) => f.frameNumber)).toContain(match?.frame);
    // The ledger's item.match entry cites the frame and its time.
    const entry = vault.ledger.entriesFor(id, 'item.match').at(-1);
    expect(JSON.stringify(entry?.details)).toContain('"timestampSeconds"');
    // The report's file details cite it in a HASH details block (the XSD's metadataTypes).
    expect(videoMatchDetails(vault, id)).toEqual([
      {
        type: 'HASH',
        nameValuePair: [
          {
            name: `PDQ match in frame ${match?.frame}`,
            value: expect.stringMatching(
              new RegExp(
                `^at \\d+\\.\\d{3} s, distance \\d+, rotate\\d+, PDQ ${hash} \\(bank stills version 3\\)$`,
              ),
            ),
          },
        ],
      },
    ]);
  }, 180_000);

  it('a vPDQ bank matches the grey edit to the original by both percentages, and the door knob to nothing', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const list = await referenceList(root, ['chair-orig-22-sd-bar', 'pattern-sd-grey-bar']);
    const imported = await importBankAndQueueRematch(vault, readBankFile(list), meta('videos'));
    expect(imported.bank.entries).toBe(2);
    expect(imported.problems).toEqual([]);

    const grey = await ingestOne(vault, video('chair-22-sd-grey-bar'));
    const knob = await ingestOne(vault, video('doorknob-hd-no-bar'));
    const found = itemDetail(vault, grey, false).matches.filter((m) => m.algorithm === 'vpdq');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ bank: 'videos', bankVersion: '3', value: 'chair-orig-22-sd-bar' });
    expect(found[0]?.queryPercent).toBeGreaterThanOrEqual(80);
    expect(found[0]?.targetPercent).toBeGreaterThanOrEqual(80);
    expect(itemDetail(vault, knob, false).matches).toEqual([]);
    expect(videoMatchDetails(vault, grey)[0]?.nameValuePair[0]?.value).toMatch(
      /^100% of this video's frames match the banked video "chair-orig-22-sd-bar" and [\d.]+% of its frames match this video \(bank videos version 3\)$/,
    );
    expect(videoMatchDetails(vault, knob)).toEqual([]);
  }, 180_000);

  it('importing a vPDQ bank re-matches the videos through the queue and flags them; removing it clears them', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const src = join(root, 'src');
    await mkdir(src);
    for (const name of ['chair-22-sd-grey-bar', 'doorknob-hd-no-bar'])
      await copyFile(video(name), join(src, `${name}.mp4`));
    const summary = await ingestPaths(vault, [src]);
    const idOf = (name: string) =>
      summary.outcomes.find((o) => o.path.endsWith(`${name}.mp4`)) as { itemId: string };
    const grey = idOf('chair-22-sd-grey-bar').itemId;
    const knob = idOf('doorknob-hd-no-bar').itemId;
    expect(itemDetail(vault, grey, false).matches).toEqual([]);

    const list = await referenceList(root, ['chair-orig-22-sd-bar']);
    await importBankAndQueueRematch(vault, readBankFile(list), meta('videos'));
    expect(rematchQueueLength(vault)).toBe(2);
    expect(itemDetail(vault, grey, false).matchPending).toBe(true);
    const progress = await rematchQueued(vault);
    expect(progress).toEqual({ done: 2, total: 2, flagged: 1 });
    const [match] = itemDetail(vault, grey, false).matches;
    expect(match).toMatchObject({
      algorithm: 'vpdq',
      value: 'chair-orig-22-sd-bar',
      flaggedAt: expect.any(String),
    });
    expect(itemDetail(vault, knob, false).matches).toEqual([]);

    removeBankAndQueueRematch(vault, 'videos', 'superseded');
    expect(itemDetail(vault, grey, false).matches).toEqual([]);
    await rematchQueued(vault);
    expect(itemDetail(vault, grey, false).matches).toEqual([]);
  }, 240_000);

  it('a video that cannot be hashed keeps the reason', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const broken = join(root, 'broken.mp4');
    // The first 4 KB of an MP4: sniffed as video, but there is nothing FFmpeg can decode.
    await writeFile(broken, (await readFile(video('doorknob-hd-no-bar'))).subarray(0, 4096));
    const id = await ingestOne(vault, broken);
    const stored = itemVpdq(vault, id);
    expect(stored?.frames).toBe(0);
    expect(stored?.error).toEqual(expect.stringMatching(/\w/));
    expect(itemVpdqFrames(vault, id)).toEqual([]);
  }, 60_000);
});
