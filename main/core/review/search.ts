// Searching the review grid: by a hash of the original (SHA-256, SHA-1 or MD5, or PDQ within a distance),
// file name, bank, kind of match, category, case, reviewer and ingest date. Results page in review order
// (matched first, then by ingest) like the queues: the order's index is walked and each filter is an
// indexed probe per row; what matching knows arrives from matching as item ids, never by its tables.
import type { SearchFilter } from '../../../shared/desk';
import type { ItemSummary } from '../../../shared/review';
import { NotFoundError } from '../errors';
import { userProjection, type Vault } from '../identity';
import { itemIdsMatching, itemIdsNearPdq } from '../matching';
import { itemSummaries } from './items';

interface Clause {
  sql: string;
  params: unknown[];
}

/** LIKE's wildcards in a typed name stand for themselves. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A date alone means that whole day (from its start, or to its end). */
function bound(value: string, end: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = Date.parse(`${value}T00:00:00Z`) + (end ? 86_400_000 : 0);
    return new Date(day).toISOString();
  }
  return new Date(value).toISOString();
}

function clauses(vault: Vault, filter: SearchFilter): Clause[] {
  const out: Clause[] = [];
  if (filter.hash !== undefined) {
    const hash = filter.hash.toLowerCase();
    if (filter.pdqDistance !== undefined && hash.length === 64) {
      const ids = itemIdsNearPdq(vault, hash, filter.pdqDistance);
      out.push({ sql: 'i.id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(ids)] });
    } else {
      const column = hash.length === 64 ? 'sha256' : hash.length === 40 ? 'sha1' : 'md5';
      out.push({ sql: `i.${column} = ?`, params: [hash] });
    }
  }
  if (filter.fileName !== undefined) {
    const pattern = likeContains(filter.fileName);
    out.push({
      sql: `(i.display_name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM item_sources s WHERE s.item_id = i.id AND s.file_name LIKE ? ESCAPE '\\'))`,
      params: [pattern, pattern],
    });
  }
  if (filter.bank !== undefined || filter.matchKind !== undefined) {
    const ids = itemIdsMatching(vault, {
      ...(filter.bank !== undefined ? { bank: filter.bank } : {}),
      ...(filter.matchKind !== undefined ? { kind: filter.matchKind } : {}),
    });
    out.push({ sql: 'i.id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(ids)] });
  }
  if (filter.category === 'uncategorised') {
    out.push({ sql: 'NOT EXISTS (SELECT 1 FROM item_categories c WHERE c.item_id = i.id)', params: [] });
  } else if (filter.category !== undefined) {
    out.push({
      sql: 'EXISTS (SELECT 1 FROM item_categories c WHERE c.item_id = i.id AND c.category = ?)',
      params: [filter.category],
    });
  }
  if (filter.caseId !== undefined) {
    out.push({
      sql: 'EXISTS (SELECT 1 FROM case_items ci WHERE ci.item_id = i.id AND ci.case_id = ?)',
      params: [filter.caseId],
    });
  }
  if (filter.reviewer !== undefined) {
    const user = userProjection(vault).find((u) => u.name === filter.reviewer);
    if (!user) throw new NotFoundError(`This vault has no user "${filter.reviewer}".`);
    out.push({
      sql: 'EXISTS (SELECT 1 FROM item_categories c WHERE c.item_id = i.id AND c.categorized_by = ?)',
      params: [user.id],
    });
  }
  if (filter.from !== undefined) out.push({ sql: 'i.ingested_at >= ?', params: [bound(filter.from, false)] });
  if (filter.to !== undefined) out.push({ sql: 'i.ingested_at < ?', params: [bound(filter.to, true)] });
  return out;
}

/** A page of the items the filter finds, in review order, with how many it finds in all. */
export function searchItems(
  vault: Vault,
  filter: SearchFilter,
  offset: number,
  limit: number,
): { total: number; items: ItemSummary[] } {
  const found = clauses(vault, filter);
  const where = ['i.shredded_at IS NULL', ...found.map((c) => c.sql)].join(' AND ');
  const params = found.flatMap((c) => c.params);
  const ids = vault.db
    .prepare(
      `SELECT i.id FROM items i WHERE ${where} ORDER BY i.review_rank, i.ingested_at, i.id LIMIT ? OFFSET ?`,
    )
    .pluck()
    .all(...params, limit, offset) as string[];
  const total = vault.db
    .prepare(`SELECT count(*) FROM items i WHERE ${where}`)
    .pluck()
    .get(...params) as number;
  return { total, items: itemSummaries(vault, ids) };
}
