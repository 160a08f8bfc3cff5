import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hammingDistance } from '../../main/core/matching/pdq';
import {
  compareVpdq,
  findVideoTools,
  hashVideo,
  isVpdqMatch,
  parseVpdqLines,
  VideoDecodeError,
  VPDQ_QUALITY_THRESHOLD,
  type VpdqFrame,
} from '../../main/core/video';
import { runCli } from '../support/cli';
import { fixture } from '../support/fixtures';
import { seededRandom } from '../support/random';
import { useTempDirs } from '../support/temp';
import { requireTool } from '../support/tools';

const tempDir = useTempDirs();
requireTool('ffmpeg');
requireTool('ffprobe');
const tools = findVideoTools();
const video = (name: string) => fixture('vpdq', 'videos', `${name}.mp4`);
const reference = async (name: string) =>
  parseVpdqLines(await readFile(fixture('vpdq', 'hashes', `${name}.txt`), 'utf8'));

const samples = [
  'chair-orig-22-sd-bar',
  'chair-22-sd-grey-bar',
  'pattern-sd-grey-bar',
  'doorknob-hd-no-bar',
  'test-padded-dimensions',
];

describe('vPDQ against the reference hashes', () => {
  it.each(samples)(
    '%s: every frame, line by line, within distance 31 of the reference wherever the frame has quality',
    async (name) => {
      const { frames, problem } = await hashVideo(tools, video(name), { everySeconds: 0 });
      expect(problem).toBeNull();
      const expected = await reference(name);
      expect(frames.map((f) => f.frameNumber)).toEqual(expected.map((f) => f.frameNumber));
      const hashable = expected.filter((f) => f.quality >= VPDQ_QUALITY_THRESHOLD);
      expect(hashable.length).toBeGreaterThanOrEqual(expected.length * 0.4);
      for (const [i, ours] of frames.entries()) {
        const theirs = expected[i] as VpdqFrame;
        expect(Math.abs(ours.timestampSeconds - theirs.timestampSeconds)).toBeLessThan(0.0015);
        expect(Math.abs(ours.quality - theirs.quality)).toBeLessThanOrEqual(2);
        if (theirs.quality >= VPDQ_QUALITY_THRESHOLD) {
          expect(hammingDistance(ours.hash, theirs.hash), `frame ${i}`).toBeLessThan(31);
        }
      }
    },
    120_000,
  );

  it('the grey edit matches the original, and the door knob matches neither', async () => {
    const original = (await hashVideo(tools, video('chair-orig-22-sd-bar'))).frames;
    const grey = (await hashVideo(tools, video('chair-22-sd-grey-bar'))).frames;
    const doorknob = (await hashVideo(tools, video('doorknob-hd-no-bar'))).frames;
    expect(isVpdqMatch(compareVpdq(grey, original))).toBe(true);
    expect(isVpdqMatch(compareVpdq(doorknob, original))).toBe(false);
    expect(isVpdqMatch(compareVpdq(doorknob, grey))).toBe(false);
    expect(compareVpdq(doorknob, original)).toEqual({ queryMatchPercent: 0, targetMatchPercent: 0 });
  }, 120_000);

  it('one frame per second hashes frames 0, 30, 60… at a 30 fps video, equal to the reference frames', async () => {
    const { facts, frames } = await hashVideo(tools, video('chair-orig-22-sd-bar'), { everySeconds: 1 });
    expect(facts.frameRate).toBe(30);
    expect(frames.map((f) => f.frameNumber)).toEqual(Array.from({ length: 23 }, (_, i) => i * 30));
    const expected = await reference('chair-orig-22-sd-bar');
    for (const frame of frames) {
      expect(hammingDistance(frame.hash, (expected[frame.frameNumber] as VpdqFrame).hash)).toBeLessThan(31);
    }
  }, 60_000);

  it('probes duration, codecs, dimensions and the container tags', async () => {
    const { facts } = await hashVideo(tools, video('doorknob-hd-no-bar'), { everySeconds: 2 });
    expect(facts).toMatchObject({
      videoCodec: 'h264',
      audioCodec: 'aac',
      width: 1280,
      height: 720,
      frameCount: 120,
    });
    expect(facts.durationSeconds).toBeCloseTo(4.33, 1);
    expect(facts.tags.encoder).toMatch(/^Lavf/);
  }, 60_000);
});

describe('hostile video', () => {
  it('a truncated video keeps the frames that decode and says why the rest are missing', async () => {
    const dir = await tempDir();
    const truncated = join(dir, 'truncated.mp4');
    await writeFile(truncated, (await readFile(video('chair-orig-22-sd-bar'))).subarray(0, 300_000));
    const { frames, problem } = await hashVideo(tools, truncated);
    expect(frames.length).toBeLessThan(23);
    expect(problem).toMatch(/truncated or damaged|No frame could be decoded/);
  }, 60_000);

  it('a video cut before its index is refused as unreadable', async () => {
    const dir = await tempDir();
    const cut = join(dir, 'cut.mp4');
    await writeFile(cut, (await readFile(video('doorknob-hd-no-bar'))).subarray(-200_000));
    await expect(hashVideo(tools, cut)).rejects.toMatchObject({ reason: 'unreadable' });
  }, 60_000);

  it('random bytes are refused as unreadable', async () => {
    const dir = await tempDir();
    const noise = join(dir, 'noise.mp4');
    const random = seededRandom(7).uint32;
    await writeFile(noise, Buffer.from(Array.from({ length: 50_000 }, () => random() & 255)));
    await expect(hashVideo(tools, noise)).rejects.toMatchObject({ reason: 'unreadable' });
  }, 60_000);

  it('a decode over its time limit is killed and says so', async () => {
    const started = Date.now();
    await expect(
      hashVideo(tools, video('chair-orig-22-sd-bar'), {
        everySeconds: 0,
        limits: { timeoutMs: 300, memoryBytes: 2 * 1024 ** 3 },
      }),
    ).rejects.toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 60_000);

  it('a decoder that needs more memory than its limit fails instead of growing', async () => {
    await expect(
      hashVideo(tools, video('doorknob-hd-no-bar'), {
        limits: { timeoutMs: 60_000, memoryBytes: 16 * 1024 ** 2 },
      }),
    ).rejects.toBeInstanceOf(VideoDecodeError);
  }, 60_000);

  it('CUSTODY_FFMPEG naming something that is not FFmpeg is refused with the fix', () => {
    expect(() => findVideoTools({ CUSTODY_FFMPEG: '/nonexistent/ffmpeg', PATH: '' })).toThrow(
      /CUSTODY_FFMPEG/,
    );
    expect(() => findVideoTools({ PATH: '' })).toThrow(/apt-get install ffmpeg/);
  });

  it('a hash list with a malformed line is refused naming the line', () => {
    expect(() => parseVpdqLines(`0,100,${'a'.repeat(64)},0.000\n1,100,xyz,0.033\n`)).toThrow(/Line 2/);
    expect(() => parseVpdqLines(`0,101,${'a'.repeat(64)}\n`)).toThrow(/Line 1/);
    expect(parseVpdqLines(`# comment\n\n3,80,${'B'.repeat(64)}\n`)).toEqual([
      { frameNumber: 3, quality: 80, hash: 'b'.repeat(64), timestampSeconds: NaN },
    ]);
  });
});

describe('custody vpdq', () => {
  it('prints the reference line format, one frame per second by default', async () => {
    const result = await runCli(['vpdq', video('test-padded-dimensions')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const ours = parseVpdqLines(result.stdout);
    const expected = await reference('test-padded-dimensions');
    expect(ours.map((f) => f.frameNumber)).toEqual([0, 30, 60, 90, 120]);
    for (const frame of ours) {
      expect(hammingDistance(frame.hash, (expected[frame.frameNumber] as VpdqFrame).hash)).toBeLessThan(31);
    }
    expect(result.stdout.split('\n')[1]).toMatch(/^30,\d{1,3},[0-9a-f]{64},1\.000$/);
  }, 60_000);

  it('compare exits 0 for the grey edit against the original (hash lists) and 1 for the door knob', async () => {
    const hashes = (name: string) => fixture('vpdq', 'hashes', `${name}.txt`);
    const match = await runCli([
      'vpdq',
      'compare',
      hashes('chair-22-sd-grey-bar'),
      hashes('chair-orig-22-sd-bar'),
    ]);
    expect(match.stdout).toMatch(/^query 100\.00% target 100\.00% match \(threshold 80%\)/);
    expect(match.code).toBe(0);
    const differ = await runCli([
      'vpdq',
      'compare',
      '--json',
      video('doorknob-hd-no-bar'),
      hashes('chair-orig-22-sd-bar'),
    ]);
    expect(JSON.parse(differ.stdout)).toMatchObject({ match: false, threshold: 80 });
    expect(differ.code).toBe(1);
  }, 60_000);

  it('refuses a bad --every with usage (exit 2)', async () => {
    const result = await runCli(['vpdq', '--every', '-1', video('test-padded-dimensions')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--every/);
  }, 30_000);
});
