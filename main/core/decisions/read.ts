// Reading decisions, blind where it must be: while a decision awaits a review (second or sampled), its
// outcome and rationale — and those of any review of it — are withheld from every user who did not write
// them and has not yet recorded their own review. The review queues show what to review, never how it was
// decided. Every read of decisions goes through here.
import type { DecisionView, QueueEntry } from '../../../shared/decisions';
import { requireRole, userNames, type Vault } from '../identity';
import { subjectItems } from './evidence';
import { participants, pendingReview } from './record';
import {
  decisionsOn,
  firstDecisionsIn,
  loadDecision,
  unsampledDecisions,
  type StoredDecision,
} from './store';

/** The reader must not see `decision` yet: its first decision awaits a review the reader has not given. */
function hiddenFrom(vault: Vault, decision: StoredDecision, readerId: string): boolean {
  if (decision.decidedBy === readerId) return false;
  const first =
    decision.kind === 'first' ? decision : decision.reviews ? loadDecision(vault, decision.reviews) : null;
  if (!first || pendingReview(vault, first) === null) return false;
  return !participants(vault, first).has(readerId);
}

function subjectName(vault: Vault, decision: StoredDecision): string {
  if (decision.subjectKind === 'item') return decision.evidence.items[0]?.fileName ?? decision.subjectId;
  try {
    return subjectItems(vault, 'case', decision.subjectId).name;
  } catch {
    return decision.subjectId;
  }
}

/** A decision as this reader may see it. */
export function viewDecision(
  vault: Vault,
  decision: StoredDecision,
  names?: Map<string, string>,
): DecisionView {
  const blind = hiddenFrom(vault, decision, vault.user.id);
  const known = names ?? userNames(vault, [decision.decidedBy]);
  return {
    id: decision.id,
    kind: decision.kind,
    subjectKind: decision.subjectKind,
    subjectId: decision.subjectId,
    subjectName: subjectName(vault, decision),
    reviews: decision.reviews,
    decidedBy: known.get(decision.decidedBy) ?? decision.decidedBy,
    decidedAt: decision.decidedAt,
    ledgerSeq: decision.ledgerSeq,
    blind,
    outcome: blind ? null : decision.outcome,
    rationale: blind ? null : decision.rationale,
    evidence: decision.evidence,
    policyVersion: decision.policyVersion,
    alone: decision.alone,
    aloneReason: decision.aloneReason,
    state: decision.state,
    sampled: decision.sampled,
    agreed: blind ? null : decision.agreed,
  };
}

/** Every decision on an item or a case and every review of them, oldest first, blind where it must be. */
export function decisionsFor(vault: Vault, subjectId: string): DecisionView[] {
  requireRole(vault, 'item.read');
  const all = decisionsOn(vault, subjectId);
  const names = userNames(
    vault,
    all.map((d) => d.decidedBy),
  );
  return all.map((d) => viewDecision(vault, d, names));
}

function queueEntry(vault: Vault, d: StoredDecision): QueueEntry {
  return {
    decisionId: d.id,
    subjectKind: d.subjectKind,
    subjectId: d.subjectId,
    subjectName: subjectName(vault, d),
    decidedAt: d.decidedAt,
    evidence: d.evidence,
  };
}

export interface ReviewQueues {
  /** Decisions awaiting a blind second review that this user may give (not their own). */
  second: QueueEntry[];
  /** Sampled decisions awaiting a blind quality review this user may give. */
  sample: QueueEntry[];
  /** Disagreements awaiting a supervisor who took no part in them. */
  disputed: DecisionView[];
}

export function reviewQueues(vault: Vault): ReviewQueues {
  requireRole(vault, 'item.read');
  const me = vault.user.id;
  const open = (d: StoredDecision) => !participants(vault, d).has(me);
  return {
    second: firstDecisionsIn(vault, 'awaiting-second')
      .filter(open)
      .map((d) => queueEntry(vault, d)),
    sample: unsampledDecisions(vault)
      .filter(open)
      .map((d) => queueEntry(vault, d)),
    disputed: firstDecisionsIn(vault, 'disputed')
      .filter(open)
      .map((d) => viewDecision(vault, d)),
  };
}
