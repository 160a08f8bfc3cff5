// The Banks screen shows the background re-match as the core pushes it (rematch.progress), and forgets it
// when the screen closes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rematchText, useRematch } from '../../renderer/src/admin/rematch';
import { fakeCore, type FakeCore } from './support';

let core: FakeCore;

beforeEach(() => {
  core = fakeCore();
});

afterEach(() => useRematch.setState({ progress: null }));

describe('re-match progress', () => {
  it('shows each pushed step, then the finished count of newly flagged items', () => {
    const stop = useRematch.getState().listen();
    expect(core.push('rematch.progress', { done: 40, total: 100, flagged: 2 })).toBe(1);
    const progress = useRematch.getState().progress;
    expect(progress).toEqual({ done: 40, total: 100, flagged: 2 });
    expect(rematchText(progress as NonNullable<typeof progress>)).toBe(
      'Re-matching the vault: 40 of 100 items, 2 newly flagged',
    );
    core.push('rematch.progress', { done: 100, total: 100, flagged: 3 });
    expect(rematchText(useRematch.getState().progress as NonNullable<typeof progress>)).toBe(
      'Re-matched the vault: 100 of 100 items, 3 newly flagged',
    );
    stop();
    expect(useRematch.getState().progress).toBeNull();
    expect(core.push('rematch.progress', { done: 1, total: 1, flagged: 0 })).toBe(0);
  });
});
