// The media handler behind /media/ on the renderer's own origin (app://renderer/media/ in Electron, the
// harness's /media/): one function, so both serve exactly the same bytes and headers under the same rules.
// It answers only while a vault is unlocked, only for well-formed requests, blurred variants to anyone
// signed in (each view batched into the ledger), and the unblurred preview only for an item this session
// has revealed (each fetch after the first since the reveal recorded as a view of the clear preview);
// a video's keyframes likewise, the unblurred copy of the one keyframe revealed only; and a video itself,
// for playback, only once one of its keyframes was revealed (byte ranges, for <video>). Anything else is
// 403. It never answers with a file path: only bytes it decrypted.
import { NotFoundError, TamperDetectedError } from './errors';
import {
  derivativeFor,
  derivativeVariants,
  itemFacts,
  keyframeFor,
  readItemOriginal,
  type DerivativeVariant,
} from './review';
import type { Workstation } from './workstation';

export interface MediaResponse {
  status: 200 | 206 | 400 | 403 | 404 | 416 | 500;
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

/** Keyframe positions a strip can have: MAX 8 evenly spaced + 8 scene changes, with room to spare. */
const maxKeyframe = 63;

export type MediaRequest =
  | { kind: 'derivative'; variant: DerivativeVariant; item: string }
  | { kind: 'keyframe'; variant: DerivativeVariant; item: string; position: number }
  | { kind: 'video'; item: string };

/**
 * Parses `/<variant>/<item-id>`, `/<variant>/<item-id>/<keyframe>` and `/video/<item-id>`; null when the
 * path is anything else.
 */
export function parseMediaPath(pathname: string): MediaRequest | null {
  const match = /^\/([a-z]+)\/([^/]+)(?:\/(0|[1-9][0-9]?))?$/.exec(pathname);
  if (!match) return null;
  const [, variant, item, frame] = match;
  if (!variant || !item || !itemId.test(item)) return null;
  if (variant === 'video') return frame === undefined ? { kind: 'video', item } : null;
  if (!(derivativeVariants as readonly string[]).includes(variant)) return null;
  const known = variant as DerivativeVariant;
  if (frame === undefined) return { kind: 'derivative', variant: known, item };
  const position = Number(frame);
  return position <= maxKeyframe ? { kind: 'keyframe', variant: known, item, position } : null;
}

/**
 * The part of `size` bytes a Range header asks for (`bytes=a-b`, `bytes=a-`, `bytes=-n`, one range only):
 * null when there is no header, 'unsatisfiable' when it asks for nothing this body has.
 */
export function requestedRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'unsatisfiable';
  const [, from = '', to = ''] = match;
  const start = from === '' ? Math.max(0, size - Number(to)) : Number(from);
  const end = from === '' || to === '' ? size - 1 : Math.min(Number(to), size - 1);
  return start <= end && start < size ? { start, end } : 'unsatisfiable';
}

/** A revealed video's bytes, whole or the range asked for, with the headers <video> needs. */
async function playback(
  workstation: Workstation,
  item: string,
  range: string | undefined,
): Promise<MediaResponse> {
  const vault = workstation.vault();
  const facts = itemFacts(vault, item);
  if (!facts || facts.shreddedAt !== null || !facts.mime.startsWith('video/'))
    return text(404, 'No such video.');
  const bytes = await readItemOriginal(vault, item);
  workstation.review().playbackServed(item);
  const part = requestedRange(range, bytes.length);
  const headers = { ...mediaHeaders, 'Accept-Ranges': 'bytes' };
  if (part === 'unsatisfiable')
    return {
      ...text(416, 'Range not satisfiable.'),
      headers: { ...headers, 'Content-Range': `bytes */${bytes.length}` },
    };
  if (part === null) return { status: 200, contentType: facts.mime, body: bytes, headers };
  return {
    status: 206,
    contentType: facts.mime,
    body: bytes.subarray(part.start, part.end + 1),
    headers: { ...headers, 'Content-Range': `bytes ${part.start}-${part.end}/${bytes.length}` },
  };
}

/** `range` is the request's Range header, honoured for a video's playback only. */
export async function serveMedia(
  workstation: Workstation,
  pathname: string,
  range?: string,
): Promise<MediaResponse> {
  if (!workstation.session()) return text(403, 'The vault is locked.');
  const request = parseMediaPath(pathname);
  if (!request) return text(400, 'Malformed media request.');
  const review = workstation.review();
  if (request.kind === 'video' && !review.isRevealed(request.item))
    return text(403, 'Reveal a keyframe of this video first: only a revealed video plays.');
  if (request.kind === 'keyframe' && request.variant === 'clear') {
    if (!review.isKeyframeRevealed(request.item, request.position))
      return text(403, 'This keyframe has not been revealed in this session.');
  } else if (
    request.kind === 'derivative' &&
    request.variant === 'clear' &&
    !review.isRevealed(request.item)
  ) {
    return text(403, 'This item has not been revealed in this session.');
  }
  try {
    if (request.kind === 'video') return await playback(workstation, request.item, range);
    const vault = workstation.vault();
    const derivative =
      request.kind === 'keyframe'
        ? await keyframeFor(vault, request.item, request.position, request.variant)
        : await derivativeFor(vault, request.item, request.variant);
    if (!derivative) return text(404, 'No such item, or it cannot be displayed.');
    if (request.kind === 'keyframe' && request.variant === 'clear')
      review.keyframeServed(request.item, request.position);
    else if (request.variant === 'clear') review.clearServed(request.item);
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
