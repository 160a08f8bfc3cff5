// Every workspace action and its key, in one place: the help overlay lists these, and the on-screen hints
// and buttons quote them, so what the screen says is what the keyboard does. The review groups apply to
// the grid; the report builder's group applies while a case's report is open in its place.

export interface KeyBinding {
  keys: string[];
  action: string;
}

export interface KeyGroup {
  title: string;
  bindings: KeyBinding[];
}

export const keyGroups: KeyGroup[] = [
  {
    title: 'Move',
    bindings: [
      { keys: ['←', '↑', '→', '↓'], action: 'Move the focus through the grid' },
      { keys: ['J', 'K'], action: 'Next / previous item' },
      { keys: ['Home', 'End'], action: 'First / last item' },
      { keys: ['PgUp', 'PgDn'], action: 'One screen up / down' },
      {
        keys: ['Alt+1', 'Alt+2', 'Alt+3', 'Alt+4'],
        action: 'Queue: all, matched, uncategorised, categorised',
      },
      { keys: ['C'], action: 'Go to the cases in the sidebar (Enter opens one)' },
    ],
  },
  {
    title: 'Select',
    bindings: [
      { keys: ['Shift+arrows', 'Shift+J/K'], action: 'Extend the selection' },
      { keys: ['Shift+click'], action: 'Select a range' },
      { keys: ['Ctrl+click'], action: 'Add or remove one item' },
      { keys: ['Ctrl+A'], action: 'Select the whole queue' },
      { keys: ['Esc'], action: 'Clear the selection (when nothing else is open)' },
    ],
  },
  {
    title: 'Review',
    bindings: [
      { keys: ['Enter', 'Space'], action: 'Open the item panel' },
      { keys: ['1', '2', '3', '4'], action: 'Categorise A1, A2, B1, B2' },
      { keys: ['0'], action: 'Categorise none (not reportable)' },
      { keys: ['A'], action: 'Annotations checklist' },
      { keys: ['G'], action: 'Categorise the whole selection (then a digit)' },
      { keys: ['R (hold)'], action: 'Reveal unblurred, then choose a reason' },
      { keys: ['B'], action: 'Blur the revealed item again' },
      { keys: ['S'], action: 'Spotlight: show a revealed item only around the pointer' },
    ],
  },
  {
    title: 'Report builder',
    bindings: [
      { keys: ['Ctrl+S'], action: 'Save the report' },
      { keys: ['Ctrl+E'], action: 'Export the signed report package' },
      { keys: ['Ctrl+Enter'], action: 'Submit the report to NCMEC (asks first)' },
      { keys: ['Alt+1…9'], action: 'Jump to a section, from the incident summary to the files' },
      { keys: ['Alt+0'], action: 'The report.xml preview, in its wide view' },
      { keys: ['Tab', 'Shift+Tab'], action: 'Next / previous field' },
      { keys: ['Esc'], action: 'Back to review (outside a field)' },
    ],
  },
  {
    title: 'Workstation',
    bindings: [
      { keys: ['W'], action: 'Wellness settings' },
      { keys: ['N'], action: 'NCMEC settings: where reports go' },
      { keys: ['?'], action: 'This list of keys' },
      { keys: ['Esc'], action: 'Close the open dialog or the item panel' },
      { keys: ['Ctrl+L'], action: 'Lock the vault' },
    ],
  },
];

/** Category keys: the digit a reviewer presses for each category. */
export const categoryKeys = { '1': 'A1', '2': 'A2', '3': 'B1', '4': 'B2', '0': 'none' } as const;
export type CategoryKey = keyof typeof categoryKeys;

/** The category digit of a key event (top row or keypad, any layout), or null. */
export function categoryDigit(event: KeyboardEvent): CategoryKey | null {
  const fromCode = /^(?:Digit|Numpad)([0-4])$/.exec(event.code)?.[1];
  const digit = fromCode ?? (/^[0-4]$/.test(event.key) ? event.key : null);
  return digit ? (digit as CategoryKey) : null;
}
