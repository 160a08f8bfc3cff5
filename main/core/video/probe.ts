// What a video is, from ffprobe run under the child limits: container, duration, codecs, dimensions, frame
// rate and the container's own metadata tags. ffprobe's JSON is untrusted too: it is validated, and only
// the fields named here leave this file.
import { z } from 'zod';
import {
  DEFAULT_LIMITS,
  runLimited,
  SAFE_INPUT_ARGS,
  VideoDecodeError,
  type ChildLimits,
  type VideoTools,
} from './ffmpeg';

export interface VideoFacts {
  container: string;
  durationSeconds: number | null;
  videoCodec: string;
  audioCodec: string | null;
  width: number;
  height: number;
  /** Frames per second, from the stream's average (or nominal) rate. */
  frameRate: number;
  /** Frames declared by the container, when it declares them. */
  frameCount: number | null;
  /** The container's metadata tags (creation time, encoder, …), as text. */
  tags: Record<string, string>;
}

const tags = z.record(z.string(), z.union([z.string(), z.number()])).optional();

const probeOutput = z.object({
  streams: z
    .array(
      z.object({
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        width: z.number().int().optional(),
        height: z.number().int().optional(),
        avg_frame_rate: z.string().optional(),
        r_frame_rate: z.string().optional(),
        nb_frames: z.string().optional(),
        tags,
      }),
    )
    .max(64),
  format: z.object({ format_name: z.string().optional(), duration: z.string().optional(), tags }).optional(),
});

/** "30000/1001" → 29.97; "0/0" or nonsense → null. */
export function parseRate(rate: string | undefined): number | null {
  const match = /^(\d+)\/(\d+)$/.exec(rate ?? '');
  if (!match) return null;
  const value = Number(match[1]) / Number(match[2]);
  return Number.isFinite(value) && value > 0 && value <= 1000 ? value : null;
}

function finite(text: string | undefined): number | null {
  const value = Number(text);
  return text !== undefined && Number.isFinite(value) && value >= 0 ? value : null;
}

export async function probeVideo(
  tools: VideoTools,
  path: string,
  limits: ChildLimits = DEFAULT_LIMITS,
): Promise<VideoFacts> {
  const chunks: Buffer[] = [];
  let size = 0;
  const run = runLimited(
    tools.ffprobe,
    [...SAFE_INPUT_ARGS, '-print_format', 'json', '-show_format', '-show_streams', path],
    { ...limits, timeoutMs: Math.min(limits.timeoutMs, 30_000) },
    (chunk) => {
      size += chunk.length;
      if (size > 4 * 1024 ** 2) run.kill();
      else chunks.push(chunk);
    },
  );
  await run.done;
  let parsed;
  try {
    parsed = probeOutput.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
  } catch {
    throw new VideoDecodeError('unreadable', 'ffprobe described the file in a form Custody cannot read.');
  }
  const video = parsed.streams.find((s) => s.codec_type === 'video' && s.width && s.height);
  if (!video?.width || !video.height) {
    throw new VideoDecodeError('unreadable', 'The file has no video stream that can be decoded.');
  }
  const audio = parsed.streams.find((s) => s.codec_type === 'audio');
  const frameRate = parseRate(video.avg_frame_rate) ?? parseRate(video.r_frame_rate);
  if (frameRate === null)
    throw new VideoDecodeError('unreadable', 'The video stream declares no frame rate.');
  const frameCount = finite(video.nb_frames);
  return {
    container: parsed.format?.format_name ?? 'unknown',
    durationSeconds: finite(parsed.format?.duration),
    videoCodec: video.codec_name ?? 'unknown',
    audioCodec: audio?.codec_name ?? null,
    width: video.width,
    height: video.height,
    frameRate,
    frameCount: frameCount === null ? null : Math.round(frameCount),
    tags: Object.fromEntries(
      Object.entries({ ...parsed.format?.tags, ...video.tags }).map(([k, v]) => [
        k.slice(0, 64),
        String(v).slice(0, 256),
      ]),
    ),
  };
}
