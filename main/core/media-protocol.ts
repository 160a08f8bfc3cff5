// The media handler behind media:// in Electron and /media/ in the harness: one function, so both serve
// exactly the same bytes under the same rules. It answers only while a vault is unlocked, only for
// well-formed item requests, and never with unblurred pixels the session has not revealed.
import type { Workstation } from './workstation';

export interface MediaResponse {
  status: 200 | 400 | 403 | 404;
  contentType: string;
  body: Uint8Array;
}

export const mediaVariants = ['thumbnail', 'preview'] as const;
export type MediaVariant = (typeof mediaVariants)[number];

const itemId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function text(status: MediaResponse['status'], message: string): MediaResponse {
  return { status, contentType: 'text/plain; charset=utf-8', body: new TextEncoder().encode(message) };
}

/** Parses `/<variant>/<item-id>`; null when the path is anything else. */
export function parseMediaPath(pathname: string): { variant: MediaVariant; item: string } | null {
  const match = /^\/([a-z]+)\/([^/]+)$/.exec(pathname);
  if (!match) return null;
  const [, variant, item] = match;
  if (!variant || !item || !(mediaVariants as readonly string[]).includes(variant) || !itemId.test(item))
    return null;
  return { variant: variant as MediaVariant, item };
}

export async function serveMedia(workstation: Workstation, pathname: string): Promise<MediaResponse> {
  if (!workstation.session()) return text(403, 'The vault is locked.');
  const request = parseMediaPath(pathname);
  if (!request) return text(400, 'Malformed media request.');
  return text(404, 'No such item in this vault.');
}
