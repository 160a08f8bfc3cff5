// Appeals against decisions: entered by staff for the account holder, reviewed by someone who took no part
// in the decision (its decider, reviewers and resolver are refused). A reversal of a decision whose case
// reached NCMEC records the follow-up the report needs — a retraction while NCMEC still lets one (before
// finish), otherwise a supplemental report naming it in priorCTReports — and names the legal holds linked to
// the decision, which stay in place: holds are counsel's, and preservation puts them in front of counsel for
// review. A reversal never releases a hold. Owns the appeals table.
import { randomUUID } from 'node:crypto';
import {
  appealOutcomes,
  rationale as rationaleSchema,
  type AppealOutcome,
  type AppealView,
  type FollowUpKind,
} from '../../../shared/decisions';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors';
import { requireRole, userNames, type Vault } from '../identity';
import { subjectItems } from './evidence';
import { effectiveOutcome, participants } from './record';
import { loadDecision, setState, type StoredDecision } from './store';

interface AppealRow {
  id: string;
  decision_id: string;
  statement: string;
  entered_by: string;
  entered_at: string;
  state: 'open' | AppealOutcome;
  reviewed_by: string | null;
  reviewed_at: string | null;
  rationale: string | null;
  follow_up: string | null;
}

function subjectName(vault: Vault, decision: StoredDecision): string {
  if (decision.subjectKind === 'item') return decision.evidence.items[0]?.fileName ?? decision.subjectId;
  return subjectItems(vault, 'case', decision.subjectId).name;
}

function toView(vault: Vault, row: AppealRow): AppealView {
  const names = userNames(vault, [row.entered_by, ...(row.reviewed_by ? [row.reviewed_by] : [])]);
  return {
    id: row.id,
    decisionId: row.decision_id,
    subjectName: subjectName(vault, loadDecision(vault, row.decision_id)),
    statement: row.statement,
    enteredBy: names.get(row.entered_by) ?? row.entered_by,
    enteredAt: row.entered_at,
    state: row.state,
    reviewedBy: row.reviewed_by ? (names.get(row.reviewed_by) ?? row.reviewed_by) : null,
    reviewedAt: row.reviewed_at,
    rationale: row.rationale,
    followUp: row.follow_up ? (JSON.parse(row.follow_up) as AppealView['followUp']) : null,
  };
}

function loadAppeal(vault: Vault, id: string): AppealRow {
  const row = vault.db.prepare('SELECT * FROM appeals WHERE id = ?').get(id) as AppealRow | undefined;
  if (!row) throw new NotFoundError(`There is no appeal ${id} in this vault.`);
  return row;
}

export function listAppeals(vault: Vault): AppealView[] {
  requireRole(vault, 'item.read');
  const rows = vault.db
    .prepare("SELECT * FROM appeals ORDER BY state != 'open', entered_at DESC")
    .all() as AppealRow[];
  return rows.map((row) => toView(vault, row));
}

/** Enters an appeal from the account holder against a decision (one open appeal per decision). */
export function recordAppeal(vault: Vault, decisionId: string, statement: string): AppealView {
  requireRole(vault, 'appeal.record');
  const text = rationaleSchema.safeParse(statement);
  if (!text.success) throw new InvalidInputError('Give the appeal: what the account holder says.');
  const decision = loadDecision(vault, decisionId);
  if (decision.kind !== 'first')
    throw new InvalidInputError('An appeal is against a decision, not a review of one.');
  if (decision.state === 'superseded' || decision.state === 'reversed') {
    throw new InvalidInputError(`Decision ${decisionId} no longer stands (${decision.state}).`);
  }
  const id = randomUUID();
  vault.db
    .transaction(() => {
      const open = vault.db
        .prepare("SELECT 1 FROM appeals WHERE decision_id = ? AND state = 'open'")
        .get(decisionId);
      if (open) throw new InvalidInputError(`Decision ${decisionId} already has an open appeal.`);
      vault.db
        .prepare(
          `INSERT INTO appeals (id, decision_id, statement, entered_by, entered_at, state) VALUES (?, ?, ?, ?, ?, 'open')`,
        )
        .run(id, decisionId, text.data, vault.user.id, new Date().toISOString());
      vault.record('appeal.record', [id, decisionId, decision.subjectId], {
        decision: decisionId,
        statement: text.data,
      });
    })
    .immediate();
  return toView(vault, loadAppeal(vault, id));
}

/** The cases a decision concerns: its case, or every case its item belongs to. */
function casesOf(vault: Vault, decision: StoredDecision): string[] {
  if (decision.subjectKind === 'case') return [decision.subjectId];
  const ids = vault.ledger
    .entriesFor(decision.subjectId, 'case.create')
    .map((entry) => entry.subjects[0])
    .filter((id): id is string => typeof id === 'string');
  return [...new Set(ids)];
}

/** How far the case's report got at NCMEC, from its `report.submission` entries. */
function reportState(vault: Vault, caseId: string): { step: string; reportId: number | null } | null {
  const steps = vault.ledger.entriesFor(caseId, 'report.submission');
  const last = steps.at(-1);
  if (!last) return null;
  const withId = steps.findLast((entry) => typeof entry.details.reportId === 'number');
  return {
    step: String(last.details.step),
    reportId: (withId?.details.reportId as number | undefined) ?? null,
  };
}

interface FollowUp {
  kind: FollowUpKind;
  reportId: number | null;
  caseId: string | null;
  note: string;
}

/**
 * The active legal holds linked to a decision, from the signed ledger (`hold.add` and `hold.link` entries name
 * the decision; a `hold.release` entry ends a hold). Preservation owns the holds; this only reads the record.
 */
function linkedHolds(vault: Vault, decisionId: string): string[] {
  const linked = [
    ...vault.ledger.entriesFor(decisionId, 'hold.add'),
    ...vault.ledger.entriesFor(decisionId, 'hold.link'),
  ].map((entry) => String(entry.subjects[0]));
  return [...new Set(linked)].filter((id) => vault.ledger.entriesFor(id, 'hold.release', 1).length === 0);
}

/** What the reversal of a reported decision asks of the case's report, as NCMEC's API allows. */
function followUpFor(vault: Vault, caseId: string): FollowUp | null {
  const state = reportState(vault, caseId);
  if (!state || state.reportId === null) return null;
  if (state.step === 'finished') {
    return {
      kind: 'supplemental',
      reportId: state.reportId,
      caseId,
      note:
        `CyberTipline report ${state.reportId} is finished and NCMEC cannot retract it: send a supplemental report ` +
        `naming ${state.reportId} in priorCTReports that says the decision was reversed on appeal.`,
    };
  }
  if (state.step === 'retracted') return null;
  return {
    kind: 'retraction',
    reportId: state.reportId,
    caseId,
    note:
      `CyberTipline report ${state.reportId} is open at NCMEC and not finished: retract it ` +
      `(custody report retract --case ${caseId}) before it is finished.`,
  };
}

/**
 * Records the review of an appeal by someone who took no part in the decision. A reversal sets the
 * decision aside and records the follow-up its report needs (one `decision.followup` entry per reported
 * case) with the legal holds linked to the decision: they stay in place for counsel to review and release.
 */
export function reviewAppeal(
  vault: Vault,
  appealId: string,
  outcome: AppealOutcome,
  rationale: string,
): AppealView {
  requireRole(vault, 'appeal.review');
  if (!appealOutcomes.includes(outcome))
    throw new InvalidInputError(`An appeal is upheld or reversed, not ${outcome}.`);
  const why = rationaleSchema.safeParse(rationale);
  if (!why.success)
    throw new InvalidInputError(why.error.issues[0]?.message ?? 'The rationale is not valid.');
  const appeal = loadAppeal(vault, appealId);
  if (appeal.state !== 'open')
    throw new InvalidInputError(`Appeal ${appealId} was already reviewed (${appeal.state}).`);
  const decision = loadDecision(vault, appeal.decision_id);
  if (participants(vault, decision).has(vault.user.id)) {
    throw new ForbiddenError(
      'You took part in the decision under appeal (you decided, reviewed or resolved it): an appeal is reviewed by someone who took no part in it.',
    );
  }
  const reported = effectiveOutcome(vault, decision).report === 'report';
  const caseIds = casesOf(vault, decision);
  vault.db
    .transaction(() => {
      // Read again under the write lock: another workstation (the CLI) may have reviewed it meanwhile.
      const now = loadAppeal(vault, appealId).state;
      if (now !== 'open') throw new InvalidInputError(`Appeal ${appealId} was already reviewed (${now}).`);
      const followUps =
        outcome === 'reversed' && reported
          ? caseIds.map((id) => followUpFor(vault, id)).filter((f): f is FollowUp => f !== null)
          : [];
      const holds = outcome === 'reversed' ? linkedHolds(vault, decision.id) : [];
      const holdsNote =
        holds.length > 0
          ? ` Legal holds linked to the decision stay in place for counsel to review on the holds screen: ${holds.join(', ')}.`
          : '';
      const first = followUps[0];
      const summary = first
        ? {
            kind: first.kind,
            reportId: first.reportId,
            note: followUps.map((f) => f.note).join(' ') + holdsNote,
          }
        : outcome === 'reversed'
          ? {
              kind: 'none' as const,
              reportId: null,
              note: 'The decision never reached NCMEC: no report follow-up is needed.' + holdsNote,
            }
          : null;
      vault.db
        .prepare(
          `UPDATE appeals SET state = ?, reviewed_by = ?, reviewed_at = ?, rationale = ?, follow_up = ? WHERE id = ? AND state = 'open'`,
        )
        .run(
          outcome,
          vault.user.id,
          new Date().toISOString(),
          why.data,
          summary ? JSON.stringify(summary) : null,
          appealId,
        );
      vault.record('appeal.review', [appealId, decision.id, decision.subjectId], {
        decision: decision.id,
        outcome,
        rationale: why.data,
      });
      if (outcome !== 'reversed') return;
      setState(vault, decision.id, 'reversed');
      for (const followUp of followUps) {
        vault.record(
          'decision.followup',
          [decision.id, appealId, ...(followUp.caseId ? [followUp.caseId] : []), ...holds],
          { ...followUp, holdsForCounsel: holds },
        );
      }
      if (followUps.length === 0 && holds.length > 0) {
        vault.record('decision.followup', [decision.id, appealId, ...holds], {
          kind: 'none',
          reportId: null,
          caseId: null,
          note: `The legal holds linked to the decision stay in place until counsel reviews and releases them: ${holds.join(', ')}.`,
          holdsForCounsel: holds,
        });
      }
    })
    .immediate();
  return toView(vault, loadAppeal(vault, appealId));
}
