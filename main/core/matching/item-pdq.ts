// PDQ hashes for items ingested before their PDQ was needed (or whose hashing was interrupted): computed
// from the encrypted original, decrypted in memory only, on the PDQ worker pool. Stored with the error
// when the image cannot be decoded, so a missing hash is always visible.
import { isImageMime } from '../media/sniff';
import { readBlobFully } from '../vault/blobs';
import type { Vault } from '../vault/vault';
import type { PdqWorkerPool } from './pdq';

export async function ensureItemPdq(
  vault: Vault,
  itemIds: readonly string[],
  pool: PdqWorkerPool,
): Promise<number> {
  const missing = vault.db.prepare(
    `SELECT i.id, i.mime, i.original_blob, i.display_name FROM items i LEFT JOIN item_pdq p ON p.item_id = i.id
     WHERE i.id = ? AND p.item_id IS NULL AND i.shredded_at IS NULL`,
  );
  const insert = vault.db.prepare(
    'INSERT OR IGNORE INTO item_pdq (item_id, hash, quality, error) VALUES (?, ?, ?, ?)',
  );
  let computed = 0;
  for (const id of itemIds) {
    const row = missing.get(id) as
      { id: string; mime: string; original_blob: string; display_name: string } | undefined;
    if (!row || !isImageMime(row.mime)) continue;
    const result = await pool.hashBytes(
      row.display_name || row.id,
      await readBlobFully(vault, row.original_blob),
    );
    insert.run(
      id,
      result.ok ? result.pdq.hash : null,
      result.ok ? result.pdq.quality : null,
      result.ok ? null : result.error.message,
    );
    computed++;
  }
  return computed;
}
