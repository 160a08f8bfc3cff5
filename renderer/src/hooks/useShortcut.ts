// Binds a keyboard shortcut for as long as a component is shown. Shortcuts are shown next to the control
// they trigger, so the mouse stays optional.
import { useEffect } from 'react';

export interface Shortcut {
  key: string;
  ctrl?: boolean;
}

export function matchesShortcut(event: KeyboardEvent, shortcut: Shortcut): boolean {
  return (
    event.key.toLowerCase() === shortcut.key.toLowerCase() &&
    (event.ctrlKey || event.metaKey) === Boolean(shortcut.ctrl)
  );
}

export function useShortcut(shortcut: Shortcut, action: () => void): void {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (!matchesShortcut(event, shortcut)) return;
      event.preventDefault();
      action();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shortcut, action]);
}
