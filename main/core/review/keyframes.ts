// A video item's keyframe strip as records: what ingest hands over (each keyframe's time, whether a scene
// change chose it, and its display copies) and what review serves of it. Owns the keyframes table; it
// never decodes a video (media does) and serves no keyframe of a shredded item.
import type { Vault } from '../identity';
import { readBlobFully } from '../vault';
import type { DerivativeVariant, NewDerivative } from './item-store';

export interface NewKeyframe {
  /** Its place in the strip, from 0, in time order. */
  position: number;
  seconds: number;
  /** Chosen because the scene changed there (else evenly spaced). */
  scene: boolean;
  derivatives: NewDerivative[];
}

/** What the reviewer's strip lists: no pixels, only where each keyframe is. */
export interface KeyframeSummary {
  position: number;
  seconds: number;
  scene: boolean;
  width: number;
  height: number;
}

/** Records a video's keyframes; call inside the transaction that records its ingest. */
export function recordKeyframes(vault: Vault, itemId: string, keyframes: readonly NewKeyframe[]): void {
  const insert = vault.db.prepare(
    `INSERT INTO keyframes (item_id, position, seconds, scene, variant, blob_id, width, height, mime)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const k of keyframes)
    for (const d of k.derivatives)
      insert.run(
        itemId,
        k.position,
        k.seconds,
        k.scene ? 1 : 0,
        d.variant,
        d.blobId,
        d.width,
        d.height,
        d.mime,
      );
}

/** The strip of an item that is not shredded, in time order (empty for anything else). */
export function itemKeyframes(vault: Vault, itemId: string): KeyframeSummary[] {
  const rows = vault.db
    .prepare(
      `SELECT k.position, k.seconds, k.scene, k.width, k.height FROM keyframes k JOIN items i ON i.id = k.item_id
       WHERE k.item_id = ? AND k.variant = 'preview' AND i.shredded_at IS NULL ORDER BY k.position`,
    )
    .all(itemId) as Array<Omit<KeyframeSummary, 'scene'> & { scene: number }>;
  return rows.map((r) => ({ ...r, scene: r.scene === 1 }));
}

/** One keyframe's display copy, decrypted, or null when the item (not shredded) has no such keyframe. */
export async function keyframeFor(
  vault: Vault,
  itemId: string,
  position: number,
  variant: DerivativeVariant,
): Promise<{ mime: string; bytes: Buffer } | null> {
  const row = vault.db
    .prepare(
      `SELECT k.blob_id, k.mime FROM keyframes k JOIN items i ON i.id = k.item_id
       WHERE k.item_id = ? AND k.position = ? AND k.variant = ? AND i.shredded_at IS NULL`,
    )
    .get(itemId, position, variant) as { blob_id: string; mime: string } | undefined;
  if (!row) return null;
  return { mime: row.mime, bytes: await readBlobFully(vault, row.blob_id) };
}
