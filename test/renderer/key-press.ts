// A key press as the renderer's dispatcher sees it, for the keymap tests: no modifier unless given.
import type { KeyPress } from '../../renderer/src/workspace/keys';

export function press(key: string, change: Partial<KeyPress> = {}): KeyPress {
  const code = /^[0-9]$/.test(key) ? `Digit${key}` : /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : key;
  return {
    key,
    code,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    repeat: false,
    target: null,
    ...change,
  };
}
