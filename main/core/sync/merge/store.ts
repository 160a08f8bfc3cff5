// The merge's own tables: each peer entry received (once by origin and sequence number, applied or waiting
// for what it refers to), each peer item id's item here, the latest decision per subject, kind and origin,
// and the conflicts between decisions of different workstations with their sides. Owns merge_entries,
// merge_peer_items, merge_facts, merge_conflicts and merge_conflict_sides; it decides nothing.
import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Vault } from '../../identity';

export type FactKind = 'category' | 'report' | 'hold';
export type EntryState = 'applied' | 'waiting' | 'refused';

/** One decision as one workstation's latest entry states it. */
export interface Fact {
  subject: string;
  kind: FactKind;
  origin: string;
  seq: number;
  leafHash: string;
  actor: string;
  actorName: string;
  time: string;
  /** The decision itself as canonical-ish JSON text, compared as text. */
  value: string;
  rationale: string;
}

export interface StoredEntry {
  origin: string;
  seq: number;
  leafHash: string;
  entry: string;
  state: EntryState;
}

/** Prepared once per database: the per-entry statements run once for each entry of a bundle. */
const prepared = new WeakMap<Vault['db'], Map<string, Statement>>();

function statement(vault: Vault, sql: string): Statement {
  let cache = prepared.get(vault.db);
  if (!cache) {
    cache = new Map();
    prepared.set(vault.db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = vault.db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}

/** The entry already received with this origin and sequence number, if any. */
export function storedEntry(vault: Vault, origin: string, seq: number): StoredEntry | null {
  const row = statement(
    vault,
    'SELECT origin, seq, leaf_hash AS leafHash, entry, state FROM merge_entries WHERE origin = ? AND seq = ?',
  ).get(origin, seq) as StoredEntry | undefined;
  return row ?? null;
}

export function insertEntry(
  vault: Vault,
  e: Omit<StoredEntry, 'state'> & { action: string },
  now: string,
): void {
  statement(
    vault,
    `INSERT INTO merge_entries (origin, seq, leaf_hash, action, entry, state, received_at)
     VALUES (?, ?, ?, ?, ?, 'waiting', ?)`,
  ).run(e.origin, e.seq, e.leafHash, e.action, e.entry, now);
}

export function waitingEntries(vault: Vault): StoredEntry[] {
  return vault.db
    .prepare(
      `SELECT origin, seq, leaf_hash AS leafHash, entry, state FROM merge_entries WHERE state = 'waiting'`,
    )
    .all() as StoredEntry[];
}

/** Sets an entry's state; a refused entry keeps the reason it was refused. */
export function setEntryState(
  vault: Vault,
  origin: string,
  seq: number,
  state: EntryState,
  reason: string | null = null,
): void {
  statement(vault, 'UPDATE merge_entries SET state = ?, reason = ? WHERE origin = ? AND seq = ?').run(
    state,
    reason,
    origin,
    seq,
  );
}

/** How many received entries each origin has, and how many of them wait. */
export function entryCounts(vault: Vault): Array<{ origin: string; entries: number; waiting: number }> {
  return vault.db
    .prepare(
      `SELECT origin, count(*) AS entries, sum(state = 'waiting') AS waiting FROM merge_entries GROUP BY origin ORDER BY origin`,
    )
    .all() as Array<{ origin: string; entries: number; waiting: number }>;
}

export function mappedItem(vault: Vault, origin: string, peerItemId: string): string | null {
  return (
    (vault.db
      .prepare('SELECT item_id FROM merge_peer_items WHERE origin = ? AND peer_item_id = ?')
      .pluck()
      .get(origin, peerItemId) as string | undefined) ?? null
  );
}

/** This vault's item for each of a peer's item ids it has merged (ids it has not merged are absent). */
export function localItemIds(
  vault: Vault,
  origin: string,
  peerItemIds: readonly string[],
): Map<string, string> {
  const found = new Map<string, string>();
  for (const id of new Set(peerItemIds)) {
    const local = mappedItem(vault, origin, id);
    if (local !== null) found.set(id, local);
  }
  return found;
}

export function mapItem(vault: Vault, origin: string, peerItemId: string, itemId: string): void {
  vault.db
    .prepare('INSERT OR IGNORE INTO merge_peer_items (origin, peer_item_id, item_id) VALUES (?, ?, ?)')
    .run(origin, peerItemId, itemId);
}

const factColumns = `subject, kind, origin, seq, leaf_hash AS leafHash, actor, actor_name AS actorName, time,
  value, rationale`;

export function factsFor(vault: Vault, subject: string, kind: FactKind): Fact[] {
  return vault.db
    .prepare(`SELECT ${factColumns} FROM merge_facts WHERE subject = ? AND kind = ? ORDER BY origin`)
    .all(subject, kind) as Fact[];
}

/** Keeps a workstation's decision on a subject unless a later one of the same workstation is kept. */
export function keepFact(vault: Vault, fact: Fact): void {
  vault.db
    .prepare(
      `INSERT INTO merge_facts (subject, kind, origin, seq, leaf_hash, actor, actor_name, time, value, rationale)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (subject, kind, origin) DO UPDATE SET seq = excluded.seq, leaf_hash = excluded.leaf_hash,
         actor = excluded.actor, actor_name = excluded.actor_name, time = excluded.time, value = excluded.value,
         rationale = excluded.rationale
       WHERE excluded.seq > merge_facts.seq`,
    )
    .run(
      fact.subject,
      fact.kind,
      fact.origin,
      fact.seq,
      fact.leafHash,
      fact.actor,
      fact.actorName,
      fact.time,
      fact.value,
      fact.rationale,
    );
}

/** The subjects of a kind with a peer's decision: the rows the merge, not the local ledger, decided. */
export function subjectsWithFacts(vault: Vault, kind: FactKind): string[] {
  return vault.db
    .prepare('SELECT DISTINCT subject FROM merge_facts WHERE kind = ?')
    .pluck()
    .all(kind) as string[];
}

export interface ConflictRow {
  id: string;
  subject: string;
  kind: FactKind;
  openedAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

const conflictColumns = 'id, subject, kind, opened_at AS openedAt, resolved_at AS resolvedAt, resolution';

export function openConflict(vault: Vault, subject: string, kind: FactKind): ConflictRow | null {
  return (
    (vault.db
      .prepare(
        `SELECT ${conflictColumns} FROM merge_conflicts WHERE subject = ? AND kind = ? AND resolved_at IS NULL`,
      )
      .get(subject, kind) as ConflictRow | undefined) ?? null
  );
}

export function conflictById(vault: Vault, id: string): ConflictRow | null {
  return (
    (vault.db.prepare(`SELECT ${conflictColumns} FROM merge_conflicts WHERE id = ?`).get(id) as
      ConflictRow | undefined) ?? null
  );
}

/** Every conflict, open ones first, newest first. */
export function allConflicts(vault: Vault, open: boolean | null): ConflictRow[] {
  return vault.db
    .prepare(
      `SELECT ${conflictColumns} FROM merge_conflicts
       WHERE (? IS NULL OR (resolved_at IS NULL) = ?) ORDER BY resolved_at IS NOT NULL, opened_at DESC, id`,
    )
    .all(open === null ? null : 1, open === null ? null : open ? 1 : 0) as ConflictRow[];
}

/** The resolved conflicts of a subject and kind, oldest resolution first. */
export function resolvedConflicts(vault: Vault, subject: string, kind: FactKind): ConflictRow[] {
  return vault.db
    .prepare(
      `SELECT ${conflictColumns} FROM merge_conflicts WHERE subject = ? AND kind = ? AND resolved_at IS NOT NULL
       ORDER BY resolved_at, id`,
    )
    .all(subject, kind) as ConflictRow[];
}

/** Opens a conflict (or replaces the sides of the open one) with the decisions that disagree. */
export function recordConflict(
  vault: Vault,
  subject: string,
  kind: FactKind,
  sides: readonly Fact[],
  now: string,
): string {
  const id = openConflict(vault, subject, kind)?.id ?? randomUUID();
  vault.db
    .prepare(
      `INSERT OR IGNORE INTO merge_conflicts (id, subject, kind, opened_at, resolved_at, resolution) VALUES (?, ?, ?, ?, NULL, NULL)`,
    )
    .run(id, subject, kind, now);
  vault.db.prepare('DELETE FROM merge_conflict_sides WHERE conflict_id = ?').run(id);
  const insert = vault.db.prepare(
    `INSERT INTO merge_conflict_sides (conflict_id, origin, seq, leaf_hash, actor, actor_name, time, value, rationale)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const s of sides)
    insert.run(id, s.origin, s.seq, s.leafHash, s.actor, s.actorName, s.time, s.value, s.rationale);
  return id;
}

export function conflictSides(vault: Vault, conflictId: string): Fact[] {
  return vault.db
    .prepare(
      `SELECT c.subject, c.kind, s.origin, s.seq, s.leaf_hash AS leafHash, s.actor, s.actor_name AS actorName,
         s.time, s.value, s.rationale
       FROM merge_conflict_sides s JOIN merge_conflicts c ON c.id = s.conflict_id
       WHERE s.conflict_id = ? ORDER BY s.origin, s.seq`,
    )
    .all(conflictId) as Fact[];
}

export function closeConflict(vault: Vault, id: string, resolution: object, now: string): void {
  vault.db
    .prepare(
      'UPDATE merge_conflicts SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL',
    )
    .run(now, JSON.stringify(resolution), id);
}

/** The subjects of a kind with a resolved conflict. */
export function resolvedSubjects(vault: Vault, kind: FactKind): string[] {
  return vault.db
    .prepare('SELECT DISTINCT subject FROM merge_conflicts WHERE kind = ? AND resolved_at IS NOT NULL')
    .pluck()
    .all(kind) as string[];
}

/** The received entry of an origin with this action whose first subject is `subject` (a hold's hold.add). */
export function entryNaming(vault: Vault, origin: string, action: string, subject: string): string | null {
  return (
    (vault.db
      .prepare(
        `SELECT entry FROM merge_entries WHERE origin = ? AND action = ? AND json_extract(entry, '$.subjects[0]') = ?`,
      )
      .pluck()
      .get(origin, action, subject) as string | undefined) ?? null
  );
}

/** The applied entries of peers with one of these actions, in the order they were received. */
export function appliedEntries(vault: Vault, actions: readonly string[]): StoredEntry[] {
  return vault.db
    .prepare(
      `SELECT origin, seq, leaf_hash AS leafHash, entry, state FROM merge_entries
       WHERE state = 'applied' AND action IN (SELECT value FROM json_each(?)) ORDER BY origin, seq`,
    )
    .all(JSON.stringify(actions)) as StoredEntry[];
}

/** The state of the received entry of an origin with this action whose first subject is `subject`. */
export function stateOfEntryNaming(
  vault: Vault,
  origin: string,
  action: string,
  subject: string,
): EntryState | null {
  return (
    (vault.db
      .prepare(
        `SELECT state FROM merge_entries WHERE origin = ? AND action = ? AND json_extract(entry, '$.subjects[0]') = ?`,
      )
      .pluck()
      .get(origin, action, subject) as EntryState | undefined) ?? null
  );
}

/** The applied `item.shred` entries of peers naming (by their own id) the item that is `itemId` here. */
export function peerShredEntries(vault: Vault, itemId: string): string[] {
  return vault.db
    .prepare(
      `SELECT e.entry FROM merge_entries e
       JOIN merge_peer_items p ON p.origin = e.origin AND p.peer_item_id = json_extract(e.entry, '$.subjects[0]')
       WHERE e.action = 'item.shred' AND e.state = 'applied' AND p.item_id = ? ORDER BY e.origin, e.seq`,
    )
    .pluck()
    .all(itemId) as string[];
}

/** The ids peers give the item that is `itemId` here, by origin. */
export function peerItemIds(vault: Vault, itemId: string): Array<{ origin: string; peerItemId: string }> {
  return vault.db
    .prepare(
      'SELECT origin, peer_item_id AS peerItemId FROM merge_peer_items WHERE item_id = ? ORDER BY origin, peer_item_id',
    )
    .all(itemId) as Array<{ origin: string; peerItemId: string }>;
}
