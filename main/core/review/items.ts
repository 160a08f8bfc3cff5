// The review queue and item facts: pages of items (matched first), one item's full record (hashes,
// matches with bank and distance, EXIF, sources, its ledger history), and categorisation, which writes the
// projection and its signed `item.categorize` entry in one transaction.
import {
  categories,
  type Annotation,
  type Category,
  type ItemDetail,
  type ItemSummary,
  type MatchBadge,
  type Queue,
} from '../../../shared/review';
import { InvalidInputError, NotFoundError } from '../errors';
import { parseEntry } from '../ledger/entry';
import type { Vault } from '../vault/vault';
import { exifPairs } from './exif';

/** The best known-bank match per item: unsuppressed first, exact before PDQ, then smallest distance. */
const bestMatch = `
  best AS (
    SELECT item_id, algorithm, distance, bank_name, bank_version, suppressed_by,
      row_number() OVER (PARTITION BY item_id ORDER BY suppressed_by IS NOT NULL, algorithm = 'pdq', distance) AS rank
    FROM matches WHERE bank_kind = 'known' AND item_id IN (SELECT value FROM json_each(?))
  )`;

const queueFilter: Record<Queue, string> = {
  all: '',
  matched: 'AND i.review_rank = 0',
  uncategorised: 'AND NOT EXISTS (SELECT 1 FROM item_categories c WHERE c.item_id = i.id)',
  categorised: 'AND EXISTS (SELECT 1 FROM item_categories c WHERE c.item_id = i.id)',
};

interface SummaryRow {
  id: string;
  display_name: string;
  mime: string;
  size: number;
  sha256: string;
  viewable: number;
  algorithm: MatchBadge['algorithm'] | null;
  distance: number | null;
  bank_name: string | null;
  bank_version: string | null;
  suppressed_by: string | null;
  category: Category | null;
  annotations: string | null;
}

function summary(row: SummaryRow): ItemSummary {
  return {
    id: row.id,
    fileName: row.display_name,
    mime: row.mime,
    size: row.size,
    sha256: row.sha256,
    viewable: row.viewable === 1,
    match:
      row.algorithm && row.bank_name && row.bank_version
        ? {
            algorithm: row.algorithm,
            distance: row.distance ?? 0,
            bank: row.bank_name,
            bankVersion: row.bank_version,
            suppressedBy: row.suppressed_by,
          }
        : null,
    category: row.category,
    annotations: row.annotations ? (JSON.parse(row.annotations) as Annotation[]) : [],
  };
}

/** How many items each queue holds; each count is an index range or a join on the categories. */
export function queueCounts(vault: Vault): Record<Queue, number> {
  const count = (sql: string) => vault.db.prepare(sql).pluck().get() as number;
  const all = count('SELECT count(*) FROM items WHERE shredded_at IS NULL');
  const categorised = count(
    'SELECT count(*) FROM item_categories c JOIN items i ON i.id = c.item_id WHERE i.shredded_at IS NULL',
  );
  return {
    all,
    matched: count('SELECT count(*) FROM items WHERE shredded_at IS NULL AND review_rank = 0'),
    uncategorised: all - categorised,
    categorised,
  };
}

/** A page of a queue in review order (matched first, then by ingest), read along the order's index. */
export function listItems(
  vault: Vault,
  queue: Queue,
  offset: number,
  limit: number,
): { total: number; items: ItemSummary[] } {
  const db = vault.db;
  const ids = db
    .prepare(
      `SELECT i.id FROM items i INDEXED BY items_review_order WHERE i.shredded_at IS NULL ${queueFilter[queue]}
       ORDER BY i.review_rank, i.ingested_at, i.id LIMIT ? OFFSET ?`,
    )
    .pluck()
    .all(limit, offset) as string[];
  const total = db
    .prepare(`SELECT count(*) FROM items i WHERE i.shredded_at IS NULL ${queueFilter[queue]}`)
    .pluck()
    .get() as number;
  if (ids.length === 0) return { total, items: [] };
  const placeholders = ids.map(() => '?').join(', ');
  const rows = db
    .prepare(
      `WITH ${bestMatch}
       SELECT i.id, i.display_name, i.mime, i.size, i.sha256,
         EXISTS (SELECT 1 FROM derivatives d WHERE d.item_id = i.id AND d.variant = 'thumbnail') AS viewable,
         b.algorithm, b.distance, b.bank_name, b.bank_version, b.suppressed_by, c.category, c.annotations
       FROM items i
       LEFT JOIN best b ON b.item_id = i.id AND b.rank = 1
       LEFT JOIN item_categories c ON c.item_id = i.id
       WHERE i.id IN (${placeholders})`,
    )
    .all(JSON.stringify(ids), ...ids) as SummaryRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return { total, items: ids.map((id) => summary(byId.get(id) as SummaryRow)) };
}

function describeEntry(action: string, details: Record<string, unknown>): string {
  switch (action) {
    case 'item.ingest':
      return details.duplicate
        ? `another copy ingested from ${String(details.path)}`
        : `ingested from ${String(details.path)}`;
    case 'item.view':
      if (details.variant === 'detail') return details.exif ? 'record opened, EXIF shown' : 'record opened';
      return 'viewed blurred';
    case 'item.reveal':
      return `revealed: ${String(details.reason)}`;
    case 'item.categorize': {
      const notes =
        Array.isArray(details.annotations) && details.annotations.length > 0
          ? ` (${details.annotations.join(', ')})`
          : '';
      return `categorised ${String(details.category)}${notes}`;
    }
    case 'item.match': {
      const found = Array.isArray(details.matches) ? details.matches.length : 0;
      return found === 0 ? 'matched against banks: no match' : `matched against banks: ${found} match(es)`;
    }
    case 'item.shred':
      return `shredded: ${String(details.reason)}`;
    default:
      return action;
  }
}

export function itemDetail(vault: Vault, itemId: string, revealed: boolean): ItemDetail {
  const db = vault.db;
  const base = db
    .prepare(
      `WITH ${bestMatch}
       SELECT i.id, i.display_name, i.mime, i.size, i.sha256, i.sha1, i.md5, i.metadata,
         EXISTS (SELECT 1 FROM derivatives d WHERE d.item_id = i.id AND d.variant = 'thumbnail') AS viewable,
         b.algorithm, b.distance, b.bank_name, b.bank_version, b.suppressed_by, c.category, c.annotations
       FROM items i LEFT JOIN best b ON b.item_id = i.id AND b.rank = 1 LEFT JOIN item_categories c ON c.item_id = i.id
       WHERE i.id = ? AND i.shredded_at IS NULL`,
    )
    .get(JSON.stringify([itemId]), itemId) as
    (SummaryRow & { sha1: string; md5: string; metadata: string }) | undefined;
  if (!base) throw new NotFoundError(`There is no item ${itemId} in this vault.`);
  const pdq = db.prepare('SELECT hash, quality, error FROM item_pdq WHERE item_id = ?').get(itemId) as
    { hash: string | null; quality: number | null; error: string | null } | undefined;
  const matches = (
    db
      .prepare(
        `SELECT algorithm, distance, bank_name, bank_version, suppressed_by, matched_value, label, category FROM matches
         WHERE item_id = ? AND bank_kind = 'known' ORDER BY suppressed_by IS NOT NULL, algorithm = 'pdq', distance`,
      )
      .all(itemId) as Array<{
      algorithm: MatchBadge['algorithm'];
      distance: number;
      bank_name: string;
      bank_version: string;
      suppressed_by: string | null;
      matched_value: string;
      label: string | null;
      category: string | null;
    }>
  ).map((m) => ({
    algorithm: m.algorithm,
    distance: m.distance,
    bank: m.bank_name,
    bankVersion: m.bank_version,
    suppressedBy: m.suppressed_by,
    value: m.matched_value,
    label: m.label,
    category: m.category,
  }));
  const rawMetadata = JSON.parse(base.metadata) as Record<string, unknown>;
  const metadata: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(rawMetadata)) {
    if (
      key !== 'exif' &&
      (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    )
      metadata[key] = value;
  }
  const failure = db
    .prepare('SELECT reason FROM derivative_failures WHERE item_id = ?')
    .pluck()
    .get(itemId) as string | undefined;
  if (failure) metadata.displayError = failure;
  const sources = (
    db
      .prepare(
        `SELECT s.file_name, s.original_path, s.modified_at, s.ingested_at, u.name AS ingested_by FROM item_sources s
         JOIN users u ON u.id = s.ingested_by WHERE s.item_id = ? ORDER BY s.ingested_at`,
      )
      .all(itemId) as Array<{
      file_name: string;
      original_path: string;
      modified_at: string | null;
      ingested_at: string;
      ingested_by: string;
    }>
  ).map((s) => ({
    fileName: s.file_name,
    path: s.original_path,
    modifiedAt: s.modified_at,
    ingestedAt: s.ingested_at,
    ingestedBy: s.ingested_by,
  }));
  const history = vault.ledger
    .seqsForSubject(itemId)
    .slice(-200)
    .flatMap((seq) => vault.ledger.leaves(seq, seq + 1))
    .map((leaf) => {
      const entry = parseEntry(leaf);
      return {
        seq: entry.seq,
        time: entry.time,
        actor: entry.actorName,
        action: entry.action,
        summary: describeEntry(entry.action, entry.details),
      };
    });
  return {
    ...summary(base),
    sha1: base.sha1,
    md5: base.md5,
    pdq: pdq ?? null,
    matches,
    metadata,
    exif: exifPairs(typeof rawMetadata.exif === 'string' ? rawMetadata.exif : undefined),
    sources,
    history,
    revealed,
  };
}

export function categorizeItems(
  vault: Vault,
  itemIds: readonly string[],
  category: Category,
  notes: readonly Annotation[],
): number {
  if (!categories.includes(category)) throw new InvalidInputError(`Unknown category ${category}.`);
  const unique = [...new Set(itemIds)];
  const known = vault.db.prepare('SELECT 1 FROM items WHERE id = ? AND shredded_at IS NULL');
  const missing = unique.filter((id) => !known.get(id));
  if (missing.length > 0)
    throw new NotFoundError(`These items are not in the vault: ${missing.slice(0, 5).join(', ')}.`);
  const annotationsJson = JSON.stringify([...new Set(notes)].sort());
  const now = new Date().toISOString();
  vault.db.transaction(() => {
    const upsert = vault.db.prepare(
      `INSERT INTO item_categories (item_id, category, annotations, categorized_by, categorized_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (item_id) DO UPDATE SET category = excluded.category, annotations = excluded.annotations,
         categorized_by = excluded.categorized_by, categorized_at = excluded.categorized_at`,
    );
    for (const id of unique) upsert.run(id, category, annotationsJson, vault.user.id, now);
    vault.record('item.categorize', unique, {
      category,
      annotations: JSON.parse(annotationsJson) as string[],
    });
  })();
  return unique.length;
}
