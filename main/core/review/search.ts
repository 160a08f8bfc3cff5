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

/**
 * The table a selective filter starts from (the items of a case, a category, a reviewer, or the ids
 * matching knows), joined to the items through their covering key index, so only the found items are
 * read and sorted; without one, the review order's covering index is walked.
 */
interface Driver {
  from: string;
  id: string;
  where: Clause;
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

function idList(ids: readonly string[]): Driver {
  return { from: 'json_each(?) d', id: 'd.value', where: { sql: '1', params: [JSON.stringify(ids)] } };
}

function plan(vault: Vault, filter: SearchFilter): { driver: Driver | null; clauses: Clause[] } {
  const drivers: Driver[] = [];
  const clauses: Clause[] = [];
  if (filter.caseId !== undefined) {
    drivers.push({
      from: 'case_items ci',
      id: 'ci.item_id',
      where: { sql: 'ci.case_id = ?', params: [filter.caseId] },
    });
  }
  if (filter.hash !== undefined) {
    const hash = filter.hash.toLowerCase();
    if (filter.pdqDistance !== undefined && hash.length === 64) {
      drivers.push(idList(itemIdsNearPdq(vault, hash, filter.pdqDistance)));
    } else {
      const column = hash.length === 64 ? 'sha256' : hash.length === 40 ? 'sha1' : 'md5';
      clauses.push({ sql: `i.${column} = ?`, params: [hash] });
    }
  }
  if (filter.bank !== undefined || filter.matchKind !== undefined) {
    drivers.push(
      idList(
        itemIdsMatching(vault, {
          ...(filter.bank !== undefined ? { bank: filter.bank } : {}),
          ...(filter.matchKind !== undefined ? { kind: filter.matchKind } : {}),
        }),
      ),
    );
  }
  if (filter.category === 'uncategorised') {
    clauses.push({ sql: 'NOT EXISTS (SELECT 1 FROM item_categories c WHERE c.item_id = i.id)', params: [] });
  } else if (filter.category !== undefined) {
    drivers.push({
      from: 'item_categories c',
      id: 'c.item_id',
      where: { sql: 'c.category = ?', params: [filter.category] },
    });
  }
  if (filter.reviewer !== undefined) {
    const user = userProjection(vault).find((u) => u.name === filter.reviewer);
    if (!user) throw new NotFoundError(`This vault has no user "${filter.reviewer}".`);
    drivers.push({
      from: 'item_categories r',
      id: 'r.item_id',
      where: { sql: 'r.categorized_by = ?', params: [user.id] },
    });
  }
  if (filter.fileName !== undefined) {
    clauses.push({ sql: `i.display_name LIKE ? ESCAPE '\\'`, params: [likeContains(filter.fileName)] });
  }
  if (filter.from !== undefined)
    clauses.push({ sql: 'i.ingested_at >= ?', params: [bound(filter.from, false)] });
  if (filter.to !== undefined) clauses.push({ sql: 'i.ingested_at < ?', params: [bound(filter.to, true)] });
  // The first driver leads; any other becomes a membership test on the items it found.
  const [driver, ...others] = drivers;
  for (const other of others) {
    clauses.push({
      sql: `i.id IN (SELECT ${other.id} FROM ${other.from} WHERE ${other.where.sql})`,
      params: other.where.params,
    });
  }
  return { driver: driver ?? null, clauses };
}

/**
 * A page of the items the filter finds, in review order, with how many it finds in all. File names are
 * matched against the name the grid shows (the item's first source).
 */
export function searchItems(
  vault: Vault,
  filter: SearchFilter,
  offset: number,
  limit: number,
): { total: number; items: ItemSummary[] } {
  const { driver, clauses } = plan(vault, filter);
  const found = driver ? [driver.where, ...clauses] : clauses;
  const where = ['i.shredded_at IS NULL', ...found.map((c) => c.sql)].join(' AND ');
  const params = found.flatMap((c) => c.params);
  // CROSS JOIN keeps the driver as the outer loop, and each found item is read from the covering key
  // index, never its row; without a driver the covering review order is walked, unless an exact hash
  // names the item through its own index.
  const exactHash = filter.hash !== undefined && filter.pdqDistance === undefined;
  const from = driver
    ? `${driver.from} CROSS JOIN items i INDEXED BY items_search_key ON i.id = ${driver.id}`
    : exactHash
      ? 'items i'
      : 'items i INDEXED BY items_search_order';
  const ids = vault.db
    .prepare(
      `SELECT i.id FROM ${from} WHERE ${where} ORDER BY i.review_rank, i.ingested_at, i.id LIMIT ? OFFSET ?`,
    )
    .pluck()
    .all(...params, limit, offset) as string[];
  const total = vault.db
    .prepare(`SELECT count(*) FROM ${from} WHERE ${where}`)
    .pluck()
    .get(...params) as number;
  return { total, items: itemSummaries(vault, ids) };
}
