// What a report's file details say about a video's known matches, where the XSD allows it: a `details`
// block of type HASH, one name/value pair per match found inside the video (the frame, its timestamp, the
// distance, the bank and its version) or of the video as a whole (both vPDQ percentages). Suppressed
// matches are left out, as everywhere in a report. It reads the vault and never changes it.
import type { Details } from '../../../shared/cybertip';
import type { Vault } from '../identity';
import { knownMatches, type KnownMatch } from '../matching';

function percent(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

function pair(m: KnownMatch): { name: string; value: string } | null {
  const bank = `bank ${m.bank} version ${m.bankVersion}`;
  if (m.algorithm === 'vpdq') {
    return {
      name: 'vPDQ video match',
      value: `${percent(m.queryPercent ?? 0)} of this video's frames match the banked video "${m.value}" and ${percent(m.targetPercent ?? 0)} of its frames match this video (${bank})`,
    };
  }
  if (m.algorithm !== 'pdq' || m.timestampSeconds === undefined) return null;
  const turned = m.transform && m.transform !== 'original' ? `, ${m.transform}` : '';
  return {
    name: `PDQ match in frame ${m.frame ?? 0}`,
    value: `at ${m.timestampSeconds.toFixed(3)} s, distance ${m.distance}${turned}, PDQ ${m.value} (${bank})`,
  };
}

/** The HASH details of a video item's unsuppressed matches, or none for an item without any. */
export function videoMatchDetails(vault: Vault, itemId: string): Details[] {
  const pairs = knownMatches(vault, itemId)
    .filter((m) => !m.suppressedBy)
    .flatMap((m) => pair(m) ?? []);
  return pairs.length > 0 ? [{ type: 'HASH', nameValuePair: pairs }] : [];
}
