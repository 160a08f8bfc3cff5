// Copies a value (a hash, a report id) to the clipboard. The async clipboard API needs a permission
// Electron's session denies, so a selection-based copy is the fallback; the result is announced on the
// workspace's status line either way.
import { useWorkspace } from './store';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

export function CopyButton({ label, value }: { label: string; value: string }) {
  const announce = useWorkspace((s) => s.announce);
  return (
    <button
      type="button"
      className="copy"
      aria-label={`Copy ${label}`}
      onClick={() =>
        void copyText(value).then((copied) =>
          announce(copied ? `${label} copied.` : `${label} could not be copied; select the text instead.`),
        )
      }
    >
      Copy
    </button>
  );
}
