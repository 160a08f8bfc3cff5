// A video's keyframes: where to take them (evenly spaced through the duration, and where FFmpeg's scene
// score says the picture changed) and each one taken as a still, no larger than a display copy, by a
// limited FFmpeg child. It never decodes in this process and never renders what a reviewer sees (media
// blurs the stills exactly like images).
import {
  DEFAULT_LIMITS,
  runLimited,
  SAFE_INPUT_ARGS,
  VideoDecodeError,
  type ChildLimits,
  type VideoTools,
} from './ffmpeg';

/** Evenly spaced keyframes in a strip. */
export const EVEN_KEYFRAMES = 8;
/** Scene changes added to the evenly spaced ones, at most. */
export const MAX_SCENE_KEYFRAMES = 8;
/** FFmpeg's scene score (0–1) above which a frame starts a new scene. */
export const SCENE_THRESHOLD = 0.3;
/** A scene change this close (seconds) to a keyframe already chosen adds nothing (about two frames). */
const MIN_GAP_SECONDS = 0.1;
/** Longest side of a still: the largest display copy (media's unblurred preview). */
const STILL_SIZE = 1280;
/** The still is a PNG; no frame of a display copy needs more bytes than this. */
const MAX_STILL_BYTES = 64 * 1024 ** 2;

export interface KeyframeTime {
  seconds: number;
  /** Chosen by a scene change rather than by spacing. */
  scene: boolean;
}

/**
 * The strip's times: `even` evenly spaced (the middle of each of `even` equal parts, so neither the black
 * first frame nor the last is favoured), and scene changes not within MIN_GAP_SECONDS of one already
 * chosen, in time order. A video of unknown duration has its first frame and its scene changes.
 */
export function keyframeTimes(
  durationSeconds: number | null,
  scenes: readonly number[],
  even = EVEN_KEYFRAMES,
): KeyframeTime[] {
  const chosen: KeyframeTime[] =
    durationSeconds && durationSeconds > 0
      ? Array.from({ length: even }, (_, i) => ({
          seconds: ((i + 0.5) * durationSeconds) / even,
          scene: false,
        }))
      : [{ seconds: 0, scene: false }];
  let added = 0;
  for (const seconds of scenes) {
    if (added === MAX_SCENE_KEYFRAMES) break;
    if (chosen.some((k) => Math.abs(k.seconds - seconds) < MIN_GAP_SECONDS)) continue;
    chosen.push({ seconds, scene: true });
    added++;
  }
  return chosen.sort((a, b) => a.seconds - b.seconds);
}

/**
 * The times (seconds) where the scene changes, from one pass over a small copy of the picture; FFmpeg's
 * metadata filter prints each selected frame's `pts_time` and score to stdout.
 */
export async function sceneChanges(
  tools: VideoTools,
  path: string,
  limits: ChildLimits = DEFAULT_LIMITS,
): Promise<number[]> {
  let printed = '';
  const run = runLimited(
    tools.ffmpeg,
    [
      ...SAFE_INPUT_ARGS,
      '-nostdin',
      '-i',
      path,
      '-map',
      '0:v:0',
      '-an',
      '-sn',
      '-dn',
      '-vf',
      `scale=160:-2,select='gt(scene\\,${SCENE_THRESHOLD})',metadata=print:file=pipe\\\\:1`,
      '-f',
      'null',
      '-',
    ],
    limits,
    (chunk) => {
      printed += chunk.toString('latin1');
      if (printed.length > 1024 ** 2) run.kill();
    },
  );
  await run.done;
  const times: number[] = [];
  for (const match of printed.matchAll(/pts_time:(\d+(?:\.\d+)?)/g)) {
    const seconds = Number(match[1]);
    if (Number.isFinite(seconds)) times.push(seconds);
  }
  return times;
}

/**
 * The frame at `seconds` as a PNG (upright, as a player shows it; longest side at most STILL_SIZE).
 * Rejects with VideoDecodeError when FFmpeg fails, runs out of time or memory, or yields no frame there.
 */
export async function stillAt(
  tools: VideoTools,
  path: string,
  seconds: number,
  limits: ChildLimits = DEFAULT_LIMITS,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const box = `'min(${STILL_SIZE},iw)':'min(${STILL_SIZE},ih)'`;
  const run = runLimited(
    tools.ffmpeg,
    [
      ...SAFE_INPUT_ARGS,
      '-nostdin',
      '-ss',
      seconds.toFixed(3),
      '-i',
      path,
      '-map',
      '0:v:0',
      '-an',
      '-sn',
      '-dn',
      '-frames:v',
      '1',
      '-vf',
      `scale=${box}:force_original_aspect_ratio=decrease`,
      '-f',
      'image2pipe',
      '-c:v',
      'png',
      'pipe:1',
    ],
    limits,
    (chunk) => {
      size += chunk.length;
      if (size > MAX_STILL_BYTES) run.kill();
      else chunks.push(chunk);
    },
  );
  await run.done;
  if (size === 0 || size > MAX_STILL_BYTES)
    throw new VideoDecodeError(
      'unreadable',
      `The video has no frame that can be decoded at ${seconds.toFixed(1)} s.`,
    );
  return Buffer.concat(chunks);
}
