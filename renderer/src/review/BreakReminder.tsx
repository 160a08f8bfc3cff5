// Shown when a reveal reaches the reviewer's break threshold: a pause is suggested, never forced.
import { Dialog } from '../components/Dialog';
import { useApp } from '../store';
import { useWorkspace } from '../workspace/store';
import { useReview } from './store';

export function BreakReminder() {
  const reveals = useReview((s) => s.reveals);
  const close = useWorkspace((s) => s.closeOverlay);
  const lock = useApp((s) => s.lock);
  return (
    <Dialog
      title="Time for a break"
      className="break-dialog"
      onClose={close}
      description={
        <p>
          You have revealed {reveals} item{reveals === 1 ? '' : 's'} this session. Look away from the screen,
          stand up, and take a few minutes before you go on. Everything you did is saved.
        </p>
      }
    >
      <div className="dialog-actions">
        <button type="button" onClick={() => void lock()}>
          Lock the vault <kbd>Ctrl</kbd>+<kbd>L</kbd>
        </button>
        <button type="button" className="primary" data-autofocus="" onClick={close}>
          Continue reviewing <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}
