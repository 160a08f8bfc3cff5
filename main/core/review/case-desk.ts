// Cases as a team runs them: a case made from items already in the vault, each case's reviewer, and
// closing and reopening. Every change is one signed case.* entry in the change's own transaction; the
// policy decides who may make it. Reads and writes only review's cases and case_items tables.
import { randomUUID } from 'node:crypto';
import { reportDeadlineHours, type CaseFileEntry } from '../../../shared/case-file';
import type { CaseBoardRow } from '../../../shared/desk';
import { InvalidInputError, NotFoundError } from '../errors';
import { listUsers, requireRole, userNames, type Vault } from '../identity';

interface BoardRow {
  id: string;
  title: string;
  status: CaseBoardRow['status'];
  detected_at: string;
  deadline_at: string;
  items: number;
  assigned_to: string | null;
  closed_at: string | null;
}

const boardColumns = `c.id, c.title, c.status, c.detected_at, c.deadline_at, c.assigned_to, c.closed_at,
  (SELECT count(*) FROM case_items ci WHERE ci.case_id = c.id) AS items`;

function toRows(vault: Vault, rows: readonly BoardRow[], now: number): CaseBoardRow[] {
  const names = userNames(
    vault,
    rows.flatMap((r) => (r.assigned_to ? [r.assigned_to] : [])),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    detectedAt: r.detected_at,
    deadlineAt: r.deadline_at,
    remainingMs: Date.parse(r.deadline_at) - now,
    items: r.items,
    assignedTo: r.assigned_to ? (names.get(r.assigned_to) ?? r.assigned_to) : null,
    closedAt: r.closed_at,
  }));
}

/** Every case: open ones by time left on their clock (overdue first), then the others, newest first. */
export function caseBoard(vault: Vault, now = Date.now()): CaseBoardRow[] {
  const rows = vault.db
    .prepare(
      `SELECT ${boardColumns} FROM cases c
       ORDER BY c.status != 'open', CASE WHEN c.status = 'open' THEN c.deadline_at END, c.created_at DESC`,
    )
    .all() as BoardRow[];
  return toRows(vault, rows, now);
}

function boardRow(vault: Vault, caseId: string): CaseBoardRow {
  const row = vault.db.prepare(`SELECT ${boardColumns} FROM cases c WHERE c.id = ?`).get(caseId) as
    BoardRow | undefined;
  if (!row) throw new NotFoundError(`There is no case ${caseId} in this vault.`);
  return toRows(vault, [row], Date.now())[0] as CaseBoardRow;
}

export interface NewCaseFromItems {
  title: string;
  itemIds: readonly string[];
  /** When the content was detected: the 24-hour clock starts here. */
  detectedAt: string;
}

/** Creates a case holding items already in the vault, with an empty report draft to fill in. */
export function createCaseFromItems(vault: Vault, request: NewCaseFromItems): CaseBoardRow {
  requireRole(vault, 'case.create');
  const detected = Date.parse(request.detectedAt);
  if (Number.isNaN(detected)) throw new InvalidInputError('Give the detection time as a date-time.');
  if (detected > Date.now() + 60_000) throw new InvalidInputError('The detection time is in the future.');
  const ids = [...new Set(request.itemIds)];
  const found = vault.db
    .prepare(
      `SELECT id, display_name FROM items WHERE shredded_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as Array<{ id: string; display_name: string }>;
  const names = new Map(found.map((r) => [r.id, r.display_name]));
  const missing = ids.filter((id) => !names.has(id));
  if (missing.length > 0)
    throw new NotFoundError(`These items are not in the vault: ${missing.slice(0, 5).join(', ')}.`);
  const caseId = randomUUID();
  const detectedAt = new Date(detected).toISOString();
  const deadline = new Date(detected + reportDeadlineHours * 3600_000).toISOString();
  vault.db.transaction(() => {
    vault.db
      .prepare(
        `INSERT INTO cases (id, title, external_id, detected_at, deadline_at, report, status, created_at, created_by)
         VALUES (?, ?, NULL, ?, ?, '{}', 'open', ?, ?)`,
      )
      .run(caseId, request.title, detectedAt, deadline, new Date().toISOString(), vault.user.id);
    const link = vault.db.prepare(
      'INSERT INTO case_items (case_id, item_id, position, file) VALUES (?, ?, ?, ?)',
    );
    ids.forEach((id, position) => {
      // The item id stands for the file's path: the item is already in the vault, not in a case folder.
      const file: CaseFileEntry = { path: id, originalFileName: names.get(id) || undefined };
      link.run(caseId, id, position, JSON.stringify(file));
    });
    vault.record('case.create', [caseId, ...ids], {
      title: request.title,
      externalId: null,
      detectedAt,
      deadlineAt: deadline,
      fromItems: true,
      files: ids.length,
    });
  })();
  return boardRow(vault, caseId);
}

/** Assigns a case to an active user, or clears its assignment (`userName` null). */
export function assignCase(vault: Vault, caseId: string, userName: string | null): CaseBoardRow {
  requireRole(vault, 'case.assign');
  boardRow(vault, caseId);
  const user = userName === null ? null : listUsers(vault).find((u) => u.name === userName);
  if (user === undefined) throw new NotFoundError(`This vault has no active user "${String(userName)}".`);
  vault.db.transaction(() => {
    vault.db.prepare('UPDATE cases SET assigned_to = ? WHERE id = ?').run(user?.id ?? null, caseId);
    vault.record('case.assign', user ? [caseId, user.id] : [caseId], { user: user?.name ?? null });
  })();
  return boardRow(vault, caseId);
}

/** Closes a case (open or reported) for a reason, or reopens a closed one as it was before. */
export function closeCase(vault: Vault, caseId: string, close: boolean, reason: string): CaseBoardRow {
  requireRole(vault, 'case.close');
  const current = boardRow(vault, caseId);
  if (close && current.status === 'closed') throw new InvalidInputError('The case is already closed.');
  if (!close && current.status !== 'closed')
    throw new InvalidInputError('Only a closed case can be reopened.');
  vault.db.transaction(() => {
    if (close) {
      vault.db
        .prepare("UPDATE cases SET status = 'closed', closed_at = ? WHERE id = ?")
        .run(new Date().toISOString(), caseId);
      vault.record('case.close', [caseId], { reason, was: current.status });
    } else {
      // A reported case closed and reopened is reported again: its last case.close says what it was.
      const was = vault.ledger.entriesFor(caseId, 'case.close', 1)[0]?.details.was;
      const status = was === 'reported' ? 'reported' : 'open';
      vault.db.prepare('UPDATE cases SET status = ?, closed_at = NULL WHERE id = ?').run(status, caseId);
      vault.record('case.reopen', [caseId], { reason, status });
    }
  })();
  return boardRow(vault, caseId);
}

/** Which of these ids are items and which are cases, so a ledger entry's subject can be opened. */
export function subjectKinds(vault: Vault, ids: readonly string[]): Map<string, 'item' | 'case'> {
  const list = JSON.stringify([...new Set(ids)]);
  const kinds = new Map<string, 'item' | 'case'>();
  const items = vault.db
    .prepare('SELECT id FROM items WHERE shredded_at IS NULL AND id IN (SELECT value FROM json_each(?))')
    .pluck()
    .all(list) as string[];
  for (const id of items) kinds.set(id, 'item');
  const cases = vault.db
    .prepare('SELECT id FROM cases WHERE id IN (SELECT value FROM json_each(?))')
    .pluck()
    .all(list) as string[];
  for (const id of cases) kinds.set(id, 'case');
  return kinds;
}
