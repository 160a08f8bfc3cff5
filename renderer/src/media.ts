// Where the renderer finds an item's pixels: /media/<variant>/<id> on the page's own origin, in Electron
// (app://renderer) and on the end-to-end harness alike. The core decides what each variant may show;
// `clear` answers only after this session revealed the item.
export type MediaVariant = 'thumbnail' | 'preview' | 'clear';

export function mediaUrl(variant: MediaVariant, itemId: string): string {
  return `/media/${variant}/${encodeURIComponent(itemId)}`;
}
