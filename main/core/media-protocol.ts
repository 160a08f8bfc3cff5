// The media handler behind /media/ on the renderer's own origin (app://renderer/media/ in Electron, the
// harness's /media/): one function, so both serve exactly the same bytes and headers under the same rules.
// It answers only while a vault is unlocked, only for well-formed requests, blurred variants to anyone
// signed in (each view batched into the ledger), and the unblurred preview only for an item this session
// has revealed (each fetch after the first since the reveal recorded as a view of the clear preview);
// anything else is 403.
import { NotFoundError, TamperDetectedError } from './errors';
import { derivativeFor, derivativeVariants, type DerivativeVariant } from './review';
import type { Workstation } from './workstation';

export interface MediaResponse {
  status: 200 | 400 | 403 | 404 | 500;
  contentType: string;
  body: Uint8Array;
  /** Sent with every answer, whichever server sends it (mediaHeaders). */
  headers: Record<string, string>;
}

/**
 * Evidence bytes are never sniffed into another type, never embedded by another origin (media is served on
 * the page's own origin, so same-origin holds for our page and refuses every other), never cached.
 */
export const mediaHeaders: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const itemId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function text(status: MediaResponse['status'], message: string): MediaResponse {
  return {
    status,
    contentType: 'text/plain; charset=utf-8',
    body: new TextEncoder().encode(message),
    headers: { ...mediaHeaders },
  };
}

/** Parses `/<variant>/<item-id>`; null when the path is anything else. */
export function parseMediaPath(pathname: string): { variant: DerivativeVariant; item: string } | null {
  const match = /^\/([a-z]+)\/([^/]+)$/.exec(pathname);
  if (!match) return null;
  const [, variant, item] = match;
  if (!variant || !item || !(derivativeVariants as readonly string[]).includes(variant) || !itemId.test(item))
    return null;
  return { variant: variant as DerivativeVariant, item };
}

export async function serveMedia(workstation: Workstation, pathname: string): Promise<MediaResponse> {
  if (!workstation.session()) return text(403, 'The vault is locked.');
  const request = parseMediaPath(pathname);
  if (!request) return text(400, 'Malformed media request.');
  const review = workstation.review();
  if (request.variant === 'clear' && !review.isRevealed(request.item)) {
    return text(403, 'This item has not been revealed in this session.');
  }
  try {
    const derivative = await derivativeFor(workstation.vault(), request.item, request.variant);
    if (!derivative) return text(404, 'No such item, or it cannot be displayed.');
    if (request.variant === 'clear') review.clearServed(request.item);
    else review.viewed(request.item);
    return {
      status: 200,
      contentType: derivative.mime,
      body: derivative.bytes,
      headers: { ...mediaHeaders },
    };
  } catch (error) {
    if (error instanceof NotFoundError) return text(404, error.message);
    if (error instanceof TamperDetectedError) return text(500, error.message);
    throw error;
  }
}
