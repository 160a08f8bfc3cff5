// The queue slice: which queue the grid shows, its counts, and its pages, fetched as the grid needs them
// (page-loader.ts). Selections are positions, so whenever the pages may hold other items the selection
// shrinks to the focus.
import { call } from '../api';
import { errorMessage } from '../components/ErrorBanner';
import { useWorkspace } from '../workspace/store';
import { PageLoader } from './page-loader';
import { idle } from './reveal';
import type { GetReview, QueueSlice, SetReview } from './state';

export function createQueueSlice(set: SetReview, get: GetReview): QueueSlice {
  const workspace = () => useWorkspace.getState();
  const loader = new PageLoader({
    snapshot: () => get(),
    receive: (pages, total) => {
      set({ pages, total, focus: Math.min(get().focus, Math.max(0, total - 1)) });
      workspace().dismissError();
    },
    fail: (error) => workspace().fail(`The queue could not be loaded: ${errorMessage(error)}`),
    firstScreenShown: () => {
      if (get().counts === null) get().loadCounts();
    },
  });

  return {
    queue: 'all',
    counts: null,
    total: null,
    generation: 0,
    pages: new Map(),

    openQueue(queue) {
      loader.reset();
      set((s) => ({
        queue,
        generation: s.generation + 1,
        pages: new Map(),
        total: null,
        focus: 0,
        anchor: 0,
        selection: new Set([0]),
      }));
      loader.load();
    },

    closeQueue() {
      loader.reset();
      set((s) => ({ generation: s.generation + 1, pages: new Map(), total: null }));
    },

    setQueue(queue) {
      if (queue === get().queue && get().search === null) return;
      set({ panelOpen: false, reveal: idle, search: null });
      get().openQueue(queue);
    },

    search: null,

    setSearch(search) {
      set({ panelOpen: false, reveal: idle, search });
      get().openQueue(get().queue);
    },

    refresh() {
      // Selections are positions; after a refresh the same positions may hold other items.
      set((s) => ({ generation: s.generation + 1, anchor: s.focus, selection: new Set([s.focus]) }));
      loader.refresh();
      get().loadCounts();
    },

    view(from, to) {
      loader.view(from, to);
    },

    loadCounts() {
      call('review.queues', {})
        .then(({ counts, reveals }) => set({ counts, reveals }))
        .catch((error: unknown) =>
          workspace().fail(`The queue counts could not be loaded: ${errorMessage(error)}`),
        );
    },
  };
}
