// After a completed hold: why the reviewer needs unblurred pixels. Digits 1-5 or the arrows and Enter
// choose; the reason is signed into the ledger with the reveal before any clear pixel is served. Shown
// while the reveal flow asks for the reason (reveal.ts), not as one of the workspace's dialogs.
import type { KeyboardEvent } from 'react';
import { revealReasonLabels, revealReasons } from '../../../shared/review';
import { Dialog } from '../components/Dialog';
import { useReview } from './store';

/** Moves the focus among a dialog's options with the up and down arrows. */
export function arrowsMoveFocus(event: KeyboardEvent<HTMLElement>, selector: string): boolean {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return false;
  const options = [...event.currentTarget.querySelectorAll<HTMLElement>(selector)];
  if (options.length === 0) return false;
  const at = options.indexOf(document.activeElement as HTMLElement);
  const next =
    event.key === 'ArrowDown' ? (at + 1) % options.length : (at - 1 + options.length) % options.length;
  options[next]?.focus();
  event.preventDefault();
  return true;
}

export function ReasonPicker() {
  const target = useReview((s) => (s.reveal.kind === 'choosingReason' ? s.reveal.item : null));
  const reveal = useReview((s) => s.revealFor);
  const close = useReview((s) => s.keepBlurred);
  if (!target) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (arrowsMoveFocus(event, '.reason-option')) return;
    const digit =
      /^(?:Digit|Numpad)([1-5])$/.exec(event.code)?.[1] ?? (/^[1-5]$/.test(event.key) ? event.key : null);
    const reason = digit ? revealReasons[Number(digit) - 1] : undefined;
    if (reason) {
      event.preventDefault();
      void reveal(reason);
    }
  };

  return (
    <Dialog
      title="Why reveal this item?"
      className="reason-dialog"
      onClose={close}
      onKeyDown={onKeyDown}
      description={
        <p>
          <strong>{target.fileName}</strong> will be shown unblurred while it stays open. The reveal and its
          reason are signed into the ledger.
        </p>
      }
    >
      <div className="option-list" role="group" aria-label="Reasons">
        {revealReasons.map((reason, i) => (
          <button
            key={reason}
            type="button"
            className="reason-option"
            data-autofocus={i === 0 ? '' : undefined}
            aria-keyshortcuts={String(i + 1)}
            onClick={() => void reveal(reason)}
          >
            <kbd>{i + 1}</kbd> {revealReasonLabels[reason]}
          </button>
        ))}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={close}>
          Keep it blurred <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}
