// Where the renderer finds an item's pixels: /media/<variant>/<id> on the page's own origin, in Electron
// (app://renderer) and on the end-to-end harness alike; a video's keyframes at /media/<variant>/<id>/<n>
// and the video itself at /media/video/<id>. The core decides what each may show: `clear` answers only
// after this session revealed the item (for a keyframe, that keyframe), a video only after a reveal.
export type MediaVariant = 'thumbnail' | 'preview' | 'clear';

export function mediaUrl(variant: MediaVariant, itemId: string): string {
  return `/media/${variant}/${encodeURIComponent(itemId)}`;
}

export function keyframeUrl(variant: MediaVariant, itemId: string, position: number): string {
  return `${mediaUrl(variant, itemId)}/${position}`;
}

export function videoUrl(itemId: string): string {
  return `/media/video/${encodeURIComponent(itemId)}`;
}
