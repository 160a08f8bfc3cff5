// The footer's reminder of the main keys of what the main area shows (the grid or a case's report);
// `?` lists all of them.
import { useCases } from '../report/store';

type Hints = Array<[string[], string]>;

const reviewHints: Hints = [
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
];

const reportHints: Hints = [
  [['Ctrl+S'], 'save'],
  [['Ctrl+E'], 'export'],
  [['Ctrl+Enter'], 'submit to NCMEC'],
  [['Alt+1…9'], 'sections'],
  [['Alt+0'], 'XML preview'],
  [['Tab'], 'next field'],
  [['Esc'], 'back to review'],
  [['C'], 'cases'],
  [['?'], 'all keys'],
];

export function KeyHints() {
  const reportOpen = useCases((s) => s.openId !== null);
  const hints = reportOpen ? reportHints : reviewHints;
  return (
    <ul className="key-hints" aria-label="Main keys">
      {hints.map(([keys, action]) => (
        <li key={action}>
          {keys.map((key) => (
            <kbd key={key}>{key}</kbd>
          ))}{' '}
          {action}
        </li>
      ))}
    </ul>
  );
}
