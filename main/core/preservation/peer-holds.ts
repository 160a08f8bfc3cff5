// Peers' legal holds and retention extensions as this vault keeps them, placed by the sync merge once a
// peer's signed entry is verified and its author's role here allows it. Each row carries the ledger origin
// of the workstation that placed it and an id no local hold can have (`peer:<origin>:<its id>`), so a peer
// only ever releases its own holds. Records nothing: the peer's entry, kept by the merge, is the record.
import type { Vault } from '../identity';
import type { HoldScope } from './holds';

/** The id this vault gives a peer's hold or extension: never one of its own random ids. */
export function peerRowId(origin: string, peerId: string): string {
  return `peer:${origin}:${peerId}`;
}

export interface PeerHold {
  origin: string;
  /** The hold's id on the workstation that placed it. */
  peerId: string;
  matter: string;
  /** The peer user who placed it (a peer user row of this vault). */
  counsel: string;
  reason: string | null;
  createdAt: string;
  /** Its scope here: items as this vault's item ids, reported accounts as they are. */
  scope: readonly HoldScope[];
}

/** Keeps a peer's hold; a second copy of the same hold changes nothing. */
export function recordPeerHold(vault: Vault, hold: PeerHold): void {
  const id = peerRowId(hold.origin, hold.peerId);
  const added = vault.db
    .prepare(
      `INSERT OR IGNORE INTO legal_holds (id, matter, counsel, reason, created_at, origin) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(id, hold.matter, hold.counsel, hold.reason, hold.createdAt, hold.origin);
  if (added.changes === 0) return;
  const insert = vault.db.prepare(
    'INSERT OR IGNORE INTO legal_hold_scope (hold_id, kind, target) VALUES (?, ?, ?)',
  );
  for (const s of hold.scope) insert.run(id, s.kind, s.target);
}

/**
 * Releases a peer's hold here as that peer released it. Only the hold that origin placed: the id is built
 * from the releasing entry's own origin, so no peer can release this workstation's holds or another's.
 * Returns whether a standing hold was released.
 */
export function releasePeerHold(
  vault: Vault,
  origin: string,
  peerId: string,
  release: { by: string; at: string; reason: string },
): boolean {
  return (
    vault.db
      .prepare(
        `UPDATE legal_holds SET released_at = ?, released_by = ?, release_reason = ?
         WHERE id = ? AND origin = ? AND released_at IS NULL`,
      )
      .run(release.at, release.by, release.reason, peerRowId(origin, peerId), origin).changes > 0
  );
}

export interface PeerExtension {
  origin: string;
  peerId: string;
  /** An item's retention, or a case's (the peer's case by its id here: its items here). */
  kind: 'item' | 'case';
  /** The item here, or the peer's case by its id here, whose retention the peer extended. */
  target: string;
  agency: string;
  reference: string;
  requestedOn: string;
  until: string;
  createdAt: string;
  createdBy: string;
}

/** Keeps a peer's extension of retention: the longest period wins, so it can only lengthen it. */
export function recordPeerExtension(vault: Vault, e: PeerExtension): void {
  vault.db
    .prepare(
      `INSERT OR IGNORE INTO retention_extensions
         (id, kind, target, agency, reference, requested_on, until, created_at, created_by, origin)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      peerRowId(e.origin, e.peerId),
      e.kind,
      e.target,
      e.agency,
      e.reference,
      e.requestedOn,
      e.until,
      e.createdAt,
      e.createdBy,
      e.origin,
    );
}

/** A hold or an extension as verify compares it: whose it is, whether it stands, what it covers. */
export interface HoldProjectionRow {
  id: string;
  origin: string | null;
  released: boolean;
  /** Its scope as `kind:target`, sorted. */
  scope: string[];
}

export interface ExtensionProjectionRow {
  id: string;
  origin: string | null;
  target: string;
  until: string;
}

/** Every hold (this workstation's and peers') and every extension, for verify's ledger comparison. */
export function preservationProjection(vault: Vault): {
  holds: HoldProjectionRow[];
  extensions: ExtensionProjectionRow[];
} {
  const scope = vault.db
    .prepare(
      `SELECT kind || ':' || target FROM legal_hold_scope WHERE hold_id = ? ORDER BY kind || ':' || target`,
    )
    .pluck();
  const holds = (
    vault.db.prepare('SELECT id, origin, released_at FROM legal_holds ORDER BY id').all() as Array<{
      id: string;
      origin: string | null;
      released_at: string | null;
    }>
  ).map((h) => ({
    id: h.id,
    origin: h.origin,
    released: h.released_at !== null,
    scope: scope.all(h.id) as string[],
  }));
  const extensions = vault.db
    .prepare('SELECT id, origin, target, until FROM retention_extensions ORDER BY id')
    .all() as ExtensionProjectionRow[];
  return { holds, extensions };
}
