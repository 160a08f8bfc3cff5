// Each item's 8 dihedral PDQ hashes (the image rotated and mirrored, in the reference's order), so a
// rotated or mirrored copy of a banked image is found at ingest and at every re-match without decoding the
// original again. Owns the item_pdq_dihedral table; computing the hashes is the caller's business.
import type { Vault } from '../identity';
import { DIHEDRAL_TRANSFORMS, type DihedralTransform, type PdqDihedral } from './pdq';

export interface ItemDihedral {
  /** Quality on the reference's dihedral path (it differs from the plain quality only for 64x64 images). */
  quality: number;
  hashes: Array<{ transform: DihedralTransform; hash: string }>;
}

/** Stores the item's dihedral hashes unless some are stored already; call inside the item's transaction. */
export function recordItemDihedral(vault: Vault, itemId: string, dihedral: PdqDihedral): void {
  vault.db
    .prepare('INSERT OR IGNORE INTO item_pdq_dihedral (item_id, quality, hashes) VALUES (?, ?, ?)')
    .run(itemId, dihedral.quality, dihedral.hashes.join(','));
}

export function itemDihedral(vault: Vault, itemId: string): ItemDihedral | null {
  const row = vault.db
    .prepare('SELECT quality, hashes FROM item_pdq_dihedral WHERE item_id = ?')
    .get(itemId) as { quality: number; hashes: string } | undefined;
  if (!row) return null;
  const hashes = row.hashes.split(',');
  return {
    quality: row.quality,
    hashes: DIHEDRAL_TRANSFORMS.map((transform, i) => ({ transform, hash: hashes[i] ?? '' })),
  };
}
