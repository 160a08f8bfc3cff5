// What stands in for media the core could not show (not an image, or an image it could not decode): the
// file's type, name, size and SHA-256 prefix, so it is reviewed like any other item and never dropped.
import type { ItemSummary } from '../../../shared/review';
import { fileTypeLabel, formatBytes } from './format';

export function placeholderNote(item: ItemSummary): string {
  return item.mime.startsWith('image/') ? 'Image could not be displayed' : 'No preview for this file type';
}

export function Placeholder({ item, large = false }: { item: ItemSummary; large?: boolean }) {
  return (
    <div className={large ? 'placeholder placeholder-large' : 'placeholder'}>
      <span className="file-type" aria-hidden="true">
        {fileTypeLabel(item.mime, item.fileName)}
      </span>
      <span className="placeholder-note">{placeholderNote(item)}</span>
      {large && <span className="placeholder-name">{item.fileName}</span>}
      <span className="placeholder-facts">
        {item.mime} · {formatBytes(item.size)}
      </span>
      <span className="placeholder-hash">SHA-256 {item.sha256.slice(0, 16)}…</span>
    </div>
  );
}
