// What ingest makes of one new video, after its bytes are hashed and stored: its probed facts (container,
// duration, codecs, dimensions, frame rate, container tags) as the item's metadata, and its keyframe strip
// rendered and blurred exactly like an image's display copies. FFmpeg runs in limited children under one
// deadline per video; a video it cannot read is kept with the reason, never a crash or a hang. It never
// changes what was hashed, and keeps nothing decoded from a file that changed after it was hashed.
import { lstat } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import type { Vault } from '../identity';
import { recordKeyframes, type NewDerivative } from '../review';
import {
  findVideoTools,
  keyframeTimes,
  MAX_FRAME_PIXELS,
  probeVideo,
  sceneChanges,
  stillAt,
  VideoDecodeError,
  type ChildLimits,
  type KeyframeTime,
  type VideoFacts,
} from '../video';
import { recordBlob, removeBlobFile } from '../vault';
import { decodeBudget, tooLargeToDecode } from './decode-budget';
import {
  renderDerivatives,
  storeDerivatives,
  type DerivativeOutcome,
  type RenderedDerivative,
  type StoredDerivative,
} from './derivatives';

/**
 * The limits of one video at ingest: every FFmpeg child (probe, scene pass, each still) gets what is left
 * of `timeoutMs`, so a hostile video costs at most that much time, and at most `memoryBytes` at once.
 */
export const VIDEO_INGEST_LIMITS: ChildLimits = { timeoutMs: 60_000, memoryBytes: 1024 ** 3 };

export interface StoredKeyframe {
  position: number;
  seconds: number;
  scene: boolean;
  derivatives: StoredDerivative[];
}

export interface VideoItem {
  /** The probed facts, flat, as the item's metadata; `videoProblem` says why the strip is incomplete. */
  metadata: Record<string, string | number>;
  /** The item's own display copies: the first keyframe's blurred thumbnail and preview, or why there are none. */
  derived: DerivativeOutcome;
  keyframes: StoredKeyframe[];
}

/** The item's metadata from its probed facts; tags keep their names under `tag.`. */
export function videoMetadata(facts: VideoFacts): Record<string, string | number> {
  const metadata: Record<string, string | number> = {
    container: facts.container,
    videoCodec: facts.videoCodec,
    width: facts.width,
    height: facts.height,
    frameRate: Math.round(facts.frameRate * 1000) / 1000,
  };
  if (facts.durationSeconds !== null) metadata.durationSeconds = facts.durationSeconds;
  if (facts.audioCodec !== null) metadata.audioCodec = facts.audioCodec;
  if (facts.frameCount !== null) metadata.frameCount = facts.frameCount;
  for (const [name, value] of Object.entries(facts.tags)) metadata[`tag.${name}`] = value;
  return metadata;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether the path still names the very file that was hashed, unchanged (same inode, size and mtime). */
async function unchanged(path: string, hashed: BigIntStats): Promise<boolean> {
  try {
    const now = await lstat(path, { bigint: true });
    return (
      now.dev === hashed.dev &&
      now.ino === hashed.ino &&
      now.size === hashed.size &&
      now.mtimeNs === hashed.mtimeNs
    );
  } catch {
    return false;
  }
}

type RenderedKeyframe = { seconds: number; scene: boolean; variants: RenderedDerivative[] };

/**
 * Renders the strip's stills, one at a time under the decoding budget, until the deadline: the evenly
 * spaced ones first, so a long video's scene pass (a decode of the whole video) cannot take their time.
 */
async function renderStrip(
  path: string,
  facts: VideoFacts,
  limits: ChildLimits,
  deadline: number,
): Promise<{ rendered: RenderedKeyframe[]; problem: string | null }> {
  const tools = findVideoTools();
  const left = (): ChildLimits => ({ ...limits, timeoutMs: Math.max(1, deadline - Date.now()) });
  const rendered: RenderedKeyframe[] = [];
  let problem: string | null = null;
  let missing = 0;
  const take = async (times: readonly KeyframeTime[]) => {
    for (const time of times) {
      if (Date.now() >= deadline) {
        missing++;
        continue;
      }
      try {
        const still = await decodeBudget.run(facts.width * facts.height, () =>
          stillAt(tools, path, time.seconds, left()),
        );
        const variants = await renderDerivatives(still);
        if (!variants.ok) throw new VideoDecodeError('unreadable', variants.reason);
        rendered.push({ ...time, variants: variants.rendered });
      } catch (error) {
        missing++;
        problem ??= reasonOf(error);
      }
    }
  };
  await take(keyframeTimes(facts.durationSeconds, []));
  const scenes =
    Date.now() < deadline
      ? await sceneChanges(tools, path, left()).catch((error: unknown) => {
          problem ??= `scene changes not found: ${reasonOf(error)}`;
          return [];
        })
      : [];
  await take(keyframeTimes(facts.durationSeconds, scenes).filter((time) => time.scene));
  if (missing > 0) problem = `${missing} keyframe(s) could not be taken: ${problem ?? 'out of time'}`;
  return { rendered: rendered.sort((a, b) => a.seconds - b.seconds), problem };
}

/**
 * Probes and renders a new video read from `path`, whose descriptor's stat at hashing was `hashed`. The
 * stored blobs are the caller's to record (recordVideoKeyframes) or remove (videoBlobs).
 */
export async function describeVideo(
  vault: Vault,
  path: string,
  hashed: BigIntStats,
  limits: ChildLimits = VIDEO_INGEST_LIMITS,
): Promise<VideoItem> {
  const deadline = Date.now() + limits.timeoutMs;
  const failed = (metadata: Record<string, string | number>, reason: string): VideoItem => ({
    metadata: { ...metadata, videoProblem: reason },
    derived: { ok: false, reason },
    keyframes: [],
  });
  let facts: VideoFacts;
  try {
    facts = await probeVideo(findVideoTools(), path, limits);
  } catch (error) {
    return failed({}, reasonOf(error));
  }
  const metadata = videoMetadata(facts);
  const tooLarge =
    tooLargeToDecode(facts.width, facts.height) ??
    (facts.width * facts.height > MAX_FRAME_PIXELS
      ? `frames of ${facts.width} x ${facts.height} are larger than Custody decodes`
      : null);
  if (tooLarge) return failed(metadata, tooLarge);
  const { rendered, problem } = await renderStrip(path, facts, limits, deadline);
  const first = rendered[0];
  if (!first) return failed(metadata, problem ?? 'the video has no frame that can be decoded');
  const stored: StoredKeyframe[] = [];
  let own: StoredDerivative[] = [];
  try {
    for (const [position, frame] of rendered.entries())
      stored.push({
        position,
        seconds: frame.seconds,
        scene: frame.scene,
        derivatives: await storeDerivatives(vault, frame.variants),
      });
    own = await storeDerivatives(
      vault,
      first.variants.filter((v) => v.variant !== 'clear'),
    );
  } catch (error) {
    await removeVideoBlobs(vault, { keyframes: stored, derived: { ok: true, derivatives: own } });
    return failed(metadata, `its keyframes could not be stored: ${reasonOf(error)}`);
  }
  const video: VideoItem = {
    metadata: { ...metadata, keyframes: stored.length, ...(problem ? { videoProblem: problem } : {}) },
    derived: { ok: true, derivatives: own },
    keyframes: stored,
  };
  if (await unchanged(path, hashed)) return video;
  await removeVideoBlobs(vault, video);
  return failed(metadata, 'the file changed after it was hashed, so nothing decoded from it was kept');
}

/** Every blob a described video stored: its own display copies and its keyframes'. */
export function videoBlobs(video: Pick<VideoItem, 'derived' | 'keyframes'>): string[] {
  const own = video.derived.ok ? video.derived.derivatives.map((d) => d.blob.id) : [];
  return [...own, ...video.keyframes.flatMap((k) => k.derivatives.map((d) => d.blob.id))];
}

async function removeVideoBlobs(
  vault: Vault,
  video: Pick<VideoItem, 'derived' | 'keyframes'>,
): Promise<void> {
  for (const id of videoBlobs(video)) await removeBlobFile(vault.layout, id);
}

/**
 * Records the keyframes' blobs and rows; call inside the transaction that records the item (its own
 * display copies are recorded with it, as an image's are).
 */
export function recordVideoKeyframes(vault: Vault, itemId: string, video: VideoItem, now: string): void {
  for (const k of video.keyframes) for (const d of k.derivatives) recordBlob(vault.db, d.blob, now);
  recordKeyframes(
    vault,
    itemId,
    video.keyframes.map((k) => ({
      position: k.position,
      seconds: k.seconds,
      scene: k.scene,
      derivatives: k.derivatives.map((d): NewDerivative => ({
        variant: d.variant,
        blobId: d.blob.id,
        width: d.width,
        height: d.height,
        mime: d.mime,
      })),
    })),
  );
}

/** Whether ingest treats a sniffed type as a video. */
export function isVideoMime(mime: string): boolean {
  return mime.startsWith('video/');
}
