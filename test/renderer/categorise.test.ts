// Categorising is shown at once and rolled back when the core refuses it; a late refusal rolls back only
// the items no later categorisation has changed since. Group categorisation resolves a selection of
// positions to items, fetching the pages not loaded, within the contract's limit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IpcResult } from '../../shared/errors';
import { itemAt } from '../../renderer/src/review/pages';
import { maxGroup } from '../../renderer/src/review/categorise-slice';
import { rangeOf } from '../../renderer/src/review/selection';
import { useReview } from '../../renderer/src/review/store';
import { useWorkspace } from '../../renderer/src/workspace/store';
import { deferred, fakeCore, item, ok, refused, settle, signIn, type FakeCore } from './support';

let core: FakeCore;
const review = () => useReview.getState();
const category = (index: number) => itemAt(review().pages, index)?.category;
const workspace = () => useWorkspace.getState();

beforeEach(() => {
  core = fakeCore();
  core.answer('review.queues', () =>
    ok({ counts: { all: 3, matched: 0, uncategorised: 3, categorised: 0 }, reveals: 0 }),
  );
  signIn('analyst');
  useWorkspace.setState({ error: null, overlay: null, busy: null });
  useReview.setState({
    queue: 'all',
    pages: new Map([[0, [item('a'), item('b', { category: 'B2', annotations: ['viral'] }), item('c')]]]),
    total: 3,
    focus: 0,
    anchor: 0,
    selection: new Set([0]),
    panelOpen: false,
    groupItems: [],
  });
});

afterEach(() => {
  core.calls.length = 0;
});

describe('categorise', () => {
  it('shows the category at once and tells the core, sorted and without repeats', async () => {
    core.answer('review.categorize', () => ok({ updated: 1 }));
    review().categorize([item('a')], 'A1', ['viral', 'infant', 'viral']);
    expect(category(0)).toBe('A1');
    expect(core.callsTo('review.categorize')).toEqual([
      { ids: ['a'], category: 'A1', annotations: ['infant', 'viral'] },
    ]);
    await settle();
    expect(workspace().status.text).toBe('a.png categorised A1 — prepubescent, sex act.');
    expect(core.callsTo('review.queues')).toHaveLength(1);
  });

  it('rolls back what the core refused and says so', async () => {
    core.answer('review.categorize', () => refused('FORBIDDEN', 'Refused by the core.'));
    review().categorize([itemAt(review().pages, 1)!], 'A2', []);
    expect(category(1)).toBe('A2');
    await settle();
    expect(category(1)).toBe('B2');
    expect(itemAt(review().pages, 1)?.annotations).toEqual(['viral']);
    expect(workspace().error).toBe(
      'b.png could not be categorised: Refused by the core. The previous category was restored.',
    );
  });

  it('keeps a later categorisation when an earlier one fails after it', async () => {
    const first = deferred<IpcResult<{ updated: number }>>();
    core.answer('review.categorize', () => first.promise);
    review().categorize([item('a'), item('c')], 'A1', []);
    core.answer('review.categorize', () => ok({ updated: 1 }));
    review().categorize([itemAt(review().pages, 0)!], 'B1', []);
    await settle();
    first.resolve(refused('INTERNAL', 'Lost.'));
    await settle();
    expect(category(0)).toBe('B1');
    expect(category(2)).toBeNull();
    expect(workspace().error).toMatch(/^2 items could not be categorised: Lost\./);
  });

  it('refuses a role the contract does not let categorise, without asking the core', () => {
    signIn('counsel');
    review().categorize([item('a')], 'A1', []);
    expect(category(0)).toBeNull();
    expect(core.callsTo('review.categorize')).toEqual([]);
    expect(workspace().error).toBe('Your role can view items but not categorise them.');
    review().openAnnotations();
    expect(workspace().overlay).toBeNull();
  });

  it('reloads a filtered queue after a categorisation, since the item may leave it', async () => {
    core.answer('review.categorize', () => ok({ updated: 1 }));
    core.answer('review.items', () => ok({ total: 2, items: [item('b'), item('c')] }));
    useReview.setState({ queue: 'uncategorised' });
    review().view(0, 2);
    await settle();
    const fetched = core.callsTo('review.items').length;
    const generation = review().generation;
    review().categorizeFocused('none');
    await settle();
    expect(review().generation).toBe(generation + 1);
    expect(core.callsTo('review.items')).toHaveLength(fetched + 1);
  });
});

describe('group categorisation', () => {
  it('resolves the selection, fetching the positions whose page is not loaded', async () => {
    useReview.setState({ total: 500, selection: new Set([1, 300, 301]) });
    core.answer('review.items', ({ offset }) =>
      ok({ total: 500, items: [item(`x${offset}`), item(`x${offset + 1}`)] }),
    );
    await review().startGroup();
    expect(core.callsTo('review.items')).toEqual([{ queue: 'all', offset: 300, limit: 500 }]);
    expect(review().groupItems.map((i) => i.id)).toEqual(['b', 'x300', 'x301']);
    expect(workspace().overlay).toBe('group');
    expect(workspace().busy).toBeNull();
  });

  it('refuses more than one categorisation can take', async () => {
    useReview.setState({ total: maxGroup + 1, selection: rangeOf(0, maxGroup) });
    await review().startGroup();
    expect(workspace().overlay).toBeNull();
    expect(workspace().error).toMatch(
      /^10,001 items are selected; one categorisation takes at most 10,000\./,
    );
  });

  it('asks to select again when the queue changed while the selection was fetched', async () => {
    useReview.setState({ total: 500, selection: new Set([0, 400]) });
    core.answer('review.items', () => {
      useReview.setState((s) => ({ generation: s.generation + 1 }));
      return ok({ total: 500, items: [item('x')] });
    });
    await review().startGroup();
    expect(workspace().overlay).toBeNull();
    expect(workspace().error).toBe('The queue changed while the selection was prepared. Select again.');
  });
});
