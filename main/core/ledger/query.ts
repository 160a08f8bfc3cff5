// Reading the ledger by what its entries say: who acted, what they did, about what, and when. Pages run
// newest first along the ledger's indexes (actor, action, time, subject), never by parsing every leaf;
// each entry's signature is checked against the keys the caller passes in (identity keeps them).
import type { LedgerAction } from '../../../shared/ledger';
import type { VaultDatabase } from '../vault';
import { entrySignatureValid, parseEntry, type LedgerEntry } from './entry';
import type { NoteVerifier } from './note';

export interface EntryQuery {
  /** The acting user's id. */
  actorId?: string;
  action?: LedgerAction;
  /** An item, case, user or bank id the entry is about. */
  subject?: string;
  /** ISO times: from (inclusive) and to (exclusive). */
  from?: string;
  to?: string;
}

export type SignatureStatus = 'valid' | 'invalid' | 'unknown-key';

export interface CheckedEntry {
  entry: LedgerEntry;
  signature: SignatureStatus;
}

function where(query: EntryQuery): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  const add = (sql: string, value: string | undefined) => {
    if (value === undefined) return;
    parts.push(sql);
    params.push(value);
  };
  add('e.actor = ?', query.actorId);
  add('e.action = ?', query.action);
  add('e.seq IN (SELECT s.seq FROM ledger_subjects s WHERE s.subject = ?)', query.subject);
  add('e.time >= ?', query.from);
  add('e.time < ?', query.to);
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}

function check(leaf: Buffer, verifiers: ReadonlyMap<string, NoteVerifier>): CheckedEntry {
  const entry = parseEntry(leaf);
  const verifier = verifiers.get(entry.key);
  if (!verifier) return { entry, signature: 'unknown-key' };
  return { entry, signature: entrySignatureValid(leaf, entry, verifier) ? 'valid' : 'invalid' };
}

/** A page of matching entries, newest first, with sequence numbers below `before` (all when null). */
export function queryEntries(
  db: VaultDatabase,
  query: EntryQuery,
  before: number | null,
  limit: number,
  verifiers: ReadonlyMap<string, NoteVerifier>,
): { total: number; entries: CheckedEntry[] } {
  const { sql, params } = where(query);
  const total = db
    .prepare(`SELECT count(*) FROM ledger_entries e WHERE ${sql}`)
    .pluck()
    .get(...params) as number;
  const leaves = db
    .prepare(`SELECT e.leaf FROM ledger_entries e WHERE ${sql} AND e.seq < ? ORDER BY e.seq DESC LIMIT ?`)
    .pluck()
    .all(...params, before ?? Number.MAX_SAFE_INTEGER, limit) as Buffer[];
  return { total, entries: leaves.map((leaf) => check(leaf, verifiers)) };
}

/** Every matching entry's sequence number, oldest first (for exporting a filtered view). */
export function matchingSeqs(db: VaultDatabase, query: EntryQuery): number[] {
  const { sql, params } = where(query);
  return db
    .prepare(`SELECT e.seq FROM ledger_entries e WHERE ${sql} ORDER BY e.seq`)
    .pluck()
    .all(...params) as number[];
}

export interface DailyActivity {
  /** YYYY-MM-DD (UTC). */
  day: string;
  actorId: string;
  count: number;
  /** Distinct minutes in which the actor took the action at least once. */
  minutes: number;
}

/** How often each actor took `action` each day since `since` (ISO), read along the action index. */
export function activityByDay(db: VaultDatabase, action: LedgerAction, since: string): DailyActivity[] {
  return db
    .prepare(
      `SELECT substr(e.time, 1, 10) AS day, e.actor AS actorId, count(*) AS count,
         count(DISTINCT substr(e.time, 1, 16)) AS minutes
       FROM ledger_entries e WHERE e.action = ? AND e.time >= ? GROUP BY day, e.actor ORDER BY day, e.actor`,
    )
    .all(action, since) as DailyActivity[];
}
