// The categorise slice: a category (and file annotations) for one item or a whole selection, shown at
// once and rolled back if the core refuses it; a late failure rolls back only the items no later
// categorisation has changed since. A selection is resolved to item ids only here, page by page.
import { categoryLabels, type Annotation, type ItemSummary } from '../../../shared/review';
import { call } from '../api';
import { fetchPage } from './page-loader';
import { errorMessage } from '../components/ErrorBanner';
import { mayCall } from '../workspace/access';
import { useWorkspace } from '../workspace/store';
import { focusedItem } from './focus-slice';
import { itemAt, patchItems } from './pages';
import type { CategoriseSlice, GetReview, SetReview } from './state';

/** One `review.categorize` takes at most this many items (the contract's limit). */
export const maxGroup = 10_000;
/** Items per request when a selection is resolved to ids (the contract's maximum). */
const resolveLimit = 500;

function sortedNotes(notes: readonly Annotation[]): Annotation[] {
  return [...new Set(notes)].sort();
}

export function createCategoriseSlice(set: SetReview, get: GetReview): CategoriseSlice {
  const workspace = () => useWorkspace.getState();
  /** The latest categorisation of each item, so a late failure rolls back only what it changed. */
  const latestOp = new Map<string, number>();
  let opCounter = 0;

  return {
    groupItems: [],

    categorize(items, category, annotations) {
      if (items.length === 0) return;
      if (!mayCall('review.categorize')) {
        workspace().fail('Your role can view items but not categorise them.');
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
          workspace().announce(`${what} categorised ${categoryLabels[category]}.`);
          const open = get().panelOpen ? focusedItem(get())?.id : undefined;
          if (open && ids.has(open)) set((s) => ({ detailVersion: s.detailVersion + 1 }));
          const { queue } = get();
          if (queue === 'uncategorised' || queue === 'categorised') get().refresh();
          else get().loadCounts();
        })
        .catch((error: unknown) => {
          const mine = new Set([...ids].filter((id) => latestOp.get(id) === op));
          set((s) => ({
            pages: patchItems(s.pages, mine, (item) => ({ ...item, ...before.get(item.id) })),
          }));
          workspace().fail(
            `${what} could not be categorised: ${errorMessage(error)} The previous category was restored.`,
          );
        });
    },

    categorizeFocused(category) {
      const item = focusedItem(get());
      if (!item) return;
      get().categorize([item], category, item.annotations);
    },

    async startGroup() {
      const { selection, pages, generation } = get();
      if (!mayCall('review.categorize')) {
        workspace().fail('Your role can view items but not categorise them.');
        return;
      }
      if (selection.size > maxGroup) {
        workspace().fail(
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
        workspace().setBusy(`Preparing ${indices.length.toLocaleString()} selected items…`);
        try {
          // The largest pages the contract allows, each starting at the next position still missing.
          for (let i = 0; i < missing.length;) {
            const offset = missing[i] as number;
            const answer = await fetchPage(get(), offset, resolveLimit);
            answer.items.forEach((item, k) => found.set(offset + k, item));
            while (i < missing.length && (missing[i] as number) < offset + resolveLimit) i++;
          }
        } catch (error) {
          workspace().setBusy(null);
          workspace().fail(`The selection could not be prepared: ${errorMessage(error)}`);
          return;
        }
        workspace().setBusy(null);
        if (get().generation !== generation) {
          workspace().fail('The queue changed while the selection was prepared. Select again.');
          return;
        }
      }
      const items = indices.map((index) => found.get(index)).filter((item) => item !== undefined);
      if (items.length === 0) return;
      set({ groupItems: items });
      workspace().openOverlay('group');
    },

    openAnnotations() {
      if (!focusedItem(get())) return;
      if (!mayCall('review.categorize')) {
        workspace().fail('Your role can view items but not annotate them.');
        return;
      }
      workspace().openOverlay('annotations');
    },
  };
}
