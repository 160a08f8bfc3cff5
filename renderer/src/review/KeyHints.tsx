// The footer's reminder of the main keys; `?` lists all of them.
const hints: Array<[string[], string]> = [
  [['←↑↓→', 'J', 'K'], 'move'],
  [['Enter'], 'open'],
  [['1', '2', '3', '4', '0'], 'categorise'],
  [['A'], 'annotations'],
  [['Shift+arrows'], 'select'],
  [['G'], 'group'],
  [['R'], 'hold to reveal'],
  [['W'], 'wellness'],
  [['?'], 'all keys'],
];

export function KeyHints() {
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
