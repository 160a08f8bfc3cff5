// The keymap dispatcher: which binding runs for which key in which context, that typing in a field keeps
// its keys, that a binding can decline a key, and that help and hints come from the same table.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  candidates,
  dispatch,
  helpGroups,
  hintsFor,
  isTyping,
  keyLabel,
  releasedBy,
  type KeyBinding,
  type KeyContext,
  type KeyPress,
} from '../../renderer/src/workspace/keys';
import { press } from './key-press';

const field = { tagName: 'INPUT' } as unknown as EventTarget;
const button = { tagName: 'BUTTON' } as unknown as EventTarget;

describe('dispatch', () => {
  const ran: string[] = [];
  const binding = (id: string, rest: Omit<KeyBinding, 'id' | 'group' | 'label'>): KeyBinding => ({
    id,
    group: 'Review',
    label: id,
    run: () => void ran.push(id),
    ...rest,
  });
  const keymap: KeyBinding[] = [
    binding('grid-a', { keys: ['A'], when: 'grid' }),
    binding('report-a', { keys: ['A'], when: 'report' }),
    binding('save', { keys: ['Ctrl+S'], when: 'report', whileTyping: true }),
    binding('digit', { keys: ['1'], when: 'grid' }),
    binding('section', { keys: ['Alt+1'], when: 'report', whileTyping: true }),
    binding('esc-declines', { keys: ['Escape'], when: 'grid', run: () => false }),
    binding('esc-second', { keys: ['Escape'], when: 'grid' }),
    binding('help', { keys: ['?'], when: 'workspace' }),
    binding('lock', { keys: ['Ctrl+L'], when: 'always', whileTyping: true }),
    { id: 'listed', group: 'Select', label: 'listed only', keys: [], shown: ['Shift+click'], when: 'grid' },
  ];
  afterEach(() => {
    ran.length = 0;
  });

  const runs = (p: KeyPress, context: KeyContext) => dispatch(keymap, p, context)?.id ?? null;

  it('runs the binding for the context the workspace is in', () => {
    expect(runs(press('a'), 'grid')).toBe('grid-a');
    expect(runs(press('A', { shiftKey: true }), 'report')).toBe('report-a');
    expect(runs(press('?', { shiftKey: true }), 'grid')).toBe('help');
    expect(runs(press('?', { shiftKey: true }), 'report')).toBe('help');
    expect(ran).toEqual(['grid-a', 'report-a', 'help', 'help']);
  });

  it('leaves the keys to an open dialog, except the ones that always apply', () => {
    expect(runs(press('a'), 'dialog')).toBeNull();
    expect(runs(press('?'), 'dialog')).toBeNull();
    expect(runs(press('l', { ctrlKey: true }), 'dialog')).toBe('lock');
  });

  it('leaves keys typed into a field there, unless the binding works while typing', () => {
    expect(runs(press('a', { target: field }), 'grid')).toBeNull();
    expect(runs(press('1', { target: field }), 'grid')).toBeNull();
    expect(runs(press('s', { ctrlKey: true, target: field }), 'report')).toBe('save');
    expect(runs(press('1', { altKey: true, target: field }), 'report')).toBe('section');
    expect(runs(press('l', { ctrlKey: true, target: field }), 'grid')).toBe('lock');
    expect(ran).toEqual(['save', 'section', 'lock']);
  });

  it('holds Ctrl (or Cmd) and Alt to what the binding says', () => {
    expect(runs(press('a', { ctrlKey: true }), 'grid')).toBeNull();
    expect(runs(press('s'), 'report')).toBeNull();
    expect(runs(press('s', { metaKey: true }), 'report')).toBe('save');
    expect(runs(press('1', { altKey: true }), 'grid')).toBeNull();
    expect(runs(press('1'), 'report')).toBeNull();
  });

  it('matches digits by their key on any layout, top row or keypad', () => {
    expect(runs(press('&', { code: 'Digit1' }), 'grid')).toBe('digit');
    expect(runs(press('1', { code: 'Numpad1' }), 'grid')).toBe('digit');
    expect(runs(press('¡', { code: 'Digit1', altKey: true }), 'report')).toBe('section');
    expect(runs(press('1', { code: 'Digit2' }), 'grid')).toBeNull();
  });

  it('goes on to the next binding when one declines the key, and answers null when none takes it', () => {
    expect(runs(press('Escape'), 'grid')).toBe('esc-second');
    expect(candidates(keymap, press('Escape'), 'grid').map(([b]) => b.id)).toEqual([
      'esc-declines',
      'esc-second',
    ]);
    expect(runs(press('z'), 'grid')).toBeNull();
    expect(runs(press('Escape'), 'report')).toBeNull();
  });

  it('tells a held binding when its key is let go, whatever the modifiers', () => {
    const release = vi.fn();
    const hold: KeyBinding = {
      id: 'hold',
      group: 'Review',
      label: 'hold',
      keys: ['R'],
      when: 'grid',
      release,
    };
    expect(releasedBy([hold], press('r', { shiftKey: true }))).toEqual([hold]);
    expect(releasedBy([hold], press('s'))).toEqual([]);
  });
});

describe('isTyping', () => {
  it('knows form fields and editable content from the rest', () => {
    expect(isTyping(field)).toBe(true);
    expect(isTyping({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true);
    expect(isTyping(button)).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});

describe('help and hints', () => {
  const keymap: KeyBinding[] = [
    { id: 'a', group: 'Workstation', label: 'Later group', keys: ['Ctrl+L'], when: 'always' },
    {
      id: 'b',
      group: 'Move',
      label: 'Arrows',
      keys: ['ArrowLeft', 'PageUp', ' ', 'Escape'],
      when: 'grid',
      hint: { text: 'move' },
    },
    {
      id: 'c',
      group: 'Move',
      label: 'Report only',
      keys: ['Alt+0'],
      when: 'report',
      hint: { text: 'xml', keys: ['Alt+0'] },
    },
    {
      id: 'd',
      group: 'Move',
      label: 'Both',
      keys: ['W'],
      when: 'workspace',
      hint: { text: 'wellness', only: 'grid' },
    },
  ];

  it('groups the help in the fixed group order, bindings in table order, keys as the screen shows them', () => {
    expect(helpGroups(keymap)).toEqual([
      {
        title: 'Move',
        lines: [
          { id: 'b', keys: ['←', 'PgUp', 'Space', 'Esc'], label: 'Arrows' },
          { id: 'c', keys: ['Alt+0'], label: 'Report only' },
          { id: 'd', keys: ['W'], label: 'Both' },
        ],
      },
      { title: 'Workstation', lines: [{ id: 'a', keys: ['Ctrl+L'], label: 'Later group' }] },
    ]);
  });

  it('hints what applies to the main area shown', () => {
    expect(hintsFor(keymap, 'grid').map((h) => h.text)).toEqual(['move', 'wellness']);
    expect(hintsFor(keymap, 'report').map((h) => h.text)).toEqual(['xml']);
  });

  it('writes keys the way the screen shows them', () => {
    expect(keyLabel('Ctrl+Enter')).toBe('Ctrl+Enter');
    expect(keyLabel('j')).toBe('J');
    expect(keyLabel('ArrowDown')).toBe('↓');
    expect(keyLabel('PageDown')).toBe('PgDn');
  });
});
