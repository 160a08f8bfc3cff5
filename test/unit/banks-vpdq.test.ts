// vPDQ lists: videos under "video,<category>,<label>" headers with their frames in the reference's line
// format; a bare reference hash file as one video; every bad line reported by its number while the good
// ones are kept; detection; and the reference files themselves read without a problem.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { detectFormat, readBank } from '../../main/core/matching/banks/import';
import { VPDQ_DISTANCE_THRESHOLD, VPDQ_MATCH_PERCENT, VPDQ_QUALITY_THRESHOLD } from '../../main/core/video';
import * as matching from '../../main/core/matching/vpdq-match';
import { collect, chunks } from '../support/banks';
import { fixture } from '../support/fixtures';

const pdq = (i: number): string => createHash('sha256').update(`generated vpdq ${i}`).digest('hex');

describe('vPDQ lists', () => {
  it('reads videos with their category, label and frames, in chunks cut anywhere', async () => {
    const text = [
      '# vPDQ, generated for tests',
      'video,A1,clip one.mp4',
      `0,100,${pdq(1)},0.000`,
      `30,90,${pdq(2).toUpperCase()},1.001`,
      'video,,clip, with comma.mp4',
      `0,40,${pdq(3)}`,
      '',
    ].join('\r\n');
    for (const input of [text, chunks(text, 7)]) {
      const { videos, problems, entries } = await collect(readBank(input, 'vpdq'));
      expect(problems).toEqual([]);
      expect(entries).toEqual([]);
      expect(videos).toEqual([
        {
          label: 'clip one.mp4',
          category: 'A1',
          line: 2,
          frames: [
            { frameNumber: 0, quality: 100, hash: pdq(1), timestampSeconds: 0 },
            { frameNumber: 30, quality: 90, hash: pdq(2), timestampSeconds: 1.001 },
          ],
        },
        { label: 'clip, with comma.mp4', line: 5, frames: [{ frameNumber: 0, quality: 40, hash: pdq(3) }] },
      ]);
    }
  });

  it('reports each bad line by its number and keeps the good ones', async () => {
    const text = [
      'video,,a', // 1
      `0,100,${pdq(1)},0.0`, // 2
      `1,101,${pdq(2)},0.1`, // 3: quality above 100
      `2,90,${pdq(3).slice(1)},0.2`, // 4: 63 digits
      `3,90,${pdq(4)},soon`, // 5: timestamp
      `0,90,${pdq(5)},0.3`, // 6: out of order
      'frame 7', // 7: neither
      `4,90,${pdq(6)},0.4,extra`, // 8: five fields
      'video,A1', // 9: no label
      `0,90,${pdq(7)}`, // 10: left out with its refused header
      'video,,a', // 11: the same label again
      `0,90,${pdq(8)}`, // 12: left out
      'video,,empty', // 13: no frames
      'video,,b', // 14
      `x,90,${pdq(9)}`, // 15: neither (does not start with a digit)
      `5,90,${pdq(10)}`, // 16
    ].join('\n');
    const { videos, problems } = await collect(readBank(text, 'vpdq'));
    expect(videos.map((v) => [v.label, v.frames.map((f) => f.frameNumber)])).toEqual([
      ['a', [0]],
      ['b', [5]],
    ]);
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 11, 13, 15]);
    for (const p of problems) expect(p.message).toMatch(/^[A-Z].*\.$/);
    expect(problems.find((p) => p.line === 6)?.message).toMatch(/does not come after frame 0/);
    expect(problems.find((p) => p.line === 11)?.message).toMatch(/already in the list/);
    expect(problems.find((p) => p.line === 13)?.message).toMatch(/no frame lines/);
  });

  it('reads a reference hash file as it is, as one video, without a problem', async () => {
    const text = await readFile(fixture('vpdq', 'hashes', 'chair-orig-22-sd-bar.txt'), 'utf8');
    expect(detectFormat(text.slice(0, 8192), 'chair.txt')).toBe('vpdq');
    const { videos, problems } = await collect(readBank(text, 'vpdq'));
    expect(problems).toEqual([]);
    expect(videos).toHaveLength(1);
    expect(videos[0]?.label).toBe('video at line 1');
    expect(videos[0]?.frames).toHaveLength(text.trim().split('\n').length);
  });

  it('is detected from a header or frame lines, and not confused with a PDQ list', () => {
    expect(detectFormat(`video,,x\n0,100,${pdq(1)},0.000\n`)).toBe('vpdq');
    expect(detectFormat(`# c\n0,100,${pdq(1)}\n1,100,${pdq(2)}\n`)).toBe('vpdq');
    expect(detectFormat(`${pdq(1)},100,label\n`)).toBe('pdq');
  });

  it('uses the reference comparison constants the CLI uses', () => {
    expect([
      matching.VPDQ_QUALITY_THRESHOLD,
      matching.VPDQ_DISTANCE_THRESHOLD,
      matching.VPDQ_MATCH_PERCENT,
    ]).toEqual([VPDQ_QUALITY_THRESHOLD, VPDQ_DISTANCE_THRESHOLD, VPDQ_MATCH_PERCENT]);
  });
});
