// The grid's page cache and positional selections: which page holds a position, which pages a view
// covers, what a full cache drops, and that an optimistic patch touches only the pages it must.
import { describe, expect, it } from 'vitest';
import {
  itemAt,
  maxCachedPages,
  pageOf,
  pageSize,
  pagesCovering,
  patchItems,
  trimPages,
  type Pages,
} from '../../renderer/src/review/pages';
import { everyIndex, rangeOf } from '../../renderer/src/review/selection';
import { item } from './support';

function pageOfItems(page: number): ReturnType<typeof item>[] {
  return Array.from({ length: pageSize }, (_, i) => item(`p${page}-${i}`));
}

describe('pages', () => {
  it('finds a position on its page, and nothing on a page not fetched', () => {
    const pages: Pages = new Map([[1, pageOfItems(1)]]);
    expect(pageOf(pageSize - 1)).toBe(0);
    expect(pageOf(pageSize)).toBe(1);
    expect(itemAt(pages, pageSize + 5)?.id).toBe('p1-5');
    expect(itemAt(pages, 5)).toBeUndefined();
  });

  it('lists the pages a view covers, clamping negative positions', () => {
    expect(pagesCovering(-10, pageSize - 1)).toEqual([0]);
    expect(pagesCovering(pageSize - 1, 2 * pageSize)).toEqual([0, 1, 2]);
  });

  it('drops the least recently wanted pages beyond the cap, never the ones in view', () => {
    const pages = new Map<number, ReturnType<typeof item>[]>();
    for (let p = 0; p <= maxCachedPages + 1; p++) pages.set(p, []);
    const order = [...pages.keys()];
    const trimmed = trimPages(pages, order, new Set([0]));
    expect(trimmed.size).toBe(maxCachedPages);
    expect(trimmed.has(0)).toBe(true);
    expect(trimmed.has(1)).toBe(false);
    expect(trimmed.has(2)).toBe(false);
    expect(trimmed.has(maxCachedPages + 1)).toBe(true);
  });

  it('keeps the cache as it is below the cap', () => {
    const pages: Pages = new Map([[0, []]]);
    expect(trimPages(pages, [0], new Set())).toBe(pages);
  });

  it('patches only the items named, and copies only the pages holding them', () => {
    const first = pageOfItems(0);
    const second = pageOfItems(1);
    const pages: Pages = new Map([
      [0, first],
      [1, second],
    ]);
    const next = patchItems(pages, new Set(['p1-3']), (i) => ({ ...i, category: 'B1' }));
    expect(next.get(0)).toBe(first);
    expect(next.get(1)).not.toBe(second);
    expect(itemAt(next, pageSize + 3)?.category).toBe('B1');
    expect(itemAt(next, pageSize + 4)?.category).toBeNull();
    expect(itemAt(pages, pageSize + 3)?.category).toBeNull();
  });
});

describe('selection', () => {
  it('is every position between two, in either order', () => {
    expect([...rangeOf(3, 5)]).toEqual([3, 4, 5]);
    expect([...rangeOf(5, 3)]).toEqual([3, 4, 5]);
    expect([...rangeOf(4, 4)]).toEqual([4]);
  });

  it('covers a whole queue', () => {
    expect(everyIndex(4)).toEqual(new Set([0, 1, 2, 3]));
  });
});
