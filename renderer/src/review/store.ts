// The reviewer's workspace state: which queue is shown, the pages of it fetched so far, the focus and the
// selection, the open item, a reveal in progress, open dialogs and wellness settings. It holds item
// summaries only (names, hashes, categories), never pixels; locking drops all of it.
import { create } from 'zustand';
import {
  categoryLabels,
  defaultWellness,
  revealReasonLabels,
  type Annotation,
  type Category,
  type ItemSummary,
  type Queue,
  type RevealReason,
  type WellnessSettings,
} from '../../../shared/review';
import { call, CustodyRequestError } from '../api';
import { errorMessage } from '../components/ErrorBanner';
import { useApp } from '../store';
import { PageLoader } from './page-loader';
import { itemAt, patchItems, type Pages } from './pages';
import { everyIndex, rangeOf } from './selection';

export type Overlay = 'help' | 'wellness' | 'annotations' | 'group' | 'reason' | 'break' | 'ncmec' | 'submit';
export type QueueCounts = Record<Queue, number>;
export type FocusMode = 'move' | 'extend' | 'toggle';

/** One `review.categorize` takes at most this many items (the contract's limit). */
export const maxGroup = 10_000;
/** Items per request when a selection is resolved to ids (the contract's maximum). */
const resolveLimit = 500;

interface ReviewState {
  queue: Queue;
  counts: QueueCounts | null;
  /** Reveals this session (the exposure counter), as the core counts them. */
  reveals: number;
  /** Items in the queue; null until the first page answered. */
  total: number | null;
  generation: number;
  pages: Pages;
  columns: number;
  visibleRows: number;
  focus: number;
  anchor: number;
  selection: ReadonlySet<number>;
  panelOpen: boolean;
  /** The item revealed unblurred; only while it stays the open item. */
  revealedId: string | null;
  /** The item a completed hold will reveal once a reason is chosen. */
  revealTarget: ItemSummary | null;
  holdStartedAt: number | null;
  overlay: Overlay | null;
  /** The items a group categorisation (G) applies to, resolved from the selection. */
  groupItems: readonly ItemSummary[];
  wellness: WellnessSettings;
  spotlight: boolean;
  /**
   * Bumped when the open item's record changed in the core (a reveal, a category), so the panel reads it
   * again; the core records each read as the record being opened.
   */
  detailVersion: number;
  status: { text: string; id: number };
  error: string | null;
  busy: string | null;

  start(): void;
  stop(): void;
  setQueue(queue: Queue): void;
  refresh(): void;
  view(from: number, to: number): void;
  layout(columns: number, visibleRows: number): void;
  focusAt(index: number, mode?: FocusMode): void;
  moveBy(delta: number, extend: boolean): void;
  selectAll(): void;
  clearSelection(): void;
  openPanel(): void;
  closePanel(): void;
  openOverlay(overlay: Overlay): void;
  closeOverlay(): void;
  categorize(items: readonly ItemSummary[], category: Category, annotations: readonly Annotation[]): void;
  categorizeFocused(category: Category): void;
  startGroup(): Promise<void>;
  startHold(): void;
  cancelHold(): void;
  reveal(reason: RevealReason): Promise<void>;
  blurAgain(): void;
  setSpotlight(on: boolean): void;
  saveWellness(settings: WellnessSettings): Promise<void>;
  announce(text: string): void;
  fail(text: string): void;
  dismissError(): void;
}

const roleMayReview = new Set(['analyst', 'supervisor', 'admin']);

/** The signed-in role may categorise and reveal (the contract's access rule for those channels). */
export function mayReview(): boolean {
  return roleMayReview.has(useApp.getState().session?.role ?? '');
}

/** A failure from the core as a sentence; a locked vault sends the person back to the unlock screen. */
export function problem(error: unknown): string {
  if (error instanceof CustodyRequestError && error.code === 'VAULT_LOCKED')
    useApp.setState({ session: null });
  return errorMessage(error);
}

function sortedNotes(notes: readonly Annotation[]): Annotation[] {
  return [...new Set(notes)].sort();
}

export const useReview = create<ReviewState>((set, get) => {
  let holdTimer: ReturnType<typeof setTimeout> | null = null;
  let statusId = 0;
  /** The latest categorisation of each item, so a late failure rolls back only what it changed. */
  const latestOp = new Map<string, number>();
  let opCounter = 0;
  const loader = new PageLoader({
    snapshot: () => get(),
    receive: (pages, total) =>
      set({ pages, total, focus: Math.min(get().focus, Math.max(0, total - 1)), error: null }),
    fail: (error) => set({ error: `The queue could not be loaded: ${problem(error)}` }),
    firstScreenShown: () => {
      if (get().counts === null) loadCounts();
    },
  });

  function loadCounts(): void {
    call('review.queues', {})
      .then(({ counts, reveals }) => set({ counts, reveals }))
      .catch((error: unknown) => set({ error: `The queue counts could not be loaded: ${problem(error)}` }));
  }

  function resetQueue(queue: Queue): void {
    loader.reset();
    set((s) => ({
      queue,
      generation: s.generation + 1,
      pages: new Map(),
      total: null,
      focus: 0,
      anchor: 0,
      selection: new Set([0]),
      revealedId: null,
    }));
    loader.load();
  }

  function current(): ItemSummary | undefined {
    const s = get();
    return itemAt(s.pages, s.focus);
  }

  function stopHold(): void {
    if (holdTimer) clearTimeout(holdTimer);
    holdTimer = null;
  }

  return {
    queue: 'all',
    counts: null,
    reveals: 0,
    total: null,
    generation: 0,
    pages: new Map(),
    columns: 1,
    visibleRows: 1,
    focus: 0,
    anchor: 0,
    selection: new Set([0]),
    panelOpen: false,
    revealedId: null,
    revealTarget: null,
    holdStartedAt: null,
    overlay: null,
    groupItems: [],
    wellness: defaultWellness,
    spotlight: false,
    detailVersion: 0,
    status: { text: '', id: 0 },
    error: null,
    busy: null,

    start() {
      stopHold();
      set({
        counts: null,
        reveals: 0,
        panelOpen: false,
        revealTarget: null,
        holdStartedAt: null,
        overlay: null,
        groupItems: [],
        spotlight: false,
        error: null,
        busy: null,
        status: { text: '', id: ++statusId },
      });
      resetQueue('all');
      call('wellness.get', {})
        .then((wellness) => set({ wellness }))
        .catch((error: unknown) =>
          set({ error: `Your wellness settings could not be loaded, so defaults apply: ${problem(error)}` }),
        );
    },

    stop() {
      stopHold();
      loader.reset();
      set((s) => ({ generation: s.generation + 1, pages: new Map(), total: null, revealedId: null }));
    },

    setQueue(queue) {
      if (queue === get().queue) return;
      stopHold();
      set({ panelOpen: false, holdStartedAt: null });
      resetQueue(queue);
    },

    refresh() {
      // Selections are positions; after a refresh the same positions may hold other items.
      set((s) => ({ generation: s.generation + 1, anchor: s.focus, selection: new Set([s.focus]) }));
      loader.refresh();
      loadCounts();
    },

    view(from, to) {
      loader.view(from, to);
    },

    layout(columns, visibleRows) {
      if (columns !== get().columns || visibleRows !== get().visibleRows) set({ columns, visibleRows });
    },

    focusAt(index, mode = 'move') {
      const { total, anchor, selection, focus } = get();
      if (!total) return;
      const target = Math.max(0, Math.min(total - 1, index));
      if (mode === 'extend') {
        set({ focus: target, selection: rangeOf(anchor, target) });
      } else if (mode === 'toggle') {
        const next = new Set(selection.size > 0 ? selection : [focus]);
        if (next.has(target) && next.size > 1) next.delete(target);
        else next.add(target);
        set({ focus: target, anchor: target, selection: next });
      } else {
        set({ focus: target, anchor: target, selection: new Set([target]) });
      }
    },

    moveBy(delta, extend) {
      get().focusAt(get().focus + delta, extend ? 'extend' : 'move');
    },

    selectAll() {
      const { total } = get();
      if (!total) return;
      set({ selection: everyIndex(total) });
      get().announce(
        `All ${total.toLocaleString()} items in this queue are selected. Press G to categorise them.`,
      );
    },

    clearSelection() {
      const { focus } = get();
      set({ anchor: focus, selection: new Set([focus]) });
    },

    openPanel() {
      if (current()) set({ panelOpen: true });
    },

    closePanel() {
      stopHold();
      set({ panelOpen: false, revealedId: null, holdStartedAt: null });
    },

    openOverlay(overlay) {
      if (overlay === 'annotations' && !current()) return;
      if (overlay === 'annotations' && !mayReview()) {
        get().fail('Your role can view items but not annotate them.');
        return;
      }
      set({ overlay });
    },

    closeOverlay() {
      set({ overlay: null, revealTarget: null });
    },

    categorize(items, category, annotations) {
      if (items.length === 0) return;
      if (!mayReview()) {
        get().fail('Your role can view items but not categorise them.');
        return;
      }
      const ids = new Set(items.map((item) => item.id));
      const notes = sortedNotes(annotations);
      const before = new Map(
        items.map((item) => [item.id, { category: item.category, annotations: item.annotations }]),
      );
      const op = ++opCounter;
      for (const id of ids) latestOp.set(id, op);
      set((s) => ({
        pages: patchItems(s.pages, ids, (item) => ({ ...item, category, annotations: notes })),
      }));
      const what = items.length === 1 ? (items[0]?.fileName ?? 'item') : `${items.length} items`;
      call('review.categorize', { ids: [...ids], category, annotations: notes })
        .then(() => {
          get().announce(`${what} categorised ${categoryLabels[category]}.`);
          const open = get().panelOpen ? current()?.id : undefined;
          if (open && ids.has(open)) set((s) => ({ detailVersion: s.detailVersion + 1 }));
          const { queue } = get();
          if (queue === 'uncategorised' || queue === 'categorised') get().refresh();
          else loadCounts();
        })
        .catch((error: unknown) => {
          const mine = new Set([...ids].filter((id) => latestOp.get(id) === op));
          set((s) => ({
            pages: patchItems(s.pages, mine, (item) => ({ ...item, ...before.get(item.id) })),
            error: `${what} could not be categorised: ${problem(error)} The previous category was restored.`,
          }));
        });
    },

    categorizeFocused(category) {
      const item = current();
      if (!item) return;
      get().categorize([item], category, item.annotations);
    },

    async startGroup() {
      const { selection, pages, generation, queue } = get();
      if (!mayReview()) {
        get().fail('Your role can view items but not categorise them.');
        return;
      }
      if (selection.size > maxGroup) {
        get().fail(
          `${selection.size.toLocaleString()} items are selected; one categorisation takes at most ${maxGroup.toLocaleString()}. Select fewer (Shift+arrows or Shift+click) and categorise in parts.`,
        );
        return;
      }
      const indices = [...selection].sort((a, b) => a - b);
      const found = new Map<number, ItemSummary>();
      const missing: number[] = [];
      for (const index of indices) {
        const item = itemAt(pages, index);
        if (item) found.set(index, item);
        else missing.push(index);
      }
      if (missing.length > 0) {
        set({ busy: `Preparing ${indices.length.toLocaleString()} selected items…` });
        try {
          // The largest pages the contract allows, each starting at the next position still missing.
          for (let i = 0; i < missing.length;) {
            const offset = missing[i] as number;
            const answer = await call('review.items', { queue, offset, limit: resolveLimit });
            answer.items.forEach((item, k) => found.set(offset + k, item));
            while (i < missing.length && (missing[i] as number) < offset + resolveLimit) i++;
          }
        } catch (error) {
          set({ busy: null, error: `The selection could not be prepared: ${problem(error)}` });
          return;
        }
        set({ busy: null });
        if (get().generation !== generation) {
          get().fail('The queue changed while the selection was prepared. Select again.');
          return;
        }
      }
      const items = indices.map((index) => found.get(index)).filter((item) => item !== undefined);
      if (items.length === 0) return;
      set({ groupItems: items, overlay: 'group' });
    },

    startHold() {
      const s = get();
      const item = current();
      if (!item || s.holdStartedAt !== null || s.overlay) return;
      if (!item.viewable) {
        get().announce(`${item.fileName} has no image to reveal; its facts are in the item panel.`);
        set({ panelOpen: true });
        return;
      }
      if (!mayReview()) {
        get().fail('Your role can view blurred items but not reveal them.');
        return;
      }
      if (s.revealedId === item.id) return;
      set({ panelOpen: true, holdStartedAt: performance.now() });
      stopHold();
      holdTimer = setTimeout(() => {
        holdTimer = null;
        // The hold reveals the item it started on, or nothing if the focus moved away meanwhile.
        if (current()?.id !== item.id || !get().panelOpen) {
          set({ holdStartedAt: null });
          get().announce('Reveal cancelled: the open item changed during the hold.');
          return;
        }
        set({ holdStartedAt: null, revealTarget: item, overlay: 'reason' });
        get().announce('Hold complete: choose a reason, or press Esc to keep it blurred.');
      }, s.wellness.revealHoldMs);
    },

    cancelHold() {
      if (get().holdStartedAt === null) return;
      stopHold();
      set({ holdStartedAt: null });
      get().announce('Reveal cancelled: keep holding until the bar is full.');
    },

    async reveal(reason) {
      const target = get().revealTarget;
      if (!target) return;
      set({ overlay: null, revealTarget: null, busy: 'Revealing…' });
      try {
        const { reveals, breakDue } = await call('review.reveal', { id: target.id, reason });
        const stillOpen = get().panelOpen && current()?.id === target.id;
        set((s) => ({
          busy: null,
          reveals,
          revealedId: stillOpen ? target.id : s.revealedId,
          overlay: breakDue ? 'break' : null,
          detailVersion: s.detailVersion + 1,
        }));
        get().announce(
          `${target.fileName} revealed (${revealReasonLabels[reason].toLowerCase()}). Reveals this session: ${reveals}.`,
        );
      } catch (error) {
        set({ busy: null, error: `${target.fileName} was not revealed: ${problem(error)}` });
      }
    },

    blurAgain() {
      if (get().revealedId === null) return;
      set({ revealedId: null });
      get().announce('Blurred again. Revealing it needs a new hold and reason.');
    },

    setSpotlight(on) {
      set({ spotlight: on });
      get().announce(on ? 'Spotlight on: revealed items show only around the pointer.' : 'Spotlight off.');
    },

    async saveWellness(settings) {
      set({ busy: 'Saving wellness settings…' });
      try {
        const wellness = await call('wellness.set', settings);
        set({ wellness, overlay: null, busy: null });
        get().announce('Wellness settings saved.');
      } catch (error) {
        set({ busy: null });
        throw error;
      }
    },

    announce(text) {
      set({ status: { text, id: ++statusId } });
    },

    fail(text) {
      set({ error: text });
    },

    dismissError() {
      set({ error: null });
    },
  };
});

// A reveal lasts while its item stays open: moving the focus, closing the panel or changing the queue
// blurs it again, and coming back needs a new reveal.
useReview.subscribe((s) => {
  if (s.revealedId === null) return;
  if (!s.panelOpen || itemAt(s.pages, s.focus)?.id !== s.revealedId) useReview.setState({ revealedId: null });
});

/** The focused item, if its page is loaded. */
export function useFocusedItem(): ItemSummary | undefined {
  return useReview((s) => itemAt(s.pages, s.focus));
}
