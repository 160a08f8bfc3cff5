// The reveal flow as one tagged state: a hold, the reason, the reveal the core records, and the rule that
// a reveal lasts only while its item stays open. First the pure transitions, then the store driving them
// with a timer and a stand-in core.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  holdCancelled,
  holdCompleted,
  holdStarted,
  idle,
  isRevealed,
  revealAnswered,
  settled,
  type Reveal,
} from '../../renderer/src/review/reveal';
import { useReview } from '../../renderer/src/review/store';
import { useWorkspace } from '../../renderer/src/workspace/store';
import { fakeCore, item, ok, refused, settle, signIn, type FakeCore } from './support';

const a = item('a');
const b = item('b');

describe('reveal transitions', () => {
  it('starts a hold on an item, unless one runs, a reason is asked, or it is already revealed', () => {
    const holding = holdStarted(idle, a, 5);
    expect(holding).toEqual({ kind: 'holding', item: a, startedAt: 5 });
    expect(holdStarted(holding, b, 6)).toBe(holding);
    const asking: Reveal = { kind: 'choosingReason', item: a };
    expect(holdStarted(asking, a, 6)).toBe(asking);
    const revealed: Reveal = { kind: 'revealed', itemId: 'a' };
    expect(holdStarted(revealed, a, 6)).toBe(revealed);
    expect(holdStarted(revealed, b, 6)).toEqual({ kind: 'holding', item: b, startedAt: 6 });
  });

  it('asks for the reason only if the held item is still the open one', () => {
    const holding = holdStarted(idle, a, 0);
    expect(holdCompleted(holding, 'a')).toEqual({ kind: 'choosingReason', item: a });
    expect(holdCompleted(holding, 'b')).toEqual(idle);
    expect(holdCompleted(holding, undefined)).toEqual(idle);
    expect(holdCompleted(idle, 'a')).toBe(idle);
  });

  it('cancels only a hold', () => {
    expect(holdCancelled(holdStarted(idle, a, 0))).toEqual(idle);
    const revealed: Reveal = { kind: 'revealed', itemId: 'a' };
    expect(holdCancelled(revealed)).toBe(revealed);
  });

  it('shows the recorded reveal only if its item is still open', () => {
    expect(revealAnswered(idle, a, 'a')).toEqual({ kind: 'revealed', itemId: 'a' });
    expect(revealAnswered(idle, a, 'b')).toBe(idle);
  });

  it('blurs a revealed item again once it is no longer the open one', () => {
    const revealed: Reveal = { kind: 'revealed', itemId: 'a' };
    expect(settled(revealed, 'a')).toBe(revealed);
    expect(settled(revealed, 'b')).toEqual(idle);
    expect(settled(revealed, undefined)).toEqual(idle);
    const holding = holdStarted(idle, a, 0);
    expect(settled(holding, 'b')).toBe(holding);
    expect(isRevealed(revealed, 'a')).toBe(true);
    expect(isRevealed(revealed, 'b')).toBe(false);
  });
});

describe('the reveal in the review store', () => {
  let core: FakeCore;
  const holdMs = 800;

  beforeEach(() => {
    vi.useFakeTimers();
    core = fakeCore();
    core.answer('review.reveal', () => ok({ reveals: 1, breakDue: false }));
    signIn('analyst');
    useWorkspace.setState({
      overlay: null,
      error: null,
      wellness: { ...useWorkspace.getState().wellness, revealHoldMs: holdMs },
    });
    useReview.setState({
      pages: new Map([[0, [a, b, item('text', { viewable: false })]]]),
      total: 3,
      focus: 0,
      anchor: 0,
      selection: new Set([0]),
      panelOpen: false,
      reveal: idle,
      reveals: 0,
    });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const review = () => useReview.getState();
  const status = () => useWorkspace.getState().status.text;

  it('holds, asks the reason, records the reveal, and shows the item while it stays open', async () => {
    review().startHold();
    expect(review().reveal.kind).toBe('holding');
    expect(review().panelOpen).toBe(true);
    vi.advanceTimersByTime(holdMs - 1);
    expect(review().reveal.kind).toBe('holding');
    vi.advanceTimersByTime(1);
    expect(review().reveal).toEqual({ kind: 'choosingReason', item: a });
    expect(core.callsTo('review.reveal')).toEqual([]);

    await review().revealFor('verify-match');
    expect(core.callsTo('review.reveal')).toEqual([{ id: 'a', reason: 'verify-match' }]);
    expect(review().reveal).toEqual({ kind: 'revealed', itemId: 'a' });
    expect(review().reveals).toBe(1);
    expect(status()).toBe('a.png revealed (to verify a hash match). Reveals this session: 1.');

    review().moveBy(1, false);
    expect(review().reveal).toEqual(idle);
    review().moveBy(-1, false);
    expect(review().reveal).toEqual(idle);
  });

  it('ends the reveal when the panel closes or the queue changes', async () => {
    useReview.setState({ panelOpen: true, reveal: { kind: 'revealed', itemId: 'a' } });
    review().closePanel();
    expect(review().reveal).toEqual(idle);

    useReview.setState({ panelOpen: true, reveal: { kind: 'revealed', itemId: 'a' } });
    core.answer('review.items', () => ok({ total: 0, items: [] }));
    review().setQueue('matched');
    expect(review().reveal).toEqual(idle);
    await settle();
  });

  it('cancels a hold let go early, and a later hold needs its own full time', () => {
    review().startHold();
    vi.advanceTimersByTime(holdMs / 2);
    review().cancelHold();
    expect(review().reveal).toEqual(idle);
    expect(status()).toBe('Reveal cancelled: keep holding until the bar is full.');
    review().startHold();
    vi.advanceTimersByTime(holdMs / 2);
    expect(review().reveal.kind).toBe('holding');
    vi.advanceTimersByTime(holdMs / 2);
    expect(review().reveal.kind).toBe('choosingReason');
  });

  it('forgets a hold ended by closing the panel: its timer asks nothing later', () => {
    review().startHold();
    review().closePanel();
    useWorkspace.getState().announce('Panel closed.');
    vi.advanceTimersByTime(holdMs);
    expect(review().reveal).toEqual(idle);
    expect(status()).toBe('Panel closed.');
  });

  it('reveals nothing when the focus moved away during the hold', () => {
    review().startHold();
    review().moveBy(1, false);
    vi.advanceTimersByTime(holdMs);
    expect(review().reveal).toEqual(idle);
    expect(status()).toBe('Reveal cancelled: the open item changed during the hold.');
  });

  it('keeps the item blurred when the reason is not given', async () => {
    review().startHold();
    vi.advanceTimersByTime(holdMs);
    review().keepBlurred();
    expect(review().reveal).toEqual(idle);
    await review().revealFor('categorise');
    expect(core.callsTo('review.reveal')).toEqual([]);
  });

  it('refuses a role the contract does not let reveal, before any hold', () => {
    signIn('counsel');
    review().startHold();
    expect(review().reveal).toEqual(idle);
    expect(useWorkspace.getState().error).toBe('Your role can view blurred items but not reveal them.');
  });

  it('opens the panel instead of holding for an item with no image', () => {
    useReview.setState({ focus: 2 });
    review().startHold();
    expect(review().reveal).toEqual(idle);
    expect(review().panelOpen).toBe(true);
    expect(status()).toBe('text.png has no image to reveal; its facts are in the item panel.');
  });

  it('shows the core’s refusal and reveals nothing', async () => {
    core.answer('review.reveal', () =>
      refused('FORBIDDEN', 'Your role (analyst) cannot reveal evidence unblurred.'),
    );
    review().startHold();
    vi.advanceTimersByTime(holdMs);
    await review().revealFor('categorise');
    expect(review().reveal).toEqual(idle);
    expect(useWorkspace.getState().error).toBe(
      'a.png was not revealed: Your role (analyst) cannot reveal evidence unblurred.',
    );
    expect(useWorkspace.getState().busy).toBeNull();
  });

  it('suggests a break when the core says one is due', async () => {
    core.answer('review.reveal', () => ok({ reveals: 20, breakDue: true }));
    review().startHold();
    vi.advanceTimersByTime(holdMs);
    await review().revealFor('categorise');
    expect(useWorkspace.getState().overlay).toBe('break');
  });

  it('closes the item panel, and so ends a reveal, when a case’s report replaces the grid', async () => {
    core.answer('review.items', () => ok({ total: 2, items: [a, b] }));
    review().start();
    await settle();
    useReview.setState({ panelOpen: true, reveal: { kind: 'revealed', itemId: 'a' } });
    useWorkspace.getState().showCase('case-1');
    expect(review().panelOpen).toBe(false);
    expect(review().reveal).toEqual(idle);
    review().stop();
    useWorkspace.setState({ openCase: null });
  });
});
