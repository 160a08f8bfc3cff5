// The matches stored for items, read for review: the one match a tile shows (known banks only;
// unsuppressed first, exact before PDQ and vPDQ, then smallest distance; with the frame, timestamp or vPDQ
// percentages a video match cites), every known match of one item (with the
// orientation it matched in, the allow entry that suppressed it, and its re-match flag), and whether an
// item goes first in review. Reads the matches table; finding matches is matcher.ts's.
import type { MatchBadge } from '../../../shared/review';
import type { Vault } from '../identity';

export interface KnownMatch extends MatchBadge {
  value: string;
  label: string | null;
  category: string | null;
}

interface MatchRow {
  item_id: string;
  transform: MatchBadge['transform'];
  suppressor: string | null;
  flagged_at: string | null;
  algorithm: MatchBadge['algorithm'];
  distance: number;
  bank_name: string;
  bank_version: string;
  suppressed_by: string | null;
  matched_value: string;
  label: string | null;
  category: string | null;
  frame: number | null;
  timestamp_seconds: number | null;
  query_percent: number | null;
  target_percent: number | null;
}

const knownOrder = `ORDER BY suppressed_by IS NOT NULL, algorithm IN ('pdq', 'vpdq'), distance`;
const placeColumns = `frame, timestamp_seconds, query_percent, target_percent`;

function badge(row: MatchRow): MatchBadge {
  return {
    algorithm: row.algorithm,
    distance: row.distance,
    bank: row.bank_name,
    bankVersion: row.bank_version,
    suppressedBy: row.suppressed_by,
    transform: row.transform,
    suppressor: row.suppressor ? (JSON.parse(row.suppressor) as MatchBadge['suppressor']) : null,
    flaggedAt: row.flagged_at,
    ...(row.frame !== null ? { frame: row.frame } : {}),
    ...(row.timestamp_seconds !== null ? { timestampSeconds: row.timestamp_seconds } : {}),
    ...(row.query_percent !== null ? { queryPercent: row.query_percent } : {}),
    ...(row.target_percent !== null ? { targetPercent: row.target_percent } : {}),
  };
}

/** Whether the item has a known match that no allow entry suppresses (it goes first in review). */
export function hasUnsuppressedKnownMatch(vault: Vault, itemId: string): boolean {
  return (
    vault.db
      .prepare("SELECT 1 FROM matches WHERE item_id = ? AND bank_kind = 'known' AND suppressed_by IS NULL")
      .get(itemId) !== undefined
  );
}

/** The best known-bank match of each item that has one, by item id. */
export function bestKnownMatches(vault: Vault, itemIds: readonly string[]): Map<string, MatchBadge> {
  const rows = vault.db
    .prepare(
      `SELECT item_id, algorithm, distance, bank_name, bank_version, suppressed_by, transform, suppressor, flagged_at,
         ${placeColumns} FROM (
         SELECT *, row_number() OVER (PARTITION BY item_id ${knownOrder}) AS rank
         FROM matches WHERE bank_kind = 'known' AND item_id IN (SELECT value FROM json_each(?))
       ) WHERE rank = 1`,
    )
    .all(JSON.stringify(itemIds)) as MatchRow[];
  return new Map(rows.map((row) => [row.item_id, badge(row)]));
}

/** Every known-bank match of one item, best first. */
export function knownMatches(vault: Vault, itemId: string): KnownMatch[] {
  const rows = vault.db
    .prepare(
      `SELECT item_id, algorithm, distance, bank_name, bank_version, suppressed_by, transform, suppressor, flagged_at,
         matched_value, label, category, ${placeColumns}
       FROM matches WHERE item_id = ? AND bank_kind = 'known' ${knownOrder}`,
    )
    .all(itemId) as MatchRow[];
  return rows.map((row) => ({
    ...badge(row),
    value: row.matched_value,
    label: row.label,
    category: row.category,
  }));
}
