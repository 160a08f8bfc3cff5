// What a PDQ search returns and which thresholds it accepts, shared by the index and its brute-force
// reference so both answer in one shape and one order. No search logic lives here.
import { InvalidInputError } from '../../errors';
import { PDQ_BITS } from '../pdq/hamming';

export interface PdqMatch {
  /** The id given to add() (for bruteForce: the position in the list). */
  id: number;
  /** Hamming distance to the query, 0..256. */
  distance: number;
}

/** The reference's confident-match threshold: distance <= 31 (facebook/ThreatExchange pdq README). */
export const DEFAULT_PDQ_THRESHOLD = 31;

export function checkThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > PDQ_BITS) {
    throw new InvalidInputError(`A PDQ threshold is a whole number of bits from 0 to 256, not ${threshold}.`);
  }
}

/** Closest first; equal distances by id, so every search gives the same order. */
export function sortMatches(matches: PdqMatch[]): PdqMatch[] {
  return matches.sort((a, b) => a.distance - b.distance || a.id - b.id);
}
