// The vPDQ of a video being ingested: one frame per second hashed in its 8 orientations by FFmpeg in a
// limited child process (main/core/video), checked to come from the very file ingest just read, or the
// reason no frame could be hashed. It decodes nothing in this process and writes nothing: ingest records
// the result in the item's transaction (matching's recordItemVpdq), so the matcher sees the frames there.
import { stat } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import type { ItemVpdqResult } from '../matching';
import { DEFAULT_LIMITS, findVideoTools, hashVideo, probeVideo, type ChildLimits } from '../video';

/** Seconds between hashed frames at ingest: the reference's usual one frame per second. */
export const INGEST_EVERY_SECONDS = 1;

/** Videos hashed at once: each runs FFmpeg and hashes frames on this thread. */
let running: Promise<unknown> = Promise.resolve();

export function isVideoMime(mime: string): boolean {
  return mime.startsWith('video/');
}

/** Whether the file at `path` is still the one opened (same inode, size and change time). */
async function unchanged(path: string, opened: BigIntStats): Promise<boolean> {
  const now = await stat(path, { bigint: true }).catch(() => null);
  return (
    now !== null &&
    now.dev === opened.dev &&
    now.ino === opened.ino &&
    now.size === opened.size &&
    now.mtimeNs === opened.mtimeNs &&
    now.ctimeNs === opened.ctimeNs
  );
}

/** The decode time allowed: two minutes, plus four seconds for each second of video. */
function limitsFor(durationSeconds: number | null): ChildLimits {
  const extra = Math.min(durationSeconds ?? 0, 6 * 3600) * 4000;
  return { ...DEFAULT_LIMITS, timeoutMs: DEFAULT_LIMITS.timeoutMs + extra };
}

async function hashFile(path: string, opened: BigIntStats): Promise<ItemVpdqResult> {
  const everySeconds = INGEST_EVERY_SECONDS;
  try {
    const tools = findVideoTools();
    // The decode gets time in proportion to the video's length, as its container states it.
    const facts = await probeVideo(tools, path);
    const hashed = await hashVideo(tools, path, {
      everySeconds,
      dihedral: true,
      limits: limitsFor(facts.durationSeconds),
    });
    if (!(await unchanged(path, opened))) {
      return {
        ok: false,
        everySeconds,
        error:
          'The file changed while its frames were hashed, so its vPDQ would not be of the ingested bytes.',
      };
    }
    if (hashed.frames.length === 0)
      return { ok: false, everySeconds, error: hashed.problem ?? 'No frame could be decoded.' };
    return {
      ok: true,
      everySeconds,
      problem: hashed.problem,
      frames: hashed.frames.map((f) => ({
        frameNumber: f.frameNumber,
        quality: f.quality,
        hash: f.hash,
        timestampSeconds: f.timestampSeconds,
        dihedral: f.dihedral ?? null,
      })),
    };
  } catch (error) {
    return { ok: false, everySeconds, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The vPDQ of a new video item read from `path` (opened with `opened` stats), or null for a file that is
 * not a video. Never throws: a video that cannot be hashed gets its reason.
 */
export function ingestVideoVpdq(
  path: string,
  mime: string,
  opened: BigIntStats,
): Promise<ItemVpdqResult> | null {
  if (!isVideoMime(mime)) return null;
  const turn = running.then(() => hashFile(path, opened));
  running = turn.catch(() => undefined);
  return turn;
}
