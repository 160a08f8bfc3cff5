// The workspace's keyboard as data: a keymap is one table of bindings, and from it come the binding a key
// press runs (in the grid, in a case's report, or in a dialog), the help overlay's groups and the footer's
// hints, so what the screen says is what the keyboard does. The keymap itself is screens/keymap.ts.
// Pure: it reads key presses and never touches the page.

/** What the main area shows, or a dialog in front of it (which then has the keys). */
export type KeyContext = 'grid' | 'report' | 'dialog';

/** Where a binding applies: the grid, a case's report, either of them, or always (even in a dialog). */
export type When = 'grid' | 'report' | 'workspace' | 'always';

export const keyGroupTitles = ['Move', 'Select', 'Review', 'Report builder', 'Workstation'] as const;
export type KeyGroupTitle = (typeof keyGroupTitles)[number];

/** What a binding reads of a key press; a KeyboardEvent is one. */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  repeat: boolean;
  target: EventTarget | null;
}

export interface Pressed {
  press: KeyPress;
  /** Which of the binding's keys matched, as written in `keys`. */
  key: string;
}

export interface KeyBinding {
  id: string;
  group: KeyGroupTitle;
  /**
   * The keys: an optional "Ctrl+" (Ctrl or Cmd) or "Alt+" and a key name ("ArrowLeft", "Enter", " ",
   * "J", "1", "?"). Ctrl and Alt must be as written; Shift is free, so a binding can read it (extend).
   * Digits match the digit key of any layout, top row or keypad.
   */
  keys: readonly string[];
  /** How the help shows the keys when not as written ("Alt+1…9", "Shift+click"). */
  shown?: readonly string[];
  label: string;
  when: When;
  /** Also while the focus is in a text field (otherwise typing keeps its keys). */
  whileTyping?: boolean;
  /** The binding's reminder in the footer: short text, its keys if not the shown ones, and where. */
  hint?: { text: string; keys?: readonly string[]; only?: 'grid' | 'report' };
  /**
   * What the key does. Answering false means "not here": the key goes on to the next binding, or to the
   * browser. Without `run` the binding is only listed (the mouse, Tab, Shift with another binding's keys).
   */
  run?: (pressed: Pressed) => boolean | void;
  /** When one of its keys is let go, or the window loses the focus (a hold ends). */
  release?: () => void;
}

export type Keymap = readonly KeyBinding[];

interface Chord {
  ctrl: boolean;
  alt: boolean;
  key: string;
}

function chordOf(written: string): Chord {
  const parts = written.split('+');
  const key = parts.pop() ?? '';
  return { ctrl: parts.includes('Ctrl'), alt: parts.includes('Alt'), key };
}

function sameKey(key: string, press: KeyPress): boolean {
  if (/^[0-9]$/.test(key)) {
    const digit = /^(?:Digit|Numpad)([0-9])$/.exec(press.code)?.[1] ?? press.key;
    return digit === key;
  }
  if (key.length === 1) return press.key.toLowerCase() === key.toLowerCase();
  return press.key === key;
}

function chordMatches(chord: Chord, press: KeyPress): boolean {
  return (
    (press.ctrlKey || press.metaKey) === chord.ctrl && press.altKey === chord.alt && sameKey(chord.key, press)
  );
}

/** Whether a binding for `when` applies in `context`. */
export function applies(when: When, context: KeyContext): boolean {
  if (when === 'always') return true;
  if (context === 'dialog') return false;
  return when === 'workspace' || when === context;
}

/** Keys typed into a form field stay there. */
export function isTyping(target: EventTarget | null): boolean {
  if (typeof target !== 'object' || target === null || !('tagName' in target)) return false;
  const element = target as { tagName: unknown; isContentEditable?: unknown };
  return (
    element.isContentEditable === true || ['INPUT', 'TEXTAREA', 'SELECT'].includes(String(element.tagName))
  );
}

/** Enter and Space on a focused button, link or summary press it. */
export function isControl(target: EventTarget | null): boolean {
  if (typeof target !== 'object' || target === null || !('tagName' in target)) return false;
  return ['BUTTON', 'A', 'SUMMARY'].includes(String((target as { tagName: unknown }).tagName));
}

/** The bindings a key press may run here, in keymap order, each with the key that matched. */
export function candidates(
  keymap: Keymap,
  press: KeyPress,
  context: KeyContext,
): Array<[KeyBinding, string]> {
  const typing = isTyping(press.target);
  const found: Array<[KeyBinding, string]> = [];
  for (const binding of keymap) {
    if (!binding.run || !applies(binding.when, context) || (typing && !binding.whileTyping)) continue;
    const key = binding.keys.find((written) => chordMatches(chordOf(written), press));
    if (key !== undefined) found.push([binding, key]);
  }
  return found;
}

/** Runs the first binding that takes the key press; answers it, or null when the key is not the keymap's. */
export function dispatch(keymap: Keymap, press: KeyPress, context: KeyContext): KeyBinding | null {
  for (const [binding, key] of candidates(keymap, press, context)) {
    if (binding.run?.({ press, key }) !== false) return binding;
  }
  return null;
}

/** The bindings to tell that a key was let go, whatever the modifiers. */
export function releasedBy(keymap: Keymap, press: KeyPress): KeyBinding[] {
  return keymap.filter(
    (binding) => binding.release && binding.keys.some((written) => sameKey(chordOf(written).key, press)),
  );
}

const keyNames: Record<string, string> = {
  ArrowLeft: '←',
  ArrowUp: '↑',
  ArrowRight: '→',
  ArrowDown: '↓',
  PageUp: 'PgUp',
  PageDown: 'PgDn',
  Escape: 'Esc',
  ' ': 'Space',
};

/** A key as the screen shows it: "Ctrl+S", "←", "Esc", "Space". */
export function keyLabel(written: string): string {
  const { ctrl, alt, key } = chordOf(written);
  const name = keyNames[key] ?? (key.length === 1 ? key.toUpperCase() : key);
  return [...(ctrl ? ['Ctrl'] : []), ...(alt ? ['Alt'] : []), name].join('+');
}

export function shownKeys(binding: KeyBinding): readonly string[] {
  return binding.shown ?? binding.keys.map(keyLabel);
}

export interface HelpGroup {
  title: KeyGroupTitle;
  lines: Array<{ id: string; keys: readonly string[]; label: string }>;
}

/** The help overlay's groups, each with its bindings in keymap order. */
export function helpGroups(keymap: Keymap): HelpGroup[] {
  return keyGroupTitles
    .map((title) => ({
      title,
      lines: keymap
        .filter((binding) => binding.group === title)
        .map((binding) => ({ id: binding.id, keys: shownKeys(binding), label: binding.label })),
    }))
    .filter((group) => group.lines.length > 0);
}

export interface Hint {
  keys: readonly string[];
  text: string;
}

/** The footer's reminders for what the main area shows, in keymap order. */
export function hintsFor(keymap: Keymap, context: 'grid' | 'report'): Hint[] {
  return keymap.flatMap((binding) => {
    const hint = binding.hint;
    if (!hint || !applies(binding.when, context) || (hint.only && hint.only !== context)) return [];
    return [{ keys: hint.keys ?? shownKeys(binding), text: hint.text }];
  });
}
