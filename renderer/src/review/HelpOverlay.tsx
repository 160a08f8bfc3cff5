// ?: every key the workspace understands, from the one keymap the rest of the screen quotes.
import { Dialog } from '../components/Dialog';
import { keyGroups, type KeyGroup } from './keymap';
import { useReview } from './store';

/** The groups in two columns of about the same height, each group whole, in keymap order. */
const balancedColumns = keyGroups.reduce<[KeyGroup[], KeyGroup[]]>(
  (columns, group) => {
    const height = (list: KeyGroup[]) => list.reduce((sum, g) => sum + g.bindings.length + 1.5, 0);
    (height(columns[0]) <= height(columns[1]) ? columns[0] : columns[1]).push(group);
    return columns;
  },
  [[], []],
);

export function HelpOverlay() {
  const close = useReview((s) => s.closeOverlay);
  return (
    <Dialog title="Keyboard" className="help-dialog" onClose={close}>
      <div className="help-groups">
        {balancedColumns.map((column, i) => (
          <div className="help-column" key={i}>
            {column.map((group) => (
              <section key={group.title} aria-label={group.title}>
                <h3>{group.title}</h3>
                <dl className="keys">
                  {group.bindings.map((binding) => (
                    <div key={binding.action}>
                      <dt>
                        {binding.keys.map((key) => (
                          <kbd key={key}>{key}</kbd>
                        ))}
                      </dt>
                      <dd>{binding.action}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            ))}
          </div>
        ))}
      </div>
      <div className="dialog-actions">
        <button type="button" data-autofocus="" onClick={close}>
          Close <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}
