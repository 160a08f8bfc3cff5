// The shape of the review store, one slice per concept: the queue and its pages, the focus, selection
// and item panel, the reveal flow, and categorisation. Each slice's actions live in its own file; the
// store (store.ts) combines them. Types only.
import type { SearchFilter } from '../../../shared/desk';
import type { Annotation, Category, ItemSummary, Queue, RevealReason } from '../../../shared/review';
import type { Pages } from './pages';
import type { Reveal } from './reveal';

export type QueueCounts = Record<Queue, number>;
export type FocusMode = 'move' | 'extend' | 'toggle';

export interface QueueSlice {
  queue: Queue;
  counts: QueueCounts | null;
  /** Items in the queue; null until the first page answered. */
  total: number | null;
  /** Bumped whenever the pages may hold other items than before (another queue, a refresh). */
  generation: number;
  pages: Pages;
  /** Shows `queue` from its start: pages, focus and selection begin anew. */
  openQueue(queue: Queue): void;
  /** Forgets the pages and stops fetching. */
  closeQueue(): void;
  setQueue(queue: Queue): void;
  /** The search the grid shows instead of the queue, or null for the queue itself. */
  search: SearchFilter | null;
  /** Shows a search's results (or the queue again, with null) from their start. */
  setSearch(search: SearchFilter | null): void;
  refresh(): void;
  view(from: number, to: number): void;
  loadCounts(): void;
}

export interface FocusSlice {
  columns: number;
  visibleRows: number;
  focus: number;
  anchor: number;
  selection: ReadonlySet<number>;
  panelOpen: boolean;
  /**
   * Bumped when the open item's record changed in the core (a reveal, a category), so the panel reads it
   * again; the core records each read as the record being opened.
   */
  detailVersion: number;
  layout(columns: number, visibleRows: number): void;
  focusAt(index: number, mode?: FocusMode): void;
  moveBy(delta: number, extend: boolean): void;
  selectAll(): void;
  clearSelection(): void;
  openPanel(): void;
  closePanel(): void;
}

export interface RevealSlice {
  reveal: Reveal;
  /** Reveals this session (the exposure counter), as the core counts them. */
  reveals: number;
  startHold(): void;
  cancelHold(): void;
  /** The reason for the reveal the completed hold asked for. */
  revealFor(reason: RevealReason): Promise<void>;
  /** Esc at the reason: nothing is revealed. */
  keepBlurred(): void;
  blurAgain(): void;
}

export interface CategoriseSlice {
  /** The items a group categorisation (G) applies to, resolved from the selection. */
  groupItems: readonly ItemSummary[];
  categorize(items: readonly ItemSummary[], category: Category, annotations: readonly Annotation[]): void;
  categorizeFocused(category: Category): void;
  startGroup(): Promise<void>;
  openAnnotations(): void;
}

export interface ReviewState extends QueueSlice, FocusSlice, RevealSlice, CategoriseSlice {
  /** The workspace opened: the first queue, counts and reveals start afresh. */
  start(): void;
  stop(): void;
}

export type ReviewChange = Partial<ReviewState> | ((state: ReviewState) => Partial<ReviewState>);
export type SetReview = (change: ReviewChange) => void;
export type GetReview = () => ReviewState;
