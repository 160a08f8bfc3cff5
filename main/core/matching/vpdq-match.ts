// Video-to-video matching by vPDQ (../shared/reference/vpdq/README.md): the frames of every video in the
// vault's live vPDQ banks, quality 50 and above, in one PDQ index; a video item matches a bank video when
// both percentages reach 80: of the item's frames, those with some frame of the bank video closer than
// 31, and the same from the bank video's side. One pass of index queries gives both. Like is compared with
// like: a bank video listed at every frame is sampled, by its timestamps, at the item's rate (the first
// frame of each interval), as the reference compares two hashes made at one rate. Reads the
// bank_vpdq_videos table; storing bank videos is banks/store.ts's, the item's frames item-vpdq.ts's.
import type { Vault } from '../identity';
import { PdqIndex } from './pdq-index';

/** Frames below this quality are left out of both sides (the reference's threshold). */
export const VPDQ_QUALITY_THRESHOLD = 50;
/** Two frames match when their distance is strictly below this (the reference's comparison). */
export const VPDQ_DISTANCE_THRESHOLD = 31;
/** Both percentages must reach this for two videos to match (the reference's usual choice, `vpdq compare`'s default). */
export const VPDQ_MATCH_PERCENT = 80;

export interface VpdqBankVideo {
  bankId: string;
  label: string;
  category: string | null;
  /** Frames of quality 50 and above: the denominator of the bank video's percentage. */
  goodFrames: number;
}

export interface VpdqVideoMatch {
  video: VpdqBankVideo;
  /** Of the item's frames (quality >= 50), the percentage with some frame of the bank video closer than 31. */
  queryPercent: number;
  /** Of the bank video's frames (quality >= 50), the percentage with some frame of the item closer than 31. */
  targetPercent: number;
  /** The closest distance between any frame of the item and any frame of the bank video. */
  closest: number;
}

/** A video's frames in a bank, one reference line each: `frameNumber,quality,pdqHex[,timestampSeconds]`. */
export function frameLinesOf(
  frames: ReadonlyArray<{ frameNumber: number; quality: number; hash: string; timestampSeconds?: number }>,
): string {
  return frames
    .map((f) =>
      f.timestampSeconds === undefined
        ? `${f.frameNumber},${f.quality},${f.hash}`
        : `${f.frameNumber},${f.quality},${f.hash},${f.timestampSeconds}`,
    )
    .join('\n');
}

/** The frames of every video of the given banks, indexed for matching. */
export class VpdqBankIndex {
  readonly videos: VpdqBankVideo[] = [];
  /** For each indexed frame (by index id), the video it belongs to. */
  readonly #videoOf: number[] = [];
  readonly #index: PdqIndex | null;

  /** `everySeconds`: the item's sampling, 0 for every frame. */
  constructor(vault: Vault, bankIds: readonly string[], everySeconds: number) {
    const rows = vault.db
      .prepare(
        `SELECT bank_id, label, category, frames FROM bank_vpdq_videos
         WHERE bank_id IN (SELECT value FROM json_each(?)) ORDER BY bank_id, video`,
      )
      .all(JSON.stringify(bankIds)) as Array<{
      bank_id: string;
      label: string;
      category: string | null;
      frames: string;
    }>;
    const hashes: string[] = [];
    for (const row of rows) {
      let good = 0;
      let interval = -1;
      for (const line of row.frames.split('\n')) {
        const [, quality, hash, time] = line.split(',');
        if (hash === undefined) continue;
        if (everySeconds > 0 && time !== undefined) {
          // Rounded to the millisecond, so a timestamp of 0.999 s is the 1 s frame it stands for.
          const at = Math.floor(Math.round(Number(time) * 1000) / 1000 / everySeconds + 1e-6);
          if (at === interval) continue;
          interval = at;
        }
        if (Number(quality) < VPDQ_QUALITY_THRESHOLD) continue;
        hashes.push(hash);
        this.#videoOf.push(this.videos.length);
        good++;
      }
      this.videos.push({ bankId: row.bank_id, label: row.label, category: row.category, goodFrames: good });
    }
    if (hashes.length === 0) {
      this.#index = null;
      return;
    }
    const index = new PdqIndex({ threshold: VPDQ_DISTANCE_THRESHOLD - 1, capacity: hashes.length });
    hashes.forEach((hash, id) => index.add(id, hash));
    index.build();
    this.#index = index;
  }

  /** The bank videos the item's frames match, both percentages at least `percent`. */
  match(
    frames: ReadonlyArray<{ quality: number; hash: string }>,
    percent = VPDQ_MATCH_PERCENT,
  ): VpdqVideoMatch[] {
    const index = this.#index;
    const query = frames.filter((f) => f.quality >= VPDQ_QUALITY_THRESHOLD);
    if (!index || query.length === 0) return [];
    const queryMatched = new Map<number, number>();
    const closest = new Map<number, number>();
    const targetMatched = new Set<number>();
    for (const frame of query) {
      const videosHit = new Set<number>();
      for (const hit of index.query(frame.hash, VPDQ_DISTANCE_THRESHOLD - 1)) {
        const video = this.#videoOf[hit.id] as number;
        videosHit.add(video);
        targetMatched.add(hit.id);
        closest.set(video, Math.min(closest.get(video) ?? hit.distance, hit.distance));
      }
      for (const video of videosHit) queryMatched.set(video, (queryMatched.get(video) ?? 0) + 1);
    }
    const targetCount = new Map<number, number>();
    for (const id of targetMatched) {
      const video = this.#videoOf[id] as number;
      targetCount.set(video, (targetCount.get(video) ?? 0) + 1);
    }
    const found: VpdqVideoMatch[] = [];
    for (const [v, matched] of queryMatched) {
      const video = this.videos[v] as VpdqBankVideo;
      const queryPercent = (matched * 100) / query.length;
      const targetPercent = ((targetCount.get(v) ?? 0) * 100) / video.goodFrames;
      if (queryPercent >= percent && targetPercent >= percent)
        found.push({ video, queryPercent, targetPercent, closest: closest.get(v) ?? 0 });
    }
    return found;
  }
}
