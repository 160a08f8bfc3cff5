// What retention needs to know about the evidence: every item (when it was ingested, whether it is
// shredded) with the cases it belongs to (this vault's and peers', so a peer's hold over a case reaches the
// case's items here), each case's title, and the accounts each case's report names as
// reported. Read only: it decides nothing about retention (preservation does).
import type { Vault } from '../identity';

export interface RetainedItem {
  itemId: string;
  sha256: string;
  displayName: string;
  ingestedAt: string;
  shreddedAt: string | null;
  caseIds: string[];
}

export interface RetainedCase {
  caseId: string;
  title: string;
  status: string;
  /** Every string in the report's personOrUserReported sections (screen names, ids, emails). */
  accounts: string[];
}

/** Every item of the vault, oldest first, with the cases that hold it (peers' by their id here). */
export function retainedItems(vault: Vault): RetainedItem[] {
  const rows = vault.db
    .prepare(
      `SELECT i.id, i.sha256, i.display_name, i.ingested_at, i.shredded_at,
         (SELECT group_concat(case_id) FROM (
            SELECT ci.case_id FROM case_items ci WHERE ci.item_id = i.id
            UNION ALL SELECT pi.case_id FROM peer_case_items pi WHERE pi.item_id = i.id)) AS case_ids
       FROM items i ORDER BY i.ingested_at, i.id`,
    )
    .all() as Array<{
    id: string;
    sha256: string;
    display_name: string;
    ingested_at: string;
    shredded_at: string | null;
    case_ids: string | null;
  }>;
  return rows.map((row) => ({
    itemId: row.id,
    sha256: row.sha256,
    displayName: row.display_name,
    ingestedAt: row.ingested_at,
    shreddedAt: row.shredded_at,
    caseIds: row.case_ids ? row.case_ids.split(',') : [],
  }));
}

/** Every case with the accounts its report names as reported. */
export function retainedCases(vault: Vault): RetainedCase[] {
  const rows = vault.db
    .prepare('SELECT id, title, status, report FROM cases ORDER BY created_at')
    .all() as Array<{ id: string; title: string; status: string; report: string }>;
  return rows.map((row) => {
    const report = JSON.parse(row.report) as { personOrUserReported?: unknown };
    return {
      caseId: row.id,
      title: row.title,
      status: row.status,
      accounts: [...new Set(strings(report.personOrUserReported))],
    };
  });
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}
