// ?: every key the workspace understands, from the keymap the dispatcher runs and the hints quote.
import { Dialog } from '../components/Dialog';
import { helpGroups, type HelpGroup, type Keymap } from './keys';
import { useWorkspace } from './store';

/** The groups in two columns of about the same height, each group whole, in keymap order. */
export function balancedColumns(groups: readonly HelpGroup[]): [HelpGroup[], HelpGroup[]] {
  const height = (list: HelpGroup[]) => list.reduce((sum, g) => sum + g.lines.length + 1.5, 0);
  const columns: [HelpGroup[], HelpGroup[]] = [[], []];
  for (const group of groups)
    (height(columns[0]) <= height(columns[1]) ? columns[0] : columns[1]).push(group);
  return columns;
}

export function HelpOverlay({ keymap }: { keymap: Keymap }) {
  const close = useWorkspace((s) => s.closeOverlay);
  return (
    <Dialog title="Keyboard" className="help-dialog" onClose={close}>
      <div className="help-groups">
        {balancedColumns(helpGroups(keymap)).map((column, i) => (
          <div className="help-column" key={i}>
            {column.map((group) => (
              <section key={group.title} aria-label={group.title}>
                <h3>{group.title}</h3>
                <dl className="keys">
                  {group.lines.map((line) => (
                    <div key={line.id}>
                      <dt>
                        {line.keys.map((key) => (
                          <kbd key={key}>{key}</kbd>
                        ))}
                      </dt>
                      <dd>{line.label}</dd>
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
