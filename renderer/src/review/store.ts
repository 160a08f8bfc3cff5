// The reviewer's state: the queue and its pages, the focus, selection and item panel, the reveal flow
// and categorisation, one slice each (state.ts), combined in one store. It holds item summaries only
// (names, hashes, categories), never pixels; locking drops all of it. Dialogs, the status line, errors
// and wellness settings are the workspace's (workspace/store.ts).
import { create } from 'zustand';
import type { ItemSummary } from '../../../shared/review';
import { useWorkspace } from '../workspace/store';
import { createCategoriseSlice } from './categorise-slice';
import { createFocusSlice, focusedItem, openItemId } from './focus-slice';
import { createQueueSlice } from './queue-slice';
import { idle, settled } from './reveal';
import { createRevealSlice } from './reveal-slice';
import type { ReviewState, SetReview } from './state';

export type { FocusMode, QueueCounts, ReviewState } from './state';

export const useReview = create<ReviewState>()((rawSet, get) => {
  // Every change goes through here: a revealed item that is no longer the open one (the focus moved, the
  // panel closed, the queue changed) is blurred again in the same update.
  const set: SetReview = (change) =>
    rawSet((state) => {
      const patch = typeof change === 'function' ? change(state) : change;
      const next = { ...state, ...patch };
      const reveal = settled(next.reveal, openItemId(next));
      return reveal === next.reveal ? patch : { ...patch, reveal };
    });
  /** Stops following the workspace's main area; set while the workspace runs. */
  let unfollow: (() => void) | null = null;

  return {
    ...createQueueSlice(set, get),
    ...createFocusSlice(set, get),
    ...createRevealSlice(set, get),
    ...createCategoriseSlice(set, get),

    start() {
      set({ counts: null, reveals: 0, panelOpen: false, reveal: idle, groupItems: [] });
      get().openQueue('all');
      unfollow?.();
      // A case's report in place of the grid closes the item panel, which ends any hold or reveal. Back on
      // the grid, its pages and counts are fetched afresh: another screen may have changed the vault (an
      // ingest, a sync import, a shred).
      unfollow = useWorkspace.subscribe((workspace, before) => {
        if (workspace.openCase !== null && workspace.openCase !== before.openCase) get().closePanel();
        const gridShown = (w: typeof workspace) => w.openCase === null && w.openScreen === null;
        if (gridShown(workspace) && !gridShown(before)) get().refresh();
      });
    },

    stop() {
      unfollow?.();
      unfollow = null;
      get().closeQueue();
      set({ reveal: idle });
    },
  };
});

/** The focused item, if its page is loaded. */
export function useFocusedItem(): ItemSummary | undefined {
  return useReview(focusedItem);
}
