// A modal dialog on the native <dialog> element: the browser keeps focus inside it and makes the page
// behind it inert; Esc (the dialog's cancel event) calls onClose. Its heading is its accessible name, and
// the element marked data-autofocus gets the focus when it opens; closing gives the focus back to where
// it was.
import { useEffect, useId, useRef, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  /** Shown under the title. */
  description?: ReactNode;
  onKeyDown?: (event: KeyboardEvent<HTMLDialogElement>) => void;
  style?: CSSProperties;
}

export function Dialog({ title, onClose, children, className, description, onKeyDown, style }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const closing = useRef(false);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    const returnTo = document.activeElement;
    if (dialog && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    return () => {
      closing.current = true;
      dialog?.close();
      // Back where the person was (the grid, a field of the report), if it is still on the page.
      if (returnTo instanceof HTMLElement && returnTo.isConnected && returnTo !== document.body)
        returnTo.focus({ preventScroll: true });
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog ${className ?? ''}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      style={style}
      onCancel={(event) => {
        event.preventDefault();
        close.current();
      }}
      onClose={() => {
        // The browser may close a dialog itself (a second Esc); keep the app's state in step.
        if (!closing.current) close.current();
      }}
      onKeyDown={onKeyDown}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {description && (
        <div id={descriptionId} className="dialog-description">
          {description}
        </div>
      )}
      {children}
    </dialog>
  );
}
