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
  return match.algorithm !== 'pdq';
}

/** "exact" for MD5/SHA-1/SHA-256 matches, "PDQ d=<distance>" for perceptual ones. */
export function matchKind(match: MatchBadge): string {
  return isExact(match) ? 'exact' : `PDQ d=${match.distance}`;
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
  const kind = by.algorithm === 'pdq' ? `PDQ d=${by.distance}` : `exact ${algorithmLabels[by.algorithm]}`;
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
