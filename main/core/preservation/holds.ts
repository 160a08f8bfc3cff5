// Legal holds: a matter, the counsel who placed it, and its scope (cases, items, reported accounts). A hold
// has no end date: it blocks every expiry and deletion in its scope until it is released with a reason.
// Holds are never deleted; placing and releasing are ledger entries. A hold may be linked to the decisions
// that caused it; when one of them is reversed on appeal the hold is put in front of counsel for review,
// never released by the reversal (only counsel releases a hold, with a reason). A peer workstation's hold
// (./peer-holds, kept by the sync merge) blocks deletion here like this vault's own, but only that peer
// releases it: it is never released or linked here.
import { randomUUID } from 'node:crypto';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors';
import { requireRole, userNames, type Vault } from '../identity';

export type HoldScopeKind = 'case' | 'item' | 'account';

export interface HoldScope {
  kind: HoldScopeKind;
  target: string;
}

/** A decision a hold is linked to, and whether it was reversed on appeal (read from the ledger). */
export interface LinkedDecision {
  id: string;
  linkedAt: string;
  reversedAt: string | null;
  appealId: string | null;
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
  decisions: LinkedDecision[];
  /** Set while the hold is active and a decision it is linked to was reversed: what counsel should review. */
  review: string | null;
  /** The ledger origin of the peer workstation that placed it; null for this workstation's own. */
  origin: string | null;
}

export interface NewHold {
  matter: string;
  scope: readonly HoldScope[];
  reason?: string | undefined;
  /** The decisions that caused the hold (first decisions recorded in this vault). */
  decisions?: readonly string[] | undefined;
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
  origin: string | null;
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
  const decisions = [...new Set(hold.decisions ?? [])];
  for (const decisionId of decisions) requireDecision(vault, decisionId);
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
    for (const decisionId of decisions) insertLink(vault, id, decisionId, now);
    vault.record(
      'hold.add',
      [id, ...unique.filter((s) => s.kind !== 'account').map((s) => s.target), ...decisions],
      { matter, reason, scope: unique, ...(decisions.length > 0 ? { decisions } : {}) },
    );
  })();
  return holdById(vault, id);
}

/** Releases a hold, saying why; its scope becomes subject to retention again. Callable by other modules. */
export function releaseHold(vault: Vault, holdId: string, reason: string): LegalHold {
  requireRole(vault, 'hold.manage');
  const why = reason.trim();
  if (why.length < 3) throw new InvalidInputError('Say why the hold is released (--reason TEXT).');
  const hold = holdById(vault, holdId);
  refusePeerHold(hold, 'released');
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

/** Links an active hold to a decision that caused it, so that a reversal of the decision reaches counsel. */
export function linkDecision(vault: Vault, holdId: string, decisionId: string): LegalHold {
  requireRole(vault, 'hold.manage');
  const hold = holdById(vault, holdId);
  refusePeerHold(hold, 'linked');
  if (hold.releasedAt) throw new InvalidInputError(`Hold ${holdId} was released on ${hold.releasedAt}.`);
  requireDecision(vault, decisionId);
  if (hold.decisions.some((d) => d.id === decisionId))
    throw new InvalidInputError(`Hold ${holdId} is already linked to decision ${decisionId}.`);
  vault.db.transaction(() => {
    insertLink(vault, holdId, decisionId, new Date().toISOString());
    vault.record('hold.link', [holdId, decisionId], { matter: hold.matter, decision: decisionId });
  })();
  return holdById(vault, holdId);
}

/** A peer's hold is that peer's: counsel there releases or links it, and the change syncs here. */
function refusePeerHold(hold: LegalHold, what: string): void {
  if (hold.origin)
    throw new ForbiddenError(
      `Hold ${hold.id} (matter "${hold.matter}") was placed on workstation ${hold.origin}: it can only be ${what} there.`,
    );
}

function insertLink(vault: Vault, holdId: string, decisionId: string, at: string): void {
  vault.db
    .prepare(
      'INSERT INTO legal_hold_decisions (hold_id, decision_id, linked_by, linked_at) VALUES (?, ?, ?, ?)',
    )
    .run(holdId, decisionId, vault.user.id, at);
}

/** A hold links only to a first decision recorded in this vault (its `decision.record` entry names it first). */
function requireDecision(vault: Vault, decisionId: string): void {
  const recorded = vault.ledger
    .entriesFor(decisionId, 'decision.record')
    .some((entry) => entry.subjects[0] === decisionId);
  if (!recorded) throw new NotFoundError(`There is no decision ${decisionId} in this vault.`);
}

/** The last reversal of a decision on appeal, from the signed `appeal.review` entries. */
function reversalOf(vault: Vault, decisionId: string): { at: string; appealId: string } | null {
  const entry = vault.ledger
    .entriesFor(decisionId, 'appeal.review')
    .findLast((e) => e.details.decision === decisionId && e.details.outcome === 'reversed');
  return entry ? { at: entry.time, appealId: String(entry.subjects[0]) } : null;
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
  const links = vault.db.prepare(
    'SELECT decision_id, linked_at FROM legal_hold_decisions WHERE hold_id = ? ORDER BY linked_at, decision_id',
  );
  const names = userNames(
    vault,
    rows.flatMap((r) => [r.counsel, ...(r.released_by ? [r.released_by] : [])]),
  );
  return rows.map((row) => {
    const decisions = (links.all(row.id) as { decision_id: string; linked_at: string }[]).map((link) => {
      const reversal = reversalOf(vault, link.decision_id);
      return {
        id: link.decision_id,
        linkedAt: link.linked_at,
        reversedAt: reversal?.at ?? null,
        appealId: reversal?.appealId ?? null,
      };
    });
    const reversed = decisions.filter((d) => d.reversedAt !== null);
    const review =
      row.released_at === null && reversed.length > 0
        ? `Decision ${reversed.map((d) => d.id).join(', ')} that caused this hold was reversed on appeal: ` +
          'review the hold and release it with a reason if nothing else requires it.'
        : null;
    return {
      id: row.id,
      matter: row.matter,
      counsel: names.get(row.counsel) ?? row.counsel,
      reason: row.reason,
      createdAt: row.created_at,
      releasedAt: row.released_at,
      releasedBy: row.released_by ? (names.get(row.released_by) ?? row.released_by) : null,
      releaseReason: row.release_reason,
      scope: scopes.all(row.id) as HoldScope[],
      decisions,
      review,
      origin: row.origin,
    };
  });
}
