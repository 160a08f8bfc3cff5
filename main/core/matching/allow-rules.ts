// Which allow entry, if any, suppresses a known hit: only one of the same or a weaker kind. An exact allow
// hash (this very file) suppresses known hits no stronger than itself (SHA-256 > SHA-1 > MD5 > PDQ, by
// collision resistance); a PDQ allow entry suppresses only PDQ known hits, and only when the item is within
// its stricter distance and no farther from it than from the known image. A vPDQ allow video suppresses
// only vPDQ known hits, and only when the item matches it at 95% or more both ways and at least as closely
// as the known video; exact allow hashes suppress vPDQ hits like PDQ ones. Pure: it reads and writes nothing.
import type { DihedralTransform } from './pdq';

/** How far an item may be from a PDQ allow entry for it to suppress anything: half the match threshold. */
export const ALLOW_PDQ_THRESHOLD = 15;

/** How far (100 minus the weaker percentage) an item may be from a vPDQ allow video for it to suppress. */
export const ALLOW_VPDQ_DISTANCE = 5;

export type MatchAlgorithm = 'md5' | 'sha1' | 'sha256' | 'pdq' | 'vpdq';

/** One bank entry the item hit. */
export interface Hit {
  bankId: string;
  bankName: string;
  bankVersion: string;
  bankKind: 'known' | 'allow';
  algorithm: MatchAlgorithm;
  value: string;
  distance: number;
  /** For PDQ: which orientation of the item matched (null for exact hashes). */
  transform: DihedralTransform | null;
}

/** Collision resistance of each kind of hit: a collision on a weaker one is easier to make. */
const strength: Readonly<Record<MatchAlgorithm, number>> = { vpdq: 0, pdq: 0, md5: 1, sha1: 2, sha256: 3 };

/** Whether `allow` may suppress `known` under the rules above. */
export function suppresses(allow: Hit, known: Hit): boolean {
  if (allow.bankKind !== 'allow' || known.bankKind !== 'known') return false;
  if (allow.algorithm === 'vpdq') {
    return (
      known.algorithm === 'vpdq' && allow.distance <= ALLOW_VPDQ_DISTANCE && allow.distance <= known.distance
    );
  }
  if (allow.algorithm !== 'pdq') return strength[allow.algorithm] >= strength[known.algorithm];
  return (
    known.algorithm === 'pdq' && allow.distance <= ALLOW_PDQ_THRESHOLD && allow.distance <= known.distance
  );
}

/** The allow hit that suppresses `known` (the strongest, then the closest), or null. */
export function suppressorOf(known: Hit, hits: readonly Hit[]): Hit | null {
  let best: Hit | null = null;
  for (const allow of hits) {
    if (!suppresses(allow, known)) continue;
    if (
      !best ||
      strength[allow.algorithm] > strength[best.algorithm] ||
      (allow.algorithm === best.algorithm && allow.distance < best.distance)
    )
      best = allow;
  }
  return best;
}
