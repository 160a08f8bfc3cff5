// Where the renderer finds an item's pixels: media://item/<variant>/<id> in Electron, and the same path
// under /media/ on the end-to-end harness (same origin, cookie-authenticated). The core decides what each
// variant may show; `clear` answers only after this session revealed the item.
export type MediaVariant = 'thumbnail' | 'preview' | 'clear';

export function mediaUrl(variant: MediaVariant, itemId: string): string {
  const path = `${variant}/${encodeURIComponent(itemId)}`;
  return location.protocol === 'app:' ? `media://item/${path}` : `/media/${path}`;
}
