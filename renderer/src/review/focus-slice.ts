// The focus slice: the grid's layout, the focused position, the selection (positions, see selection.ts)
// and whether the item panel is open beside the grid.
import type { ItemSummary } from '../../../shared/review';
import { useWorkspace } from '../workspace/store';
import { itemAt } from './pages';
import { idle } from './reveal';
import { everyIndex, rangeOf } from './selection';
import type { FocusSlice, GetReview, ReviewState, SetReview } from './state';

/** The focused item, if its page is loaded. */
export function focusedItem(s: Pick<ReviewState, 'pages' | 'focus'>): ItemSummary | undefined {
  return itemAt(s.pages, s.focus);
}

/** The id of the item open in the panel; undefined while the panel is closed. */
export function openItemId(s: Pick<ReviewState, 'pages' | 'focus' | 'panelOpen'>): string | undefined {
  return s.panelOpen ? focusedItem(s)?.id : undefined;
}

export function createFocusSlice(set: SetReview, get: GetReview): FocusSlice {
  return {
    columns: 1,
    visibleRows: 1,
    focus: 0,
    anchor: 0,
    selection: new Set([0]),
    panelOpen: false,
    detailVersion: 0,

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
      useWorkspace
        .getState()
        .announce(
          `All ${total.toLocaleString()} items in this queue are selected. Press G to categorise them.`,
        );
    },

    clearSelection() {
      const { focus } = get();
      set({ anchor: focus, selection: new Set([focus]) });
    },

    openPanel() {
      if (focusedItem(get())) set({ panelOpen: true });
    },

    closePanel() {
      set({ panelOpen: false, reveal: idle });
    },
  };
}
