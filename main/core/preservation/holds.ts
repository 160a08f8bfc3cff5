// Legal holds: a matter, the counsel who placed it, and its scope (cases, items, reported accounts). A hold
// has no end date: it blocks every expiry and deletion in its scope until it is released with a reason.
// Holds are never deleted; placing and releasing are ledger entries.
import { randomUUID } from 'node:crypto';
import { InvalidInputError, NotFoundError } from '../errors';
import { requireRole, userNames, type Vault } from '../identity';

export type HoldScopeKind = 'case' | 'item' | 'account';

export interface HoldScope {
  kind: HoldScopeKind;
  target: string;
}

export interface LegalHold {
  id: string;
  matter: string;
  counsel: string;
  reason: string | null;
  createdAt: string;
  releasedAt: string | null;
  releasedBy: string | null;
  releaseReason: string | null;
  scope: HoldScope[];
}

export interface NewHold {
  matter: string;
  scope: readonly HoldScope[];
  reason?: string | undefined;
}

interface HoldRow {
  id: string;
  matter: string;
  counsel: string;
  reason: string | null;
  created_at: string;
  released_at: string | null;
  released_by: string | null;
  release_reason: string | null;
}

/** Places a hold over `scope`; every case and item named must exist. Returns the hold. */
export function addHold(vault: Vault, hold: NewHold, exists: (scope: HoldScope) => boolean): LegalHold {
  requireRole(vault, 'hold.manage');
  const matter = hold.matter.trim();
  if (matter.length < 2) throw new InvalidInputError('Name the matter the hold is for (--matter NAME).');
  if (hold.scope.length === 0)
    throw new InvalidInputError('A hold needs a scope: at least one case, item or account.');
  for (const scope of hold.scope) {
    if (scope.target.trim().length === 0) throw new InvalidInputError(`An empty ${scope.kind} in the scope.`);
    if (!exists(scope)) throw new NotFoundError(`There is no ${scope.kind} ${scope.target} in this vault.`);
  }
  const id = randomUUID();
  const now = new Date().toISOString();
  const reason = hold.reason?.trim() || null;
  const unique = [...new Map(hold.scope.map((s) => [`${s.kind}:${s.target}`, s])).values()];
  vault.db.transaction(() => {
    vault.db
      .prepare('INSERT INTO legal_holds (id, matter, counsel, reason, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, matter, vault.user.id, reason, now);
    const insert = vault.db.prepare('INSERT INTO legal_hold_scope (hold_id, kind, target) VALUES (?, ?, ?)');
    for (const scope of unique) insert.run(id, scope.kind, scope.target);
    vault.record('hold.add', [id, ...unique.filter((s) => s.kind !== 'account').map((s) => s.target)], {
      matter,
      reason,
      scope: unique,
    });
  })();
  return holdById(vault, id);
}

/** Releases a hold, saying why; its scope becomes subject to retention again. Callable by other modules. */
export function releaseHold(vault: Vault, holdId: string, reason: string): LegalHold {
  requireRole(vault, 'hold.manage');
  const why = reason.trim();
  if (why.length < 3) throw new InvalidInputError('Say why the hold is released (--reason TEXT).');
  const hold = holdById(vault, holdId);
  if (hold.releasedAt)
    throw new InvalidInputError(`Hold ${holdId} was already released on ${hold.releasedAt}.`);
  const now = new Date().toISOString();
  vault.db.transaction(() => {
    vault.db
      .prepare('UPDATE legal_holds SET released_at = ?, released_by = ?, release_reason = ? WHERE id = ?')
      .run(now, vault.user.id, why, holdId);
    vault.record('hold.release', [holdId], { matter: hold.matter, reason: why });
  })();
  return holdById(vault, holdId);
}

/** Every hold, active ones first, newest first within each. */
export function listHolds(vault: Vault): LegalHold[] {
  requireRole(vault, 'item.read');
  const rows = vault.db
    .prepare('SELECT * FROM legal_holds ORDER BY released_at IS NOT NULL, created_at DESC')
    .all() as HoldRow[];
  return withScopes(vault, rows);
}

/** The holds not released. */
export function activeHolds(vault: Vault): LegalHold[] {
  const rows = vault.db
    .prepare('SELECT * FROM legal_holds WHERE released_at IS NULL ORDER BY created_at')
    .all() as HoldRow[];
  return withScopes(vault, rows);
}

function holdById(vault: Vault, id: string): LegalHold {
  const row = vault.db.prepare('SELECT * FROM legal_holds WHERE id = ?').get(id) as HoldRow | undefined;
  if (!row) throw new NotFoundError(`There is no hold ${id} in this vault.`);
  const [hold] = withScopes(vault, [row]);
  return hold as LegalHold;
}

function withScopes(vault: Vault, rows: HoldRow[]): LegalHold[] {
  const scopes = vault.db.prepare(
    'SELECT kind, target FROM legal_hold_scope WHERE hold_id = ? ORDER BY kind, target',
  );
  const names = userNames(
    vault,
    rows.flatMap((r) => [r.counsel, ...(r.released_by ? [r.released_by] : [])]),
  );
  return rows.map((row) => ({
    id: row.id,
    matter: row.matter,
    counsel: names.get(row.counsel) ?? row.counsel,
    reason: row.reason,
    createdAt: row.created_at,
    releasedAt: row.released_at,
    releasedBy: row.released_by ? (names.get(row.released_by) ?? row.released_by) : null,
    releaseReason: row.release_reason,
    scope: scopes.all(row.id) as HoldScope[],
  }));
}
