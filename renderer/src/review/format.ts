// How review facts read on screen: sizes, match badges (with orientation, suppressor and re-match flag),
// file type labels. Pure functions.
import { categoryLabels, type Category, type ItemSummary, type MatchBadge } from '../../../shared/review';

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function isExact(match: MatchBadge): boolean {
  return match.algorithm !== 'pdq' && match.algorithm !== 'vpdq';
}

/** A percentage as a reviewer reads it: whole, or to one decimal when it is not. */
function percent(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

/**
 * "exact" for MD5/SHA-1/SHA-256 matches, "PDQ d=<distance>" for perceptual ones, "vPDQ <q>/<t>" for a
 * video matched by its two vPDQ percentages.
 */
export function matchKind(match: MatchBadge): string {
  if (match.algorithm === 'vpdq')
    return `vPDQ ${percent(match.queryPercent ?? 0)}/${percent(match.targetPercent ?? 0)}`;
  return isExact(match) ? 'exact' : `PDQ d=${match.distance}`;
}

/** A time in a video: m:ss.s (h:mm:ss.s past an hour). */
export function videoTime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = (seconds % 60).toFixed(1).padStart(4, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Where in the item a match was found: a video's frame and time, an animation's frame, or null. */
export function matchPlace(match: MatchBadge): string | null {
  if (match.algorithm === 'vpdq') {
    return `${percent(match.queryPercent ?? 0)} of this video's frames match the bank's video, ${percent(match.targetPercent ?? 0)} of its frames match this one`;
  }
  if (match.frame === undefined) return null;
  if (match.timestampSeconds === undefined) return `Frame ${match.frame}`;
  return `Frame ${match.frame} at ${videoTime(match.timestampSeconds)}`;
}

/** How the orientation a PDQ match was found in reads: null for the image as it is (or an exact match). */
export const transformLabels: Record<NonNullable<MatchBadge['transform']>, string | null> = {
  original: null,
  rotate90: 'rotated 90°',
  rotate180: 'rotated 180°',
  rotate270: 'rotated 270°',
  flipX: 'mirrored left-right',
  flipY: 'mirrored top-bottom',
  flipPlus1: 'mirrored along the diagonal',
  flipMinus1: 'mirrored along the anti-diagonal',
};

export function transformLabel(match: MatchBadge): string | null {
  return match.transform ? transformLabels[match.transform] : null;
}

/** The allow entry that suppressed a match, as a reviewer reads it. */
export function suppressorLabel(match: MatchBadge): string | null {
  const by = match.suppressor;
  if (!by) return match.suppressedBy;
  const kind =
    by.algorithm === 'pdq' || by.algorithm === 'vpdq'
      ? `${algorithmLabels[by.algorithm]} d=${by.distance}`
      : `exact ${algorithmLabels[by.algorithm]}`;
  return `${by.bank} version ${by.bankVersion} (${kind} ${by.value.slice(0, 16)}…)`;
}

export function matchDescription(match: MatchBadge): string {
  const turned = transformLabel(match);
  const what = `${matchKind(match)}${turned ? ` (${turned})` : ''} match in ${match.bank}`;
  const flagged = match.flaggedAt ? ', new since a bank change' : '';
  return match.suppressedBy ? `${what}, suppressed by ${match.suppressedBy}` : `${what}${flagged}`;
}

export const algorithmLabels: Record<MatchBadge['algorithm'], string> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  pdq: 'PDQ',
  vpdq: 'vPDQ',
};

/** A short type label for a placeholder: the MIME subtype, upper-case ("TXT" for text/plain). */
export function fileTypeLabel(mime: string, fileName: string): string {
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1];
  if (mime === 'text/plain') return 'TXT';
  if (mime === 'application/octet-stream' && extension) return extension.toUpperCase();
  const subtype = mime.split('/')[1] ?? mime;
  return (subtype.split(/[.+-]/).pop() ?? subtype).slice(0, 5).toUpperCase();
}

export function categoryShort(category: Category): string {
  return category === 'none' ? 'None' : category;
}

/** The accessible name of a tile: file name first, then what a reviewer needs to know about it. */
export function tileLabel(item: ItemSummary): string {
  const parts = [item.fileName];
  if (!item.viewable) parts.push(`no preview (${item.mime})`);
  if (item.match) parts.push(matchDescription(item.match));
  parts.push(item.category ? `categorised ${categoryLabels[item.category]}` : 'not categorised');
  if (item.annotations.length > 0) parts.push(`${item.annotations.length} annotation(s)`);
  return parts.join(', ');
}
