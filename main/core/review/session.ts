// What one unlock session knows about review: which items this user revealed (the unblurred preview is
// served only for those), how many reveals there were (the exposure counter), and thumbnail views not yet
// written to the ledger (batched into one `item.view` entry per second, flushed at lock). The unblurred
// preview served again after the fetch its reveal covers is its own `item.view` entry (clear: true).
import type { RevealReason } from '../../../shared/review';
import { NotFoundError } from '../errors';
import { requireRole, type Vault } from '../identity';

export const viewFlushMs = 1000;
export const viewBatchMax = 500;

export class ReviewSession {
  readonly #revealed = new Set<string>();
  /** Revealed items whose unblurred preview was served since their last reveal. */
  readonly #clearServed = new Set<string>();
  #reveals = 0;
  #viewed = new Set<string>();
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly vault: Vault) {}

  get reveals(): number {
    return this.#reveals;
  }

  isRevealed(itemId: string): boolean {
    return this.#revealed.has(itemId);
  }

  /** Records the reveal (who, what, why) before any unblurred pixel can be served. */
  reveal(itemId: string, reason: RevealReason): number {
    requireRole(this.vault, 'item.reveal');
    const exists = this.vault.db
      .prepare('SELECT 1 FROM items WHERE id = ? AND shredded_at IS NULL')
      .get(itemId);
    if (!exists) throw new NotFoundError(`There is no item ${itemId} to reveal.`);
    this.vault.record('item.reveal', [itemId], { reason });
    this.#revealed.add(itemId);
    this.#clearServed.delete(itemId);
    return ++this.#reveals;
  }

  /**
   * Records at once that the item's record was opened, and whether its EXIF was shown: the report's
   * exifViewedByEsp is true exactly when such an entry exists.
   */
  detailViewed(itemId: string, exifShown: boolean): void {
    this.vault.record('item.view', [itemId], { variant: 'detail', exif: exifShown });
  }

  /**
   * Call before serving a revealed item's unblurred preview: the first time after a reveal, the reveal's
   * entry covers it; every later fetch is recorded at once, before the bytes are served.
   */
  clearServed(itemId: string): void {
    if (this.#clearServed.has(itemId))
      this.vault.record('item.view', [itemId], { variant: 'clear', clear: true });
    this.#clearServed.add(itemId);
  }

  /** Notes that a blurred derivative of the item was shown; written to the ledger in batches. */
  viewed(itemId: string): void {
    this.#viewed.add(itemId);
    if (this.#viewed.size >= viewBatchMax) this.flushViews();
    else this.#timer ??= setTimeout(() => this.flushViews(), viewFlushMs).unref();
  }

  flushViews(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#viewed.size === 0 || !this.vault.isUnlocked) return;
    const items = [...this.#viewed];
    this.#viewed = new Set();
    this.vault.record('item.view', items, { variant: 'blurred', count: items.length });
  }
}
