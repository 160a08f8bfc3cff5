// custody vpdq: the vPDQ frame hashes of a video (one line per hashed frame, the reference's format), and
// the comparison of two videos or hash lists by the reference's two percentages. No vault needed; the
// video is decoded by FFmpeg in a limited child process.
import { readFile } from 'node:fs/promises';
import {
  compareVpdq,
  findVideoTools,
  formatVpdqLine,
  hashVideo,
  isVpdqMatch,
  parseVpdqLines,
  VPDQ_MATCH_PERCENT,
  type VpdqFrame,
} from '../../core/video';
import { parse, UsageError, type Command } from '../io';
import { listed } from './index';

const { usage } = listed('vpdq');

function seconds(value: string | boolean | undefined): number {
  if (value === undefined) return 1;
  const parsed = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(parsed) || parsed < 0) {
    throw new UsageError(`--every takes a number of seconds ≥ 0 (0 hashes every frame).\nusage: ${usage}`);
  }
  return parsed;
}

/** A hash list (text in the reference's line format) is read as it is; anything else is hashed as video. */
async function framesOf(path: string, everySeconds: number): Promise<VpdqFrame[]> {
  const head = (await readFile(path)).subarray(0, 256).toString('latin1');
  if (/^\s*(#.*\n\s*)*\d+,\d+,[0-9a-fA-F]{64}/.test(head))
    return parseVpdqLines(await readFile(path, 'utf8'));
  return (await hashVideo(findVideoTools(), path, { everySeconds })).frames;
}

export const vpdq: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      { every: { type: 'string' }, json: { type: 'boolean' }, threshold: { type: 'string' } },
      usage,
    );
    const everySeconds = seconds(values.every);
    if (positionals[0] === 'compare') {
      const [, query, target, ...rest] = positionals;
      if (!query || !target || rest.length > 0)
        throw new UsageError(`compare takes two videos or hash lists.\nusage: ${usage}`);
      const threshold = values.threshold === undefined ? VPDQ_MATCH_PERCENT : Number(values.threshold);
      if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100) {
        throw new UsageError(`--threshold is a percentage from 0 to 100.\nusage: ${usage}`);
      }
      const comparison = compareVpdq(
        await framesOf(query, everySeconds),
        await framesOf(target, everySeconds),
      );
      const match = isVpdqMatch(comparison, threshold);
      if (values.json) io.out(JSON.stringify({ ...comparison, threshold, match }));
      else {
        io.out(
          `query ${comparison.queryMatchPercent.toFixed(2)}% target ${comparison.targetMatchPercent.toFixed(2)}% ` +
            `${match ? 'match' : 'no match'} (threshold ${threshold}%)`,
        );
      }
      return match ? 0 : 1;
    }
    if (positionals.length !== 1 || values.threshold !== undefined) {
      throw new UsageError(`name one video.\nusage: ${usage}`);
    }
    const { facts, frames, problem } = await hashVideo(findVideoTools(), positionals[0]!, { everySeconds });
    if (values.json) io.out(JSON.stringify({ facts, frames, problem }));
    else for (const frame of frames) io.out(formatVpdqLine(frame));
    if (problem) io.err(`custody vpdq: ${problem}`);
    return problem ? 1 : 0;
  },
};
