// The workspace's one keymap (screens/keymap.ts): the help and the footer hints read exactly as before the
// keys moved into one table, each key runs the binding of the context it is pressed in, and Esc in the
// grid closes the item panel before it clears a selection.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useReview } from '../../renderer/src/review/store';
import { keyContext, keymap } from '../../renderer/src/screens/keymap';
import {
  candidates,
  dispatch,
  helpGroups,
  hintsFor,
  type KeyContext,
  type KeyPress,
} from '../../renderer/src/workspace/keys';
import { useWorkspace } from '../../renderer/src/workspace/store';
import { press } from './key-press';
import { item } from './support';

/** The help as it read when it was a list of its own (review/keymap.ts before the one table). */
const help = [
  {
    title: 'Move',
    lines: [
      { keys: ['←', '↑', '→', '↓'], label: 'Move the focus through the grid' },
      { keys: ['J', 'K'], label: 'Next / previous item' },
      { keys: ['Home', 'End'], label: 'First / last item' },
      { keys: ['PgUp', 'PgDn'], label: 'One screen up / down' },
      {
        keys: ['Alt+1', 'Alt+2', 'Alt+3', 'Alt+4'],
        label: 'Queue: all, matched, uncategorised, categorised',
      },
      { keys: ['C'], label: 'Go to the cases in the sidebar (Enter opens one)' },
    ],
  },
  {
    title: 'Select',
    lines: [
      { keys: ['Shift+arrows', 'Shift+J/K'], label: 'Extend the selection' },
      { keys: ['Shift+click'], label: 'Select a range' },
      { keys: ['Ctrl+click'], label: 'Add or remove one item' },
      { keys: ['Ctrl+A'], label: 'Select the whole queue' },
      { keys: ['Esc'], label: 'Clear the selection (when nothing else is open)' },
    ],
  },
  {
    title: 'Review',
    lines: [
      { keys: ['Enter', 'Space'], label: 'Open the item panel' },
      { keys: ['1', '2', '3', '4'], label: 'Categorise A1, A2, B1, B2' },
      { keys: ['0'], label: 'Categorise none (not reportable)' },
      { keys: ['A'], label: 'Annotations checklist' },
      { keys: ['G'], label: 'Categorise the whole selection (then a digit)' },
      { keys: ['R (hold)'], label: 'Reveal unblurred, then choose a reason' },
      {
        keys: [',', '.'],
        label: 'Previous / next keyframe of a video (R reveals the one shown, and only it)',
      },
      { keys: ['P'], label: 'Play or pause a revealed video, muted' },
      { keys: ['M'], label: 'Unmute the playing video (recorded in the ledger)' },
      { keys: ['B'], label: 'Blur the revealed item again' },
      { keys: ['S'], label: 'Spotlight: show a revealed item only around the pointer' },
    ],
  },
  {
    title: 'Report builder',
    lines: [
      { keys: ['Ctrl+S'], label: 'Save the report' },
      { keys: ['Ctrl+E'], label: 'Export the signed report package' },
      { keys: ['Ctrl+Enter'], label: 'Submit the report to NCMEC (asks first)' },
      { keys: ['Alt+1…9'], label: 'Jump to a section, from the incident summary to the files' },
      { keys: ['Alt+0'], label: 'The report.xml preview, in its wide view' },
      { keys: ['Tab', 'Shift+Tab'], label: 'Next / previous field' },
      { keys: ['Esc'], label: 'Back to review (outside a field)' },
    ],
  },
  {
    title: 'Workstation',
    lines: [
      { keys: ['W'], label: 'Wellness settings' },
      { keys: ['N'], label: 'NCMEC settings: where reports go' },
      { keys: ['?'], label: 'This list of keys' },
      { keys: ['Esc'], label: 'Close the open dialog or the item panel' },
      { keys: ['Ctrl+L'], label: 'Lock the vault' },
    ],
  },
];

const field = { tagName: 'TEXTAREA' } as unknown as EventTarget;
const ids = (p: KeyPress, context: KeyContext) => candidates(keymap, p, context).map(([b]) => b.id);

describe('the keymap as people read it', () => {
  it('lists the same groups, keys and words in the help as before', () => {
    expect(
      helpGroups(keymap).map((g) => ({
        title: g.title,
        lines: g.lines.map(({ keys, label }) => ({ keys, label })),
      })),
    ).toEqual(help);
  });

  it('hints the same keys in the footer, for the grid and for a report', () => {
    const pairs = (context: 'grid' | 'report') => hintsFor(keymap, context).map((h) => [h.keys, h.text]);
    expect(pairs('grid')).toEqual([
      [['←↑↓→', 'J', 'K'], 'move'],
      [['Enter'], 'open'],
      [['1', '2', '3', '4', '0'], 'categorise'],
      [['A'], 'annotations'],
      [['Shift+arrows'], 'select'],
      [['G'], 'group'],
      [['R'], 'hold to reveal'],
      [['C'], 'cases'],
      [['W'], 'wellness'],
      [['?'], 'all keys'],
    ]);
    expect(pairs('report')).toEqual([
      [['Ctrl+S'], 'save'],
      [['Ctrl+E'], 'export'],
      [['Ctrl+Enter'], 'submit to NCMEC'],
      [['Alt+1…9'], 'sections'],
      [['Alt+0'], 'XML preview'],
      [['Tab'], 'next field'],
      [['Esc'], 'back to review'],
      [['C'], 'cases'],
      [['?'], 'all keys'],
    ]);
  });

  it('gives every binding its own id', () => {
    expect(new Set(keymap.map((b) => b.id)).size).toBe(keymap.length);
  });
});

describe('which binding a key runs', () => {
  it("steps through a video's keyframes, plays and unmutes it in the grid only", () => {
    expect(ids(press(','), 'grid')).toEqual(['keyframe']);
    expect(ids(press('.'), 'grid')).toEqual(['keyframe']);
    expect(ids(press('p'), 'grid')).toEqual(['play']);
    expect(ids(press('m'), 'grid')).toEqual(['unmute']);
    expect(ids(press('m'), 'report')).toEqual([]);
  });

  it('categorises with a digit in the grid only, never behind a report', () => {
    expect(ids(press('3'), 'grid')).toEqual(['categorise']);
    expect(ids(press('0', { code: 'Numpad0' }), 'grid')).toEqual(['categorise-none']);
    expect(ids(press('3'), 'report')).toEqual([]);
  });

  it('gives Alt+digit to the queues in the grid and to the sections in a report, even while typing', () => {
    expect(ids(press('2', { altKey: true }), 'grid')).toEqual(['queue']);
    expect(ids(press('2', { altKey: true }), 'report')).toEqual(['section']);
    expect(ids(press('0', { altKey: true, target: field }), 'report')).toEqual(['xml-preview']);
    expect(ids(press('2', { altKey: true, target: field }), 'grid')).toEqual([]);
  });

  it('saves, exports and submits with Ctrl in a report while typing, and nowhere else', () => {
    expect(ids(press('s', { ctrlKey: true, target: field }), 'report')).toEqual(['save']);
    expect(ids(press('e', { ctrlKey: true }), 'report')).toEqual(['export']);
    expect(ids(press('Enter', { ctrlKey: true }), 'report')).toEqual(['submit']);
    expect(ids(press('s', { ctrlKey: true }), 'grid')).toEqual([]);
    expect(ids(press('Enter', { ctrlKey: true }), 'dialog')).toEqual([]);
  });

  it('keeps letters typed into a field in the field', () => {
    for (const key of ['j', 'a', 'g', 'r', 'c', 'w', 'n', '?', 'Escape'])
      for (const context of ['grid', 'report'] as const)
        expect(ids(press(key, { target: field }), context)).toEqual([]);
  });

  it('locks with Ctrl+L everywhere, even in a dialog or a field', () => {
    for (const context of ['grid', 'report', 'dialog'] as const)
      expect(ids(press('l', { ctrlKey: true, target: field }), context)).toEqual(['lock']);
  });

  it('gives the workstation keys to both the grid and a report, but not to a dialog', () => {
    for (const context of ['grid', 'report'] as const) {
      expect(ids(press('c'), context)).toEqual(['cases']);
      expect(ids(press('W', { shiftKey: true }), context)).toEqual(['wellness']);
      expect(ids(press('?', { shiftKey: true }), context)).toEqual(['help']);
    }
    expect(ids(press('?', { shiftKey: true }), 'dialog')).toEqual([]);
  });
});

describe('Esc and Enter in the grid', () => {
  beforeEach(() => {
    useReview.setState({
      pages: new Map([[0, [item('a'), item('b'), item('c')]]]),
      total: 3,
      focus: 0,
      anchor: 0,
      selection: new Set([0, 1, 2]),
      panelOpen: true,
    });
  });
  afterEach(() => {
    useReview.setState({ panelOpen: false, selection: new Set([0]) });
  });

  it('closes the item panel first and keeps the selection, then clears the selection', () => {
    expect(dispatch(keymap, press('Escape'), 'grid')?.id).toBe('close-panel');
    expect(useReview.getState().panelOpen).toBe(false);
    expect(useReview.getState().selection.size).toBe(3);
    expect(dispatch(keymap, press('Escape'), 'grid')?.id).toBe('clear-selection');
    expect(useReview.getState().selection).toEqual(new Set([0]));
    expect(dispatch(keymap, press('Escape'), 'grid')).toBeNull();
  });

  it('opens the panel with Enter, but lets a focused button take its own Enter', () => {
    useReview.setState({ panelOpen: false });
    expect(
      dispatch(keymap, press('Enter', { target: { tagName: 'BUTTON' } as unknown as EventTarget }), 'grid'),
    ).toBeNull();
    expect(useReview.getState().panelOpen).toBe(false);
    expect(dispatch(keymap, press('Enter'), 'grid')?.id).toBe('open');
    expect(useReview.getState().panelOpen).toBe(true);
  });

  it('moves a whole row with the arrows and extends the selection with Shift', () => {
    useReview.setState({ columns: 2, selection: new Set([0]) });
    dispatch(keymap, press('ArrowDown', { shiftKey: true }), 'grid');
    expect(useReview.getState().focus).toBe(2);
    expect(useReview.getState().selection).toEqual(new Set([0, 1, 2]));
  });
});

describe('keyContext', () => {
  afterEach(() => {
    useWorkspace.setState({ overlay: null, openCase: null });
    useReview.setState({ reveal: { kind: 'idle' } });
  });

  it('is the grid, a report, or a dialog (the workspace’s or the reveal’s reason)', () => {
    expect(keyContext()).toBe('grid');
    useWorkspace.setState({ openCase: 'case-1' });
    expect(keyContext()).toBe('report');
    useWorkspace.setState({ overlay: 'help' });
    expect(keyContext()).toBe('dialog');
    useWorkspace.setState({ overlay: null, openCase: null });
    useReview.setState({ reveal: { kind: 'choosingReason', item: item('a') } });
    expect(keyContext()).toBe('dialog');
  });
});
