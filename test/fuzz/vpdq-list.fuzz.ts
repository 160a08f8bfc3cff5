// The vPDQ bank-list reader on hostile input: lists generated from random videos read back exactly (labels,
// categories, frames, header lines), and damaged copies of a reference hash file, cut into random chunks,
// give only well-formed videos (64-hex frames, quality 0..100, frame numbers rising, labels unique) and
// problems numbered inside the file; never a throw, never a hang.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import type { BankVideo, ImportProblem } from '../../main/core/matching/banks/import';
import { readBank } from '../../main/core/matching/banks/import';
import { fixture } from '../support/fixtures';
import { fuzzTarget } from './harness';
import { chunkings, damaged } from './mutate';

async function read(input: string | Buffer[]): Promise<{ videos: BankVideo[]; problems: ImportProblem[] }> {
  const videos: BankVideo[] = [];
  const problems: ImportProblem[] = [];
  for await (const item of readBank(input, 'vpdq')) {
    if ('video' in item) videos.push(item.video);
    else if ('problem' in item) problems.push(item.problem);
    else throw new Error('a vPDQ list yielded a plain hash entry');
  }
  return { videos, problems };
}

const frames = fc
  .uniqueArray(fc.integer({ min: 0, max: 999_999_999 }), { minLength: 1, maxLength: 12 })
  .chain((numbers) =>
    fc.tuple(
      ...numbers
        .sort((a, b) => a - b)
        .map((frameNumber) =>
          fc.record({
            frameNumber: fc.constant(frameNumber),
            quality: fc.integer({ min: 0, max: 100 }),
            hash: fc
              .uint8Array({ minLength: 32, maxLength: 32 })
              .map((bytes) => Buffer.from(bytes).toString('hex')),
            timestampSeconds: fc.option(
              fc.integer({ min: 0, max: 99_999_999 }).map((ms) => ms / 1000),
              { nil: undefined },
            ),
          }),
        ),
    ),
  );

const label = fc
  .string({ unit: fc.constantFrom(...'abcXYZ09 .,-_#é'), maxLength: 40 })
  .map((text) => `v${text}`.trim());
const videos = fc.uniqueArray(
  fc.record({
    label,
    category: fc.option(fc.constantFrom('A1', 'A2', 'B1', 'B2'), { nil: undefined }),
    frames,
  }),
  { minLength: 1, maxLength: 5, selector: (v) => v.label },
);

const reference = readFileSync(fixture('vpdq', 'hashes', 'doorknob-hd-no-bar.txt'));
const listed = Buffer.concat([Buffer.from('video,A1,door knob.mp4\n'), reference]);

describe('vPDQ bank lists', () => {
  fuzzTarget(
    'vpdq list round trip',
    () => videos,
    async (generated) => {
      const lines: string[] = [];
      const expected: BankVideo[] = [];
      for (const v of generated) {
        lines.push(`video,${v.category ?? ''},${v.label}`);
        const line = lines.length;
        for (const f of v.frames)
          lines.push(
            `${f.frameNumber},${f.quality},${f.hash}${f.timestampSeconds === undefined ? '' : `,${f.timestampSeconds}`}`,
          );
        expected.push({
          label: v.label,
          ...(v.category ? { category: v.category } : {}),
          line,
          frames: v.frames.map((f) =>
            f.timestampSeconds === undefined ? { ...f, timestampSeconds: undefined } : f,
          ),
        });
      }
      const { videos: got, problems } = await read(lines.join('\n'));
      expect(problems).toEqual([]);
      expect(JSON.parse(JSON.stringify(got))).toEqual(JSON.parse(JSON.stringify(expected)));
    },
    { typedErrorsAreCrashes: true },
  );

  fuzzTarget(
    'vpdq list damaged',
    () => damaged(listed, 8).chain((bytes) => chunkings(bytes).map((chunks) => ({ bytes, chunks }))),
    async ({ bytes, chunks }) => {
      const lines = bytes.toString('utf8').split('\n').length;
      const { videos: got, problems } = await read(chunks);
      const labels = new Set<string>();
      for (const v of got) {
        expect(labels.has(v.label)).toBe(false);
        labels.add(v.label);
        expect(v.frames.length).toBeGreaterThan(0);
        expect(v.line).toBeGreaterThanOrEqual(1);
        expect(v.line).toBeLessThanOrEqual(lines);
        let last = -1;
        for (const f of v.frames) {
          expect(f.hash).toMatch(/^[0-9a-f]{64}$/);
          expect(f.quality).toBeGreaterThanOrEqual(0);
          expect(f.quality).toBeLessThanOrEqual(100);
          expect(f.frameNumber).toBeGreaterThan(last);
          last = f.frameNumber;
        }
      }
      for (const p of problems) {
        expect(p.line).toBeGreaterThanOrEqual(1);
        expect(p.line).toBeLessThanOrEqual(lines);
        expect(p.message.length).toBeGreaterThan(10);
      }
    },
    { typedErrorsAreCrashes: true },
  );
});
