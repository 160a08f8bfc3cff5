// vPDQ: the PDQ hash of a video's frames (every frame, or one per N seconds) with quality and timestamp, in
// the reference's line format `frameNumber,quality,pdqHex,timestampSeconds`, and the reference's comparison
// of two videos by two percentages (../shared/reference/vpdq/README.md). Pure apart from the decode.
import { InvalidInputError } from '../errors';
import { computePdq, hammingDistance } from '../matching/pdq';
import { DEFAULT_LIMITS, type ChildLimits, type VideoTools } from './ffmpeg';
import { decodeFrames, type DecodeSummary } from './frames';
import { probeVideo, type VideoFacts } from './probe';

export interface VpdqFrame {
  frameNumber: number;
  quality: number;
  hash: string;
  timestampSeconds: number;
  /** The frame's hash in each of the 8 orientations (DIHEDRAL_TRANSFORMS order), when asked for. */
  dihedral?: string[];
}

export interface HashedVideo {
  facts: VideoFacts;
  frames: VpdqFrame[];
  /** Why the hashes may not cover the whole video (truncated, damaged), kept with the item; null when complete. */
  problem: string | null;
}

export interface VpdqOptions {
  /** Seconds between hashed frames; 0 hashes every frame. Default 1. */
  everySeconds?: number;
  limits?: ChildLimits;
  /** Also hash each frame in its 8 orientations, so rotated or mirrored stills in a PDQ bank are found. */
  dihedral?: boolean;
}

/** Frames below this quality are left out of comparisons (the reference's threshold). */
export const VPDQ_QUALITY_THRESHOLD = 50;
/** Two frames match when their distance is strictly below this (the reference's comparison). */
export const VPDQ_DISTANCE_THRESHOLD = 31;
export const VPDQ_MATCH_PERCENT = 80;

/** How many frames apart hashed frames are: round(fps · seconds), at least 1; 0 seconds is every frame. */
export function frameStep(frameRate: number, everySeconds: number): number {
  if (!Number.isFinite(everySeconds) || everySeconds < 0) {
    throw new InvalidInputError(`--every must be a number of seconds ≥ 0 (got ${everySeconds}).`);
  }
  return everySeconds === 0 ? 1 : Math.max(1, Math.round(frameRate * everySeconds));
}

export async function hashVideo(
  tools: VideoTools,
  path: string,
  options: VpdqOptions = {},
): Promise<HashedVideo> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const facts = await probeVideo(tools, path, limits);
  const step = frameStep(facts.frameRate, options.everySeconds ?? 1);
  const frames: VpdqFrame[] = [];
  const summary = await decodeFrames(
    tools,
    { path, width: facts.width, height: facts.height },
    step,
    ({ frameNumber, rgb }) => {
      const { hash, quality, dihedral } = computePdq(
        { data: rgb, width: facts.width, height: facts.height, channels: 3 },
        { dihedral: options.dihedral === true },
      );
      frames.push({
        frameNumber,
        quality,
        hash,
        timestampSeconds: frameNumber / facts.frameRate,
        ...(dihedral ? { dihedral: dihedral.hashes } : {}),
      });
    },
    limits,
  );
  return { facts, frames, problem: decodeProblem(facts, step, summary) };
}

/** Why a decode that ran to the end may not have seen the whole video, or null when nothing suggests it. */
function decodeProblem(facts: VideoFacts, step: number, summary: DecodeSummary): string | null {
  const expected = facts.frameCount === null ? null : Math.ceil(facts.frameCount / step);
  if (summary.frames === 0) return 'No frame could be decoded.';
  if (expected !== null && summary.frames < expected) {
    return `Only ${summary.frames} of the ${expected} frames the container declares could be decoded: the file may be truncated or damaged.`;
  }
  if (summary.warnings !== '')
    return `FFmpeg reported damage while decoding: ${summary.warnings.split('\n').slice(-2).join(' | ').slice(0, 300)}`;
  return null;
}

export function formatVpdqLine(frame: VpdqFrame): string {
  return `${frame.frameNumber},${frame.quality},${frame.hash},${frame.timestampSeconds.toFixed(3)}`;
}

/**
 * Reads a vPDQ hash list (the reference's line format; the timestamp is optional). Blank lines and lines
 * starting with # are skipped; any other malformed line is refused with its number.
 */
export function parseVpdqLines(text: string): VpdqFrame[] {
  const frames: VpdqFrame[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(\d{1,9}),(\d{1,3}),([0-9a-fA-F]{64})(?:,(\d{1,9}(?:\.\d{1,9})?))?$/.exec(line);
    const quality = match ? Number(match[2]) : NaN;
    if (!match || quality > 100) {
      throw new InvalidInputError(
        `Line ${i + 1} is not "frameNumber,quality,pdqHex[,timestampSeconds]": ${line.slice(0, 80)}`,
      );
    }
    frames.push({
      frameNumber: Number(match[1]),
      quality,
      hash: match[3]!.toLowerCase(),
      timestampSeconds: match[4] === undefined ? NaN : Number(match[4]),
    });
  }
  return frames;
}

export interface VpdqComparison {
  /** Of the query's frames (quality ≥ 50), the percentage with some target frame closer than 31. */
  queryMatchPercent: number;
  /** The same from the target's side. */
  targetMatchPercent: number;
}

function percentMatched(from: readonly VpdqFrame[], to: readonly VpdqFrame[]): number {
  if (from.length === 0) return 0;
  let matched = 0;
  for (const frame of from) {
    if (to.some((other) => hammingDistance(frame.hash, other.hash) < VPDQ_DISTANCE_THRESHOLD)) matched++;
  }
  return (matched * 100) / from.length;
}

/** The reference's comparison: both percentages, over frames of quality ≥ 50 only. */
export function compareVpdq(query: readonly VpdqFrame[], target: readonly VpdqFrame[]): VpdqComparison {
  const good = (frames: readonly VpdqFrame[]) => frames.filter((f) => f.quality >= VPDQ_QUALITY_THRESHOLD);
  const q = good(query);
  const t = good(target);
  return { queryMatchPercent: percentMatched(q, t), targetMatchPercent: percentMatched(t, q) };
}

/** Whether two videos match: both percentages reach the threshold. */
export function isVpdqMatch(comparison: VpdqComparison, thresholdPercent = VPDQ_MATCH_PERCENT): boolean {
  return (
    comparison.queryMatchPercent >= thresholdPercent && comparison.targetMatchPercent >= thresholdPercent
  );
}
