// What one unlock session knows about review: which items this user revealed (the unblurred preview is
// served only for those), how many reveals there were (the exposure counter), and thumbnail views not yet
// written to the ledger (batched into one `item.view` entry per second, flushed at lock). The unblurred
// preview served again after the fetch its reveal covers is its own `item.view` entry (clear: true).
// A video reveals one keyframe at a time (its unblurred copy is served for that keyframe only) and then
// allows playback; playing is recorded, and hearing the sound is its own recorded choice (`item.unmute`).
import type { RevealReason } from '../../../shared/review';
import { InvalidInputError, NotFoundError } from '../errors';
import { requireRole, type Vault } from '../identity';
import { itemKeyframes } from './keyframes';

export const viewFlushMs = 1000;
export const viewBatchMax = 500;

export class ReviewSession {
  readonly #revealed = new Set<string>();
  /** Revealed items whose unblurred preview was served since their last reveal. */
  readonly #clearServed = new Set<string>();
  /** The one keyframe revealed of each video revealed in this session. */
  readonly #revealedKeyframe = new Map<string, number>();
  /** Revealed videos whose playback was recorded since their last reveal. */
  readonly #played = new Set<string>();
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

  /** Whether this keyframe is the one revealed of its video. */
  isKeyframeRevealed(itemId: string, position: number): boolean {
    return this.#revealedKeyframe.get(itemId) === position;
  }

  /**
   * Records the reveal of one keyframe of a video (who, which, why) before its unblurred copy can be
   * served; any keyframe revealed before it is blurred again. The video may then be played, muted.
   */
  revealKeyframe(itemId: string, position: number, reason: RevealReason): number {
    requireRole(this.vault, 'item.reveal');
    const frame = itemKeyframes(this.vault, itemId).find((k) => k.position === position);
    if (!frame) throw new NotFoundError(`Item ${itemId} has no keyframe ${position} to reveal.`);
    this.vault.record('item.reveal', [itemId], { reason, keyframe: position, seconds: frame.seconds });
    this.#revealed.add(itemId);
    this.#revealedKeyframe.set(itemId, position);
    this.#clearServed.delete(itemId);
    this.#played.delete(itemId);
    return ++this.#reveals;
  }

  /** Call before serving the unblurred copy of a revealed keyframe: the reveal covers its first fetch. */
  keyframeServed(itemId: string, position: number): void {
    if (this.#clearServed.has(itemId))
      this.vault.record('item.view', [itemId], { variant: 'clear', clear: true, keyframe: position });
    this.#clearServed.add(itemId);
  }

  /** Call before serving a revealed video for playback: its first playback after a reveal is recorded. */
  playbackServed(itemId: string): void {
    if (this.#played.has(itemId)) return;
    this.vault.record('item.view', [itemId], { variant: 'playback', muted: true });
    this.#played.add(itemId);
  }

  /** Records the reviewer's choice to hear a revealed video's sound, before the renderer unmutes it. */
  unmute(itemId: string): void {
    requireRole(this.vault, 'item.unmute');
    if (!this.#revealedKeyframe.has(itemId))
      throw new InvalidInputError('Reveal a keyframe of this video first: only a revealed video plays.');
    this.vault.record('item.unmute', [itemId], {});
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
