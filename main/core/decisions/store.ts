// The decisions table: each recorded decision (first decisions, blind second and sampled reviews, a
// supervisor's resolution) as its signed ledger entry says, and the state of each first decision. Only
// this file issues SQL on decisions; the verbs beside it decide what is written.
import {
  decisionEvidence,
  decisionOutcome,
  type DecisionEvidence,
  type DecisionKind,
  type DecisionOutcome,
  type DecisionState,
  type SubjectKind,
} from '../../../shared/decisions';
import { NotFoundError } from '../errors';
import type { Vault } from '../identity';

export interface StoredDecision {
  id: string;
  kind: DecisionKind;
  subjectKind: SubjectKind;
  subjectId: string;
  reviews: string | null;
  outcome: DecisionOutcome;
  rationale: string;
  evidence: DecisionEvidence;
  policyVersion: number;
  alone: boolean;
  aloneReason: string;
  state: DecisionState | null;
  sampled: boolean;
  agreed: boolean | null;
  decidedBy: string;
  decidedAt: string;
  ledgerSeq: number;
}

interface DecisionRow {
  id: string;
  kind: DecisionKind;
  subject_kind: SubjectKind;
  subject_id: string;
  reviews: string | null;
  outcome: string;
  rationale: string;
  evidence: string;
  policy_version: number;
  alone: number;
  alone_reason: string;
  state: DecisionState | null;
  sampled: number;
  agreed: number | null;
  decided_by: string;
  decided_at: string;
  ledger_seq: number;
}

function fromRow(row: DecisionRow): StoredDecision {
  return {
    id: row.id,
    kind: row.kind,
    subjectKind: row.subject_kind,
    subjectId: row.subject_id,
    reviews: row.reviews,
    outcome: decisionOutcome.parse(JSON.parse(row.outcome)),
    rationale: row.rationale,
    evidence: decisionEvidence.parse(JSON.parse(row.evidence)),
    policyVersion: row.policy_version,
    alone: row.alone === 1,
    aloneReason: row.alone_reason,
    state: row.state,
    sampled: row.sampled === 1,
    agreed: row.agreed === null ? null : row.agreed === 1,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    ledgerSeq: row.ledger_seq,
  };
}

export function insertDecision(vault: Vault, d: StoredDecision): void {
  vault.db
    .prepare(
      `INSERT INTO decisions (id, kind, subject_kind, subject_id, reviews, outcome, rationale, evidence,
         policy_version, alone, alone_reason, state, sampled, agreed, decided_by, decided_at, ledger_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      d.id,
      d.kind,
      d.subjectKind,
      d.subjectId,
      d.reviews,
      JSON.stringify(d.outcome),
      d.rationale,
      JSON.stringify(d.evidence),
      d.policyVersion,
      d.alone ? 1 : 0,
      d.aloneReason,
      d.state,
      d.sampled ? 1 : 0,
      d.agreed === null ? null : d.agreed ? 1 : 0,
      d.decidedBy,
      d.decidedAt,
      d.ledgerSeq,
    );
}

export function setState(vault: Vault, id: string, state: DecisionState): void {
  vault.db.prepare('UPDATE decisions SET state = ? WHERE id = ?').run(state, id);
}

export function findDecision(vault: Vault, id: string): StoredDecision | null {
  const row = vault.db.prepare('SELECT * FROM decisions WHERE id = ?').get(id) as DecisionRow | undefined;
  return row ? fromRow(row) : null;
}

export function loadDecision(vault: Vault, id: string): StoredDecision {
  const found = findDecision(vault, id);
  if (!found) throw new NotFoundError(`There is no decision ${id} in this vault.`);
  return found;
}

/** Every decision on a subject, and every review of them, oldest first. */
export function decisionsOn(vault: Vault, subjectId: string): StoredDecision[] {
  const rows = vault.db
    .prepare('SELECT * FROM decisions WHERE subject_id = ? ORDER BY decided_at, ledger_seq')
    .all(subjectId) as DecisionRow[];
  return rows.map(fromRow);
}

/** The reviews (second, sample, resolution) recorded of a first decision, oldest first. */
export function reviewsOf(vault: Vault, firstId: string): StoredDecision[] {
  const rows = vault.db
    .prepare('SELECT * FROM decisions WHERE reviews = ? ORDER BY ledger_seq')
    .all(firstId) as DecisionRow[];
  return rows.map(fromRow);
}

/** First decisions in one state, oldest first. */
export function firstDecisionsIn(vault: Vault, state: DecisionState): StoredDecision[] {
  const rows = vault.db
    .prepare("SELECT * FROM decisions WHERE kind = 'first' AND state = ? ORDER BY decided_at, ledger_seq")
    .all(state) as DecisionRow[];
  return rows.map(fromRow);
}

/** Sampled first decisions that no sample review has checked yet. */
export function unsampledDecisions(vault: Vault): StoredDecision[] {
  const rows = vault.db
    .prepare(
      `SELECT * FROM decisions d WHERE d.kind = 'first' AND d.sampled = 1 AND d.state IN ('stands', 'resolved')
         AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.reviews = d.id AND r.kind = 'sample')
       ORDER BY d.decided_at, d.ledger_seq`,
    )
    .all() as DecisionRow[];
  return rows.map(fromRow);
}

/** Every second and sample review with the first decision it checked: what agreement is measured on. */
export function recordedReviews(vault: Vault): Array<{ review: StoredDecision; first: StoredDecision }> {
  const rows = vault.db
    .prepare(
      `SELECT r.id AS review_id, r.reviews AS first_id FROM decisions r
       WHERE r.kind IN ('second', 'sample') ORDER BY r.decided_at, r.ledger_seq`,
    )
    .all() as Array<{ review_id: string; first_id: string }>;
  return rows.map((r) => ({
    review: loadDecision(vault, r.review_id),
    first: loadDecision(vault, r.first_id),
  }));
}

/** Whether an appeal against the decision is open (entered, not yet reviewed). */
export function hasOpenAppeal(vault: Vault, decisionId: string): boolean {
  return (
    vault.db.prepare("SELECT 1 FROM appeals WHERE decision_id = ? AND state = 'open'").get(decisionId) !==
    undefined
  );
}
