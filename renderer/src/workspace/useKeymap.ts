// The one global keyboard listener: every key press goes to the keymap (workspace/keys.ts) in the
// context the workspace is in; letting a key go, or the window losing the focus, ends a hold.
import { useEffect } from 'react';
import { dispatch, releasedBy, type KeyContext, type Keymap } from './keys';

export function useKeymap(keymap: Keymap, context: () => KeyContext): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented) return;
      if (dispatch(keymap, event, context())) event.preventDefault();
    }
    function onKeyUp(event: KeyboardEvent) {
      for (const binding of releasedBy(keymap, event)) binding.release?.();
    }
    function onBlur() {
      for (const binding of keymap) binding.release?.();
    }
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
    };
  }, [keymap, context]);
}
