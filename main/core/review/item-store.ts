// The evidence items as records: a new item and its display copies (or why there are none) as ingest hands
// them over, each source it was ingested from, its place in review order, and the facts other modules read
// (hashes, original blob, display copies). Owns the items, item_sources, derivatives and
// derivative_failures tables; it never reads a file or decodes an image (media does).
import { NotFoundError } from '../errors';
import { readBlobFully } from '../vault';
import type { Vault } from '../identity';

/** The display copies of an item: blurred thumbnail and preview, and the unblurred preview. */
export const derivativeVariants = ['thumbnail', 'preview', 'clear'] as const;
export type DerivativeVariant = (typeof derivativeVariants)[number];

export interface NewItem {
  id: string;
  sha256: string;
  sha1: string;
  md5: string;
  size: number;
  mime: string;
  originalBlob: string;
  /** What ingest read from the file (image size, EXIF ...), stored as JSON. */
  metadata: object;
  displayName: string;
  ingestedAt: string;
  /** Who ingested it: the signed-in user unless it came from a peer workstation (their peer user). */
  ingestedBy?: string;
}

export interface NewDerivative {
  variant: DerivativeVariant;
  blobId: string;
  width: number;
  height: number;
  mime: string;
}

/** What ingest made for display: the copies, or why the image could not be rendered; null for non-images. */
export type NewDisplay = { ok: true; derivatives: NewDerivative[] } | { ok: false; reason: string } | null;

export interface NewItemSource {
  id: string;
  itemId: string;
  originalPath: string;
  fileName: string;
  modifiedAt: string | null;
  changedAt: string | null;
  createdAt: string | null;
  ingestedAt: string;
  /** Who ingested it: the signed-in user unless it came from a peer workstation (their peer user). */
  ingestedBy?: string;
}

/** What other modules may know about an item. */
export interface ItemFacts {
  id: string;
  sha256: string;
  sha1: string;
  md5: string;
  mime: string;
  originalBlob: string;
  displayName: string;
  shreddedAt: string | null;
}

/** The id of the item with this SHA-256 (shredded or not), or null when the vault has none. */
export function itemWithSha256(vault: Vault, sha256: string): string | null {
  const row = vault.db.prepare('SELECT id FROM items WHERE sha256 = ?').get(sha256) as
    { id: string } | undefined;
  return row?.id ?? null;
}

/** Records a new item and its display copies; call inside the transaction that records its ingest. */
export function recordNewItem(vault: Vault, item: NewItem, display: NewDisplay): void {
  const db = vault.db;
  db.prepare(
    `INSERT INTO items (id, sha256, sha1, md5, size, mime, original_blob, metadata, ingested_at, ingested_by, display_name)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    item.id,
    item.sha256,
    item.sha1,
    item.md5,
    item.size,
    item.mime,
    item.originalBlob,
    JSON.stringify(item.metadata),
    item.ingestedAt,
    item.ingestedBy ?? vault.user.id,
    item.displayName,
  );
  if (display?.ok) {
    const insert = db.prepare(
      'INSERT INTO derivatives (item_id, variant, blob_id, width, height, mime) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const d of display.derivatives) insert.run(item.id, d.variant, d.blobId, d.width, d.height, d.mime);
  } else if (display) {
    db.prepare('INSERT INTO derivative_failures (item_id, reason) VALUES (?, ?)').run(
      item.id,
      display.reason,
    );
  }
}

/** Records one source an item was ingested from; call inside the transaction that records the ingest. */
export function recordItemSource(vault: Vault, source: NewItemSource): void {
  vault.db
    .prepare(
      `INSERT INTO item_sources (id, item_id, original_path, file_name, modified_at, changed_at, created_at, ingested_at, ingested_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      source.id,
      source.itemId,
      source.originalPath,
      source.fileName,
      source.modifiedAt,
      source.changedAt,
      source.createdAt,
      source.ingestedAt,
      source.ingestedBy ?? vault.user.id,
    );
}

/** Puts an item first in review (it has an unsuppressed known match) or with the rest, in ingest order. */
export function setOrderRank(vault: Vault, itemId: string, shownFirst: boolean): void {
  vault.db.prepare('UPDATE items SET review_rank = ? WHERE id = ?').run(shownFirst ? 0 : 1, itemId);
}

/** The ids of every item not shredded, in ingest order. */
export function liveItemIds(vault: Vault): string[] {
  return vault.db
    .prepare('SELECT id FROM items WHERE shredded_at IS NULL ORDER BY ingested_at')
    .pluck()
    .all() as string[];
}

export function itemFacts(vault: Vault, itemId: string): ItemFacts | null {
  const row = vault.db
    .prepare(
      `SELECT id, sha256, sha1, md5, mime, original_blob AS originalBlob, display_name AS displayName,
         shredded_at AS shreddedAt FROM items WHERE id = ?`,
    )
    .get(itemId) as ItemFacts | undefined;
  return row ?? null;
}

/**
 * A display copy of an item that is not shredded, decrypted: its bytes and type, or null when there is no
 * such item or copy (not an image, or the image could not be rendered).
 */
export async function derivativeFor(
  vault: Vault,
  itemId: string,
  variant: DerivativeVariant,
): Promise<{ mime: string; bytes: Buffer } | null> {
  const row = vault.db
    .prepare(
      `SELECT d.blob_id, d.mime FROM derivatives d JOIN items i ON i.id = d.item_id
       WHERE d.item_id = ? AND d.variant = ? AND i.shredded_at IS NULL`,
    )
    .get(itemId, variant) as { blob_id: string; mime: string } | undefined;
  if (!row) return null;
  return { mime: row.mime, bytes: await readBlobFully(vault, row.blob_id) };
}

/** The stored original of every item not shredded, with the SHA-256 it must still have. */
export function liveOriginals(vault: Vault): Array<{ itemId: string; sha256: string; blobId: string }> {
  return vault.db
    .prepare('SELECT id AS itemId, sha256, original_blob AS blobId FROM items WHERE shredded_at IS NULL')
    .all() as Array<{ itemId: string; sha256: string; blobId: string }>;
}

/** Every display copy's blob, with the item and variant it belongs to. */
export function derivativeBlobs(
  vault: Vault,
): Array<{ itemId: string; variant: DerivativeVariant; blobId: string }> {
  return vault.db
    .prepare('SELECT item_id AS itemId, variant, blob_id AS blobId FROM derivatives')
    .all() as Array<{ itemId: string; variant: DerivativeVariant; blobId: string }>;
}

export interface ItemRecord {
  id: string;
  sha256: string;
  sha1: string;
  md5: string;
  size: number;
  mime: string;
  originalBlob: string;
  shredded: boolean;
  /** The item's display copies' blobs. */
  derivativeBlobs: string[];
  category: { category: string; annotations: string[] } | null;
}

/** Every item row with its display copies and categorisation, shredded items included, for `verify`. */
export function itemProjection(vault: Vault): ItemRecord[] {
  const copies = new Map<string, string[]>();
  for (const d of derivativeBlobs(vault)) copies.set(d.itemId, [...(copies.get(d.itemId) ?? []), d.blobId]);
  const categories = new Map(
    (
      vault.db.prepare('SELECT item_id, category, annotations FROM item_categories').all() as Array<{
        item_id: string;
        category: string;
        annotations: string;
      }>
    ).map((r) => [r.item_id, { category: r.category, annotations: JSON.parse(r.annotations) as string[] }]),
  );
  const rows = vault.db
    .prepare(
      `SELECT id, sha256, sha1, md5, size, mime, original_blob AS originalBlob, shredded_at FROM items`,
    )
    .all() as Array<
    Omit<ItemRecord, 'shredded' | 'derivativeBlobs' | 'category'> & { shredded_at: string | null }
  >;
  return rows.map(({ shredded_at, ...r }) => ({
    ...r,
    shredded: shredded_at !== null,
    derivativeBlobs: copies.get(r.id) ?? [],
    category: categories.get(r.id) ?? null,
  }));
}

/** The original bytes of an item that is not shredded, decrypted (for small evidence read whole: transcripts). */
export async function readItemOriginal(vault: Vault, itemId: string): Promise<Buffer> {
  const row = vault.db
    .prepare('SELECT original_blob FROM items WHERE id = ? AND shredded_at IS NULL')
    .get(itemId) as { original_blob: string } | undefined;
  if (!row) throw new NotFoundError(`There is no item ${itemId} in this vault, or it was shredded.`);
  return readBlobFully(vault, row.original_blob);
}
