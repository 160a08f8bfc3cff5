// The sync tables: this workstation's sync keys, the roster, peers' replicas, acknowledgements and witness
// cosignatures. The only SQL on them; it decides nothing about trust (the verbs
// around it verify before they write here).
import type { Role } from '../../../shared/domain';
import type { VaultDatabase } from '../vault';

export interface SyncIdentityRow {
  age_identity_sealed: Buffer;
  recipient: string;
  witness_key_sealed: Buffer;
}

export function readSyncIdentity(db: VaultDatabase): SyncIdentityRow | null {
  return (
    (db
      .prepare('SELECT age_identity_sealed, recipient, witness_key_sealed FROM sync_identity WHERE id = 1')
      .get() as SyncIdentityRow | undefined) ?? null
  );
}

export function insertSyncIdentity(db: VaultDatabase, row: SyncIdentityRow, now: string): void {
  db.prepare(
    'INSERT INTO sync_identity (id, age_identity_sealed, recipient, witness_key_sealed, created_at) VALUES (1, ?, ?, ?, ?)',
  ).run(row.age_identity_sealed, row.recipient, row.witness_key_sealed, now);
}

export interface RosterRow {
  workstation: string;
  origin: string;
  fingerprint: string;
  role: Role;
  card: string;
  addedAt: string;
  addedBy: string;
  removedAt: string | null;
}

const rosterColumns =
  'workstation, origin, fingerprint, role, card, added_at AS addedAt, added_by AS addedBy, removed_at AS removedAt';

export function rosterRows(db: VaultDatabase): RosterRow[] {
  return db
    .prepare(`SELECT ${rosterColumns} FROM sync_roster ORDER BY added_at, workstation`)
    .all() as RosterRow[];
}

export function rosterRow(db: VaultDatabase, workstation: string): RosterRow | null {
  return (
    (db.prepare(`SELECT ${rosterColumns} FROM sync_roster WHERE workstation = ?`).get(workstation) as
      RosterRow | undefined) ?? null
  );
}

/** Adds a member, or re-admits a removed one (with the card and role given now). */
export function upsertRosterRow(db: VaultDatabase, row: Omit<RosterRow, 'removedAt'>): void {
  db.prepare(
    `INSERT INTO sync_roster (workstation, origin, fingerprint, role, card, added_at, added_by)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (workstation) DO UPDATE SET fingerprint = excluded.fingerprint, role = excluded.role,
       card = excluded.card, added_at = excluded.added_at, added_by = excluded.added_by, removed_at = NULL`,
  ).run(row.workstation, row.origin, row.fingerprint, row.role, row.card, row.addedAt, row.addedBy);
}

/** Replaces a member's card by a newer one with the same fingerprint (new users, new keys). */
export function updateRosterCard(db: VaultDatabase, workstation: string, card: string): void {
  db.prepare('UPDATE sync_roster SET card = ? WHERE workstation = ?').run(card, workstation);
}

export function markRosterRemoved(db: VaultDatabase, workstation: string, now: string): void {
  db.prepare('UPDATE sync_roster SET removed_at = ? WHERE workstation = ? AND removed_at IS NULL').run(
    now,
    workstation,
  );
}

export interface ReplicaHead {
  origin: string;
  size: number;
  peaks: Buffer;
  checkpoint: string;
}

export function replicaHeads(db: VaultDatabase): ReplicaHead[] {
  return db
    .prepare('SELECT origin, size, peaks, checkpoint FROM sync_replica_heads ORDER BY origin')
    .all() as ReplicaHead[];
}

export function replicaHead(db: VaultDatabase, origin: string): ReplicaHead | null {
  return (
    (db
      .prepare('SELECT origin, size, peaks, checkpoint FROM sync_replica_heads WHERE origin = ?')
      .get(origin) as ReplicaHead | undefined) ?? null
  );
}

export function setReplicaHead(db: VaultDatabase, head: ReplicaHead): void {
  db.prepare(
    `INSERT INTO sync_replica_heads (origin, size, peaks, checkpoint) VALUES (?, ?, ?, ?)
     ON CONFLICT (origin) DO UPDATE SET size = excluded.size, peaks = excluded.peaks, checkpoint = excluded.checkpoint`,
  ).run(head.origin, head.size, head.peaks, head.checkpoint);
}

export interface ReplicaEntryRow {
  seq: number;
  leaf: Buffer;
  leafHash: Buffer;
  action: string;
  actor: string;
  time: string;
  subjects: readonly string[];
}

export function insertReplicaEntries(
  db: VaultDatabase,
  origin: string,
  rows: readonly ReplicaEntryRow[],
): void {
  const entry = db.prepare(
    'INSERT INTO sync_replica_entries (origin, seq, leaf, leaf_hash, action, actor, time) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const subject = db.prepare(
    'INSERT OR IGNORE INTO sync_replica_subjects (subject, origin, seq) VALUES (?, ?, ?)',
  );
  for (const row of rows) {
    entry.run(origin, row.seq, row.leaf, row.leafHash, row.action, row.actor, row.time);
    for (const s of row.subjects) subject.run(s, origin, row.seq);
  }
}

/** Stored leaf hashes of a replica, positions [start, end). */
export function replicaLeafHashes(db: VaultDatabase, origin: string, start: number, end: number): Buffer[] {
  return db
    .prepare(
      'SELECT leaf_hash FROM sync_replica_entries WHERE origin = ? AND seq >= ? AND seq < ? ORDER BY seq',
    )
    .pluck()
    .all(origin, start, end) as Buffer[];
}

/** Stored leaf bytes of a replica, positions [start, end). */
export function replicaLeaves(db: VaultDatabase, origin: string, start: number, end: number): Buffer[] {
  return db
    .prepare('SELECT leaf FROM sync_replica_entries WHERE origin = ? AND seq >= ? AND seq < ? ORDER BY seq')
    .pluck()
    .all(origin, start, end) as Buffer[];
}

/** Leaves of every replica entry about a subject, with their origin, in each origin's order. */
export function replicaLeavesFor(
  db: VaultDatabase,
  subject: string,
): Array<{ origin: string; leaf: Buffer }> {
  return db
    .prepare(
      `SELECT e.origin, e.leaf FROM sync_replica_subjects s
       JOIN sync_replica_entries e ON e.origin = s.origin AND e.seq = s.seq
       WHERE s.subject = ? ORDER BY e.time, e.origin, e.seq`,
    )
    .all(subject) as Array<{ origin: string; leaf: Buffer }>;
}

/** Leaves of every replica entry, newest first, at most `limit`. */
export function latestReplicaLeaves(
  db: VaultDatabase,
  limit: number,
): Array<{ origin: string; leaf: Buffer }> {
  return db
    .prepare('SELECT origin, leaf FROM sync_replica_entries ORDER BY time DESC, origin, seq DESC LIMIT ?')
    .all(limit) as Array<{ origin: string; leaf: Buffer }>;
}

export function acksOf(db: VaultDatabase, peer: string): Map<string, number> {
  const rows = db.prepare('SELECT origin, size FROM sync_acks WHERE peer = ?').all(peer) as Array<{
    origin: string;
    size: number;
  }>;
  return new Map(rows.map((r) => [r.origin, r.size]));
}

/** Raises what a peer acknowledged of an origin; an older acknowledgement never lowers it. */
export function raiseAck(db: VaultDatabase, peer: string, origin: string, size: number): boolean {
  const result = db
    .prepare(
      `INSERT INTO sync_acks (peer, origin, size) VALUES (?, ?, ?)
       ON CONFLICT (peer, origin) DO UPDATE SET size = excluded.size WHERE excluded.size > sync_acks.size`,
    )
    .run(peer, origin, size);
  return result.changes > 0;
}

export interface CosignatureRow {
  origin: string;
  witness: string;
  size: number;
  note: string;
  receivedAt: string;
}

export function cosignatures(db: VaultDatabase, origin?: string): CosignatureRow[] {
  return db
    .prepare(
      `SELECT origin, witness, size, note, received_at AS receivedAt FROM sync_cosignatures
       WHERE ? IS NULL OR origin = ? ORDER BY origin, witness`,
    )
    .all(origin ?? null, origin ?? null) as CosignatureRow[];
}

/** Keeps the cosignature if it covers more than the one held for that log and witness. */
export function keepCosignature(db: VaultDatabase, row: CosignatureRow): boolean {
  const result = db
    .prepare(
      `INSERT INTO sync_cosignatures (origin, witness, size, note, received_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (origin, witness) DO UPDATE SET size = excluded.size, note = excluded.note,
         received_at = excluded.received_at WHERE excluded.size > sync_cosignatures.size`,
    )
    .run(row.origin, row.witness, row.size, row.note, row.receivedAt);
  return result.changes > 0;
}

/** What the audit screen filters peers' entries by (actor ids, not names; ISO times, `to` exclusive). */
export interface ReplicaFilter {
  origin?: string;
  actorIds?: readonly string[];
  action?: string;
  subject?: string;
  from?: string;
  to?: string;
}

function replicaWhere(filter: ReplicaFilter): { sql: string; params: Array<string | number> } {
  const parts: string[] = [];
  const params: Array<string | number> = [];
  const add = (sql: string, value: string | undefined) => {
    if (value === undefined) return;
    parts.push(sql);
    params.push(value);
  };
  add('e.origin = ?', filter.origin);
  if (filter.actorIds) {
    parts.push(`e.actor IN (${filter.actorIds.map(() => '?').join(', ') || 'NULL'})`);
    params.push(...filter.actorIds);
  }
  add('e.action = ?', filter.action);
  add(
    'EXISTS (SELECT 1 FROM sync_replica_subjects s WHERE s.subject = ? AND s.origin = e.origin AND s.seq = e.seq)',
    filter.subject,
  );
  add('e.time >= ?', filter.from);
  add('e.time < ?', filter.to);
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}

/**
 * A page of replica entries matching `filter`: within one origin newest first by sequence number below
 * `before`; across origins newest first by time (`before` ignored). With the count of all that match.
 */
export function replicaLeavesPage(
  db: VaultDatabase,
  filter: ReplicaFilter,
  before: number | null,
  limit: number,
): { total: number; rows: Array<{ origin: string; leaf: Buffer }> } {
  const { sql, params } = replicaWhere(filter);
  const total = db
    .prepare(`SELECT count(*) FROM sync_replica_entries e WHERE ${sql}`)
    .pluck()
    .get(...params) as number;
  const rows =
    filter.origin !== undefined
      ? db
          .prepare(
            `SELECT e.origin, e.leaf FROM sync_replica_entries e WHERE ${sql} AND e.seq < ? ORDER BY e.seq DESC LIMIT ?`,
          )
          .all(...params, before ?? Number.MAX_SAFE_INTEGER, limit)
      : db
          .prepare(
            `SELECT e.origin, e.leaf FROM sync_replica_entries e WHERE ${sql}
             ORDER BY e.time DESC, e.origin, e.seq DESC LIMIT ?`,
          )
          .all(...params, limit);
  return { total, rows: rows as Array<{ origin: string; leaf: Buffer }> };
}
