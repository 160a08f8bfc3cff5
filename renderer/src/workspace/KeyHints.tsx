// The footer's reminder of the main keys of what the main area shows (the grid or a case's report), from
// the keymap; `?` lists all of them.
import { hintsFor, type Keymap } from './keys';
import { useWorkspace } from './store';

export function KeyHints({ keymap }: { keymap: Keymap }) {
  const context = useWorkspace((s) => (s.openCase === null ? 'grid' : 'report'));
  return (
    <ul className="key-hints" aria-label="Main keys">
      {hintsFor(keymap, context).map(({ keys, text }) => (
        <li key={text}>
          {keys.map((key) => (
            <kbd key={key}>{key}</kbd>
          ))}{' '}
          {text}
        </li>
      ))}
    </ul>
  );
}
