// Decoded frames of an untrusted video, streamed from an FFmpeg child as raw RGB24 at the video's own size
// (no autorotation, no scaling), every frame or one every K frames. Frames are handed out one at a time and
// never accumulated: memory stays at about one frame however long the video is.
import { InvalidInputError } from '../errors';
import { DEFAULT_LIMITS, runLimited, SAFE_INPUT_ARGS, type ChildLimits, type VideoTools } from './ffmpeg';

/** Frames larger than this are refused before decoding (8K UHD is 33 Mpx). */
export const MAX_FRAME_PIXELS = 40_000_000;

export interface DecodedFrame {
  /** The frame's number in the video, from 0. */
  frameNumber: number;
  /** width * height * 3 bytes of RGB; reused after the callback returns. */
  rgb: Uint8Array;
}

export interface DecodeSummary {
  /** Frames handed to onFrame. */
  frames: number;
  /** What FFmpeg reported while decoding to the end (damaged or missing data), empty when nothing. */
  warnings: string;
}

export interface FrameSource {
  path: string;
  width: number;
  height: number;
}

/**
 * Calls `onFrame` for every `step`-th frame (0, step, 2·step…); step 1 is every frame. Resolves when the
 * video ends; rejects with VideoDecodeError when FFmpeg fails, runs out of time or memory.
 */
export async function decodeFrames(
  tools: VideoTools,
  source: FrameSource,
  step: number,
  onFrame: (frame: DecodedFrame) => void,
  limits: ChildLimits = DEFAULT_LIMITS,
): Promise<DecodeSummary> {
  const { width, height } = source;
  if (!Number.isInteger(step) || step < 1)
    throw new InvalidInputError(`A frame step must be a whole number ≥ 1 (got ${step}).`);
  if (width * height > MAX_FRAME_PIXELS) {
    throw new InvalidInputError(
      `Frames of ${width}x${height} are larger than Custody decodes (${MAX_FRAME_PIXELS} pixels).`,
    );
  }
  const frameBytes = width * height * 3;
  const frame = new Uint8Array(frameBytes);
  let filled = 0;
  let index = 0;
  const args = [
    ...SAFE_INPUT_ARGS,
    '-nostdin',
    '-noautorotate',
    '-i',
    source.path,
    '-map',
    '0:v:0',
    '-an',
    '-sn',
    '-dn',
  ];
  if (step > 1) args.push('-vf', `select=not(mod(n\\,${step}))`);
  args.push('-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const run = runLimited(tools.ffmpeg, args, limits, (chunk) => {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(frameBytes - filled, chunk.length - offset);
      frame.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === frameBytes) {
        onFrame({ frameNumber: index * step, rgb: frame });
        index++;
        filled = 0;
      }
    }
  });
  const warnings = await run.done;
  return { frames: index, warnings };
}
