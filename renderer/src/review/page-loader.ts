// Fetches the pages of the current queue the grid needs: those in view first, then one either side, a
// few requests at a time, skipping pages scrolled past before their turn. A refresh keeps the old pages
// on screen until their replacements arrive, so categorising in a filtered queue never flashes empty
// tiles. It never fetches the whole queue.
import type { SearchFilter } from '../../../shared/desk';
import type { ItemSummary, Queue } from '../../../shared/review';
import { call } from '../api';
import { pageSize, pagesCovering, trimPages, type Pages } from './pages';

/**
 * Page requests in flight at once. The core answers them one after another, so a second one would only
 * wait there; with one, at most one request for a page already scrolled past delays the page in view.
 */
const concurrentPages = 1;
/**
 * After a queue's first page, the core serves the first screen's thumbnails before it starts on slower
 * work (the sidebar counts, pages ahead of the view), which waits this long.
 */
const firstScreenGraceMs = 300;

/** A page of what the grid shows: the queue, or the search's results when a search is set. */
export function fetchPage(
  shown: { queue: Queue; search?: SearchFilter | null },
  offset: number,
  limit: number,
): Promise<{ total: number; items: ItemSummary[] }> {
  return shown.search
    ? call('review.search', { filter: shown.search, offset, limit })
    : call('review.items', { queue: shown.queue, offset, limit });
}

export interface PageLoaderHost {
  snapshot(): {
    queue: Queue;
    search?: SearchFilter | null;
    generation: number;
    total: number | null;
    pages: Pages;
  };
  receive(pages: Pages, total: number): void;
  fail(error: unknown): void;
  /** Once per queue, a grace time after its first page answered. */
  firstScreenShown(): void;
}

export class PageLoader {
  #wanted: number[] = [];
  readonly #inflight = new Map<number, number>();
  /** The generation each cached page was fetched in; older ones are shown until replaced. */
  readonly #pageGeneration = new Map<number, number>();
  #recency: number[] = [];
  #readAhead = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #lastView: [number, number] = [0, 0];

  constructor(private readonly host: PageLoaderHost) {}

  /** Forgets everything about the previous queue; call `load()` once the host has a new generation. */
  reset(): void {
    this.stop();
    this.#readAhead = false;
    this.#pageGeneration.clear();
    this.#recency = [];
    this.#wanted = [0];
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#inflight.clear();
  }

  /** Fetches what is wanted and not yet fetched in the host's current generation. */
  load(): void {
    const { generation, total } = this.host.snapshot();
    for (const page of this.#wanted) {
      if (this.#inflight.size >= concurrentPages) return;
      if (this.#inflight.has(page) || this.#pageGeneration.get(page) === generation) continue;
      if (total !== null && page > 0 && page * pageSize >= total) continue;
      this.#fetch(page, generation);
    }
  }

  /** Fetches every wanted page again (the host bumped its generation); old pages stay until replaced. */
  refresh(): void {
    this.#inflight.clear();
    this.load();
  }

  /** The grid shows item positions [from, to]. */
  view(from: number, to: number): void {
    this.#lastView = [from, to];
    const inView = pagesCovering(from, to);
    const first = inView[0] ?? 0;
    const last = inView[inView.length - 1] ?? 0;
    const ahead = this.#readAhead ? [last + 1, ...(first > 0 ? [first - 1] : [])] : [];
    this.#wanted = [...inView, ...ahead];
    this.#recency = [...this.#recency.filter((p) => !this.#wanted.includes(p)), ...this.#wanted];
    this.load();
  }

  #fetch(page: number, generation: number): void {
    this.#inflight.set(page, generation);
    fetchPage(this.host.snapshot(), page * pageSize, pageSize)
      .then(({ total, items }) => {
        const now = this.host.snapshot();
        if (now.generation !== generation) return;
        this.#pageGeneration.set(page, generation);
        const pages = new Map(now.pages).set(page, items);
        const current = (p: number) => this.#pageGeneration.get(p) === generation || p * pageSize >= total;
        if (this.#wanted.every(current)) {
          for (const p of [...pages.keys()]) {
            if (this.#pageGeneration.get(p) !== generation) {
              pages.delete(p);
              this.#pageGeneration.delete(p);
            }
          }
        }
        const kept = trimPages(pages, this.#recency, new Set(this.#wanted));
        for (const p of this.#pageGeneration.keys()) if (!kept.has(p)) this.#pageGeneration.delete(p);
        const first = now.total === null;
        this.host.receive(kept, total);
        if (first) {
          this.#timer = setTimeout(() => {
            this.#timer = null;
            this.#readAhead = true;
            this.host.firstScreenShown();
            this.view(...this.#lastView);
          }, firstScreenGraceMs);
        }
      })
      .catch((error: unknown) => {
        if (this.host.snapshot().generation === generation) this.host.fail(error);
      })
      .finally(() => {
        if (this.#inflight.get(page) === generation) this.#inflight.delete(page);
        if (this.host.snapshot().generation === generation) this.load();
      });
  }
}
