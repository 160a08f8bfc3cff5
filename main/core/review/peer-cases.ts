// Peers' cases as this vault keeps them once the sync merge verified their entries: each case with the
// workstation it came from, its items as this vault's items, and its status (open, reported, closed) as
// that workstation last recorded it. Kept apart from this vault's own cases: never edited, reported or
// assigned here. Records nothing: the peer's entries, kept by the merge, are the record.
import { requireRole, userNames, type Vault } from '../identity';

export interface PeerCase {
  /** This vault's id for it: `peer:<origin>:<its id there>`. */
  id: string;
  origin: string;
  peerCaseId: string;
  title: string;
  externalId: string | null;
  detectedAt: string;
  deadlineAt: string;
  status: 'open' | 'reported' | 'closed';
  createdAt: string;
  createdBy: string;
  /** Its items, as this vault's item ids. */
  itemIds: string[];
}

export type NewPeerCase = Omit<PeerCase, 'status'>;

/** Keeps a peer's case and its items; a second copy of the same case changes nothing. */
export function recordPeerCase(vault: Vault, c: NewPeerCase): void {
  const added = vault.db
    .prepare(
      `INSERT OR IGNORE INTO peer_cases
         (id, origin, peer_case_id, title, external_id, detected_at, deadline_at, status, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
    )
    .run(
      c.id,
      c.origin,
      c.peerCaseId,
      c.title,
      c.externalId,
      c.detectedAt,
      c.deadlineAt,
      c.createdAt,
      c.createdBy,
    );
  if (added.changes === 0) return;
  const link = vault.db.prepare('INSERT OR IGNORE INTO peer_case_items (case_id, item_id) VALUES (?, ?)');
  for (const item of c.itemIds) link.run(c.id, item);
}

/** Sets a peer case's status as its workstation recorded it; false when this vault does not keep that case. */
export function setPeerCaseStatus(
  vault: Vault,
  origin: string,
  peerCaseId: string,
  status: PeerCase['status'],
): boolean {
  return (
    vault.db
      .prepare('UPDATE peer_cases SET status = ? WHERE origin = ? AND peer_case_id = ?')
      .run(status, origin, peerCaseId).changes > 0
  );
}

/** Every peer case (or those holding one item), oldest first, with its creator's name. */
export function peerCases(vault: Vault, itemId?: string): PeerCase[] {
  requireRole(vault, 'item.read');
  return peerCaseRows(vault, itemId).map((c) => ({
    ...c,
    createdBy: userNames(vault, [c.createdBy]).get(c.createdBy) ?? c.createdBy,
  }));
}

/** The rows as stored (creator as a user id), for verify and the merge; no role check. */
export function peerCaseRows(vault: Vault, itemId?: string): PeerCase[] {
  const rows = vault.db
    .prepare(
      `SELECT id, origin, peer_case_id AS peerCaseId, title, external_id AS externalId, detected_at AS detectedAt,
         deadline_at AS deadlineAt, status, created_at AS createdAt, created_by AS createdBy
       FROM peer_cases
       WHERE ? IS NULL OR id IN (SELECT case_id FROM peer_case_items WHERE item_id = ?)
       ORDER BY created_at, id`,
    )
    .all(itemId ?? null, itemId ?? null) as Array<Omit<PeerCase, 'itemIds'>>;
  const items = vault.db
    .prepare('SELECT item_id FROM peer_case_items WHERE case_id = ? ORDER BY item_id')
    .pluck();
  return rows.map((r) => ({ ...r, itemIds: items.all(r.id) as string[] }));
}
