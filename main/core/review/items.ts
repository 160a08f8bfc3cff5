// The review queue and item facts: pages of items (matched first), one item's full record (hashes,
// matches with bank and distance, EXIF, sources, its ledger history), and categorisation, which writes the
// projection and its signed `item.categorize` entry in one transaction. Matches, PDQ hashes and user names
// come from their owners.
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
import { requireRole, userNames, type Vault } from '../identity';
import { awaitsRematch, bestKnownMatches, itemPdq, itemVpdq, knownMatches } from '../matching';
import { exifPairs } from './exif';

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
  category: Category | null;
  annotations: string | null;
}

/** The columns of a summary: the item, whether it has a thumbnail, and its category. */
const summaryColumns = `i.id, i.display_name, i.mime, i.size, i.sha256,
  EXISTS (SELECT 1 FROM derivatives d WHERE d.item_id = i.id AND d.variant = 'thumbnail') AS viewable,
  c.category, c.annotations`;

function summary(row: SummaryRow, match: MatchBadge | undefined): ItemSummary {
  return {
    id: row.id,
    fileName: row.display_name,
    mime: row.mime,
    size: row.size,
    sha256: row.sha256,
    viewable: row.viewable === 1,
    match: match ?? null,
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
  return { total, items: itemSummaries(vault, ids) };
}

/** The grid's summary of each item, in the order given (a page of a queue or of a search). */
export function itemSummaries(vault: Vault, ids: readonly string[]): ItemSummary[] {
  if (ids.length === 0) return [];
  const placeholders = ids.map(() => '?').join(', ');
  const rows = vault.db
    .prepare(
      `SELECT ${summaryColumns} FROM items i LEFT JOIN item_categories c ON c.item_id = i.id
       WHERE i.id IN (${placeholders})`,
    )
    .all(...ids) as SummaryRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const matches = bestKnownMatches(vault, ids);
  return ids.map((id) => summary(byId.get(id) as SummaryRow, matches.get(id)));
}

/** How an item's history reads one entry about it. */
export function describeEntry(action: string, details: Record<string, unknown>): string {
  switch (action) {
    case 'item.ingest':
      return details.duplicate
        ? `another copy ingested from ${String(details.path)}`
        : `ingested from ${String(details.path)}`;
    case 'item.view':
      if (details.variant === 'detail') return details.exif ? 'record opened, EXIF shown' : 'record opened';
      if (details.variant === 'clear')
        return typeof details.keyframe === 'number'
          ? `unblurred keyframe ${details.keyframe + 1} shown again`
          : 'unblurred preview shown again';
      if (details.variant === 'playback') return 'video played, muted';
      return 'viewed blurred';
    case 'item.reveal':
      return typeof details.keyframe === 'number'
        ? `keyframe ${details.keyframe + 1} revealed: ${String(details.reason)}`
        : `revealed: ${String(details.reason)}`;
    case 'item.unmute':
      return 'video unmuted';
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
      `SELECT ${summaryColumns}, i.sha1, i.md5, i.metadata
       FROM items i LEFT JOIN item_categories c ON c.item_id = i.id
       WHERE i.id = ? AND i.shredded_at IS NULL`,
    )
    .get(itemId) as (SummaryRow & { sha1: string; md5: string; metadata: string }) | undefined;
  if (!base) throw new NotFoundError(`There is no item ${itemId} in this vault.`);
  const matches = knownMatches(vault, itemId);
  const best = matches[0];
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
  const sourceRows = db
    .prepare(
      `SELECT file_name, original_path, modified_at, ingested_at, ingested_by FROM item_sources
       WHERE item_id = ? ORDER BY ingested_at`,
    )
    .all(itemId) as Array<{
    file_name: string;
    original_path: string;
    modified_at: string | null;
    ingested_at: string;
    ingested_by: string;
  }>;
  const names = userNames(
    vault,
    sourceRows.map((s) => s.ingested_by),
  );
  const sources = sourceRows.map((s) => ({
    fileName: s.file_name,
    path: s.original_path,
    modifiedAt: s.modified_at,
    ingestedAt: s.ingested_at,
    ingestedBy: names.get(s.ingested_by) ?? s.ingested_by,
  }));
  const history = vault.ledger.entriesFor(itemId, undefined, 200).map((entry) => ({
    seq: entry.seq,
    time: entry.time,
    actor: entry.actorName,
    action: entry.action,
    summary: describeEntry(entry.action, entry.details),
  }));
  return {
    ...summary(
      base,
      best && {
        algorithm: best.algorithm,
        distance: best.distance,
        bank: best.bank,
        bankVersion: best.bankVersion,
        suppressedBy: best.suppressedBy,
        transform: best.transform,
        suppressor: best.suppressor,
        flaggedAt: best.flaggedAt,
        ...(best.queryPercent !== undefined
          ? { queryPercent: best.queryPercent, targetPercent: best.targetPercent }
          : {}),
      },
    ),
    sha1: base.sha1,
    md5: base.md5,
    pdq: itemPdq(vault, itemId),
    matches,
    matchPending: awaitsRematch(vault, itemId),
    vpdq: itemVpdq(vault, itemId),
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
  requireRole(vault, 'item.categorize');
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
