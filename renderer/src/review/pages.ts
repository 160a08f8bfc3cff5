// The queue as the grid sees it: fixed-size pages of `review.items`, fetched on demand as rows come into
// view and kept in a bounded cache. Pure data helpers; the review store decides when to fetch.
import type { ItemSummary } from '../../../shared/review';

/** Items per `review.items` request (the contract allows up to 500). */
export const pageSize = 120;
/** Pages kept in memory; the least recently wanted go first, never the ones in view. */
export const maxCachedPages = 150;

export type Pages = ReadonlyMap<number, readonly ItemSummary[]>;

export function pageOf(index: number): number {
  return Math.floor(index / pageSize);
}

export function itemAt(pages: Pages, index: number): ItemSummary | undefined {
  return pages.get(pageOf(index))?.[index % pageSize];
}

/** The pages covering item indices [from, to], nearest to `from` first. */
export function pagesCovering(from: number, to: number): number[] {
  const pages: number[] = [];
  for (let page = pageOf(Math.max(0, from)); page <= pageOf(Math.max(0, to)); page++) pages.push(page);
  return pages;
}

/** Drops pages beyond the cap, keeping `keep` and otherwise the most recently used (`order`, oldest first). */
export function trimPages(pages: Pages, order: readonly number[], keep: ReadonlySet<number>): Pages {
  if (pages.size <= maxCachedPages) return pages;
  const next = new Map(pages);
  for (const page of order) {
    if (next.size <= maxCachedPages) break;
    if (!keep.has(page)) next.delete(page);
  }
  return next;
}

/** A copy of the cache with `patch` applied to the items whose id is in `ids`. */
export function patchItems(
  pages: Pages,
  ids: ReadonlySet<string>,
  patch: (item: ItemSummary) => ItemSummary,
): Pages {
  const next = new Map(pages);
  for (const [page, items] of pages) {
    if (!items.some((item) => ids.has(item.id))) continue;
    next.set(
      page,
      items.map((item) => (ids.has(item.id) ? patch(item) : item)),
    );
  }
  return next;
}
