// Each video item's vPDQ: the PDQ hash of one frame per second (or every frame), with quality, timestamp
// and the frame's 8 orientations, or why no frame could be hashed, so a video is never silently left
// unmatched. Written once per item, in the item's transaction, and read for matching and the item's
// record. Owns the item_vpdq and item_vpdq_frames tables; decoding and hashing the video is the caller's.
import type { Vault } from '../identity';

export interface ItemVpdqFrame {
  frameNumber: number;
  quality: number;
  hash: string;
  timestampSeconds: number;
  /** The frame's hash in each orientation, in DIHEDRAL_TRANSFORMS order; null when not computed. */
  dihedral: string[] | null;
}

/** What hashing a video gave: its frames (and why they may not cover it all), or why there are none. */
export type ItemVpdqResult =
  | { ok: true; everySeconds: number; frames: ItemVpdqFrame[]; problem: string | null }
  | { ok: false; everySeconds: number; error: string };

export interface ItemVpdq {
  everySeconds: number;
  frames: number;
  /** Frames were hashed, but may not cover the whole video (truncated, damaged). */
  problem: string | null;
  /** No frame was hashed, and why. */
  error: string | null;
  hashedAt: string;
}

/** Stores a video item's vPDQ outcome unless one is stored already; call inside the item's transaction. */
export function recordItemVpdq(vault: Vault, itemId: string, result: ItemVpdqResult): void {
  const inserted = vault.db
    .prepare(
      `INSERT OR IGNORE INTO item_vpdq (item_id, every_seconds, frames, problem, error, hashed_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(
      itemId,
      result.everySeconds,
      result.ok ? result.frames.length : 0,
      result.ok ? result.problem : null,
      result.ok ? null : result.error,
      new Date().toISOString(),
    );
  if (inserted.changes === 0 || !result.ok) return;
  const insert = vault.db.prepare(
    `INSERT OR IGNORE INTO item_vpdq_frames (item_id, frame, quality, hash, timestamp_seconds, dihedral)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  for (const f of result.frames)
    insert.run(itemId, f.frameNumber, f.quality, f.hash, f.timestampSeconds, f.dihedral?.join(',') ?? null);
}

export function itemVpdq(vault: Vault, itemId: string): ItemVpdq | null {
  const row = vault.db
    .prepare(
      `SELECT every_seconds AS everySeconds, frames, problem, error, hashed_at AS hashedAt
       FROM item_vpdq WHERE item_id = ?`,
    )
    .get(itemId) as ItemVpdq | undefined;
  return row ?? null;
}

/** The stored frames of a video item, in frame order (none for an item that is not a hashed video). */
export function itemVpdqFrames(vault: Vault, itemId: string): ItemVpdqFrame[] {
  const rows = vault.db
    .prepare(
      `SELECT frame, quality, hash, timestamp_seconds, dihedral FROM item_vpdq_frames
       WHERE item_id = ? ORDER BY frame`,
    )
    .all(itemId) as Array<{
    frame: number;
    quality: number;
    hash: string;
    timestamp_seconds: number;
    dihedral: string | null;
  }>;
  return rows.map((r) => ({
    frameNumber: r.frame,
    quality: r.quality,
    hash: r.hash,
    timestampSeconds: r.timestamp_seconds,
    dihedral: r.dihedral === null ? null : r.dihedral.split(','),
  }));
}
