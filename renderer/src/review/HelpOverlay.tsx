// ?: every key the workspace understands, from the one keymap the rest of the screen quotes.
import { Dialog } from '../components/Dialog';
import { keyGroups } from './keymap';
import { useReview } from './store';

export function HelpOverlay() {
  const close = useReview((s) => s.closeOverlay);
  return (
    <Dialog title="Keyboard" className="help-dialog" onClose={close}>
      <div className="help-groups">
        {keyGroups.map((group) => (
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
      <div className="dialog-actions">
        <button type="button" data-autofocus="" onClick={close}>
          Close <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}
