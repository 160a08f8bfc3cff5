// Recording decisions: a person's decision on an item or a case with the evidence the core gathers and
// their rationale; a blind second (or sampled) review of someone else's decision; a supervisor's
// resolution of a disagreement. Each is one signed ledger entry and its row, written together.
import { randomUUID } from 'node:crypto';
import {
  decisionOutcome,
  rationale as rationaleSchema,
  type DecisionOutcome,
  type DecisionState,
  type SubjectKind,
} from '../../../shared/decisions';
import { ForbiddenError, InvalidInputError } from '../errors';
import { requireRole, type Vault } from '../identity';
import { gatherEvidence } from './evidence';
import { currentGatePolicy, mayStandAlone } from './gate-policy';
import { isSampled, readSampling } from './sampling';
import {
  decisionsOn,
  hasOpenAppeal,
  insertDecision,
  loadDecision,
  reviewsOf,
  setState,
  type StoredDecision,
} from './store';

/** A decision as a person states it; the core adds who, when and the evidence. */
export interface DecisionInput {
  outcome: DecisionOutcome;
  rationale: string;
}

function checkInput(input: DecisionInput): DecisionInput {
  const outcome = decisionOutcome.safeParse(input.outcome);
  if (!outcome.success)
    throw new InvalidInputError(`The decision is not valid: ${outcome.error.issues[0]?.message}`);
  const why = rationaleSchema.safeParse(input.rationale);
  if (!why.success)
    throw new InvalidInputError(why.error.issues[0]?.message ?? 'The rationale is not valid.');
  if (outcome.data.report === 'report' && outcome.data.category === 'none') {
    throw new InvalidInputError('A decision to report needs a category other than "none".');
  }
  return { outcome: outcome.data, rationale: why.data };
}

/** Two decisions agree when they say the same on category, reporting and the platform action. */
export function sameOutcome(a: DecisionOutcome, b: DecisionOutcome): boolean {
  return a.category === b.category && a.report === b.report && a.action === b.action;
}

const replaceable: ReadonlySet<DecisionState | null> = new Set([
  'stands',
  'awaiting-second',
  'disputed',
  'resolved',
]);

/**
 * Records a person's decision on an item or a case. It stands at once when the fairness gate lets its
 * evidence stand alone; otherwise it awaits a blind second reviewer. It replaces the subject's earlier
 * decisions (a reversed one stays reversed).
 */
export function recordDecision(
  vault: Vault,
  subjectKind: SubjectKind,
  subjectId: string,
  input: DecisionInput,
): StoredDecision {
  requireRole(vault, 'decision.record');
  const { outcome, rationale } = checkInput(input);
  const { evidence } = gatherEvidence(vault, subjectKind, subjectId, vault.user.id);
  const { version, policy } = currentGatePolicy(vault);
  const { alone, reason } = mayStandAlone(evidence, policy);
  const id = randomUUID();
  const sampled = isSampled(readSampling(vault), id);
  const decidedAt = new Date().toISOString();
  return vault.db
    .transaction(() => {
      for (const earlier of decisionsOn(vault, subjectId)) {
        if (earlier.kind !== 'first') continue;
        refuseToBypass(vault, earlier);
        if (replaceable.has(earlier.state)) setState(vault, earlier.id, 'superseded');
      }
      const state: DecisionState = alone ? 'stands' : 'awaiting-second';
      const entry = vault.record(
        'decision.record',
        [id, subjectId, ...evidence.items.map((i) => i.itemId).filter((i) => i !== subjectId)],
        {
          kind: 'first',
          subjectKind,
          subject: subjectId,
          outcome,
          rationale,
          evidence,
          policyVersion: version,
          alone,
          aloneReason: reason,
          sampled,
          state,
        },
      );
      const decision: StoredDecision = {
        id,
        kind: 'first',
        subjectKind,
        subjectId,
        reviews: null,
        outcome,
        rationale,
        evidence,
        policyVersion: version,
        alone,
        aloneReason: reason,
        state,
        sampled,
        agreed: null,
        decidedBy: vault.user.id,
        decidedAt,
        ledgerSeq: entry.seq,
      };
      insertDecision(vault, decision);
      return decision;
    })
    .immediate();
}

/** What review a first decision waits for now: a second review, a sampled one, or none. */
export function pendingReview(vault: Vault, first: StoredDecision): 'second' | 'sample' | null {
  if (first.kind !== 'first') return null;
  if (first.state === 'awaiting-second') return 'second';
  if (first.sampled && (first.state === 'stands' || first.state === 'resolved')) {
    return reviewsOf(vault, first.id).some((r) => r.kind === 'sample') ? null : 'sample';
  }
  return null;
}

/** The users who took part in a first decision: its decider, its reviewers and any resolver. */
/**
 * A new decision may not set aside one that only a supervisor or an appeal's reviewer may settle: a disputed
 * decision goes to a supervisor who took no part (decision.resolve), a decision under an open appeal to the
 * appeal's review. Otherwise a reviewer could replace either and pick their own second reviewer.
 */
function refuseToBypass(vault: Vault, earlier: StoredDecision): void {
  if (earlier.state === 'disputed') {
    throw new ForbiddenError(
      `Reviewers disagree on decision ${earlier.id}: a supervisor who took no part resolves it before a new decision is recorded.`,
    );
  }
  if (hasOpenAppeal(vault, earlier.id)) {
    throw new ForbiddenError(
      `An appeal against decision ${earlier.id} is open: it is settled by reviewing the appeal, not by a new decision.`,
    );
  }
}

export function participants(vault: Vault, first: StoredDecision): Set<string> {
  return new Set([first.decidedBy, ...reviewsOf(vault, first.id).map((r) => r.decidedBy)]);
}

/**
 * Records a blind review of someone else's decision: the second review it awaits, or the sampled quality
 * review. The reviewer states their own decision before the core shows them the first; agreement makes the
 * first stand, disagreement sends it to a supervisor. Answers the review and the first decision.
 */
export function reviewDecision(
  vault: Vault,
  firstId: string,
  input: DecisionInput,
): { review: StoredDecision; first: StoredDecision } {
  requireRole(vault, 'decision.second');
  const { outcome, rationale } = checkInput(input);
  const first = loadDecision(vault, firstId);
  if (first.decidedBy === vault.user.id) {
    throw new ForbiddenError('You made this decision: its review must be by another person.');
  }
  if (participants(vault, first).has(vault.user.id)) {
    throw new ForbiddenError('You have already reviewed this decision: another person must review it now.');
  }
  const kind = pendingReview(vault, first);
  if (!kind) throw new InvalidInputError(`Decision ${firstId} awaits no review.`);
  const { evidence } = gatherEvidence(vault, first.subjectKind, first.subjectId, vault.user.id);
  const agreed = sameOutcome(first.outcome, outcome);
  const id = randomUUID();
  const { version } = currentGatePolicy(vault);
  return vault.db
    .transaction(() => {
      const current = loadDecision(vault, firstId);
      if (pendingReview(vault, current) !== kind)
        throw new InvalidInputError(`Decision ${firstId} was reviewed meanwhile.`);
      const next: DecisionState | null = agreed ? (kind === 'second' ? 'stands' : current.state) : 'disputed';
      const entry = vault.record('decision.review', [id, firstId, first.subjectId], {
        kind,
        reviews: firstId,
        outcome,
        rationale,
        evidence,
        agreed,
        firstState: next,
      });
      const review: StoredDecision = {
        id,
        kind,
        subjectKind: first.subjectKind,
        subjectId: first.subjectId,
        reviews: firstId,
        outcome,
        rationale,
        evidence,
        policyVersion: version,
        alone: false,
        aloneReason: `${kind} review of decision ${firstId}`,
        state: null,
        sampled: false,
        agreed,
        decidedBy: vault.user.id,
        decidedAt: new Date().toISOString(),
        ledgerSeq: entry.seq,
      };
      insertDecision(vault, review);
      if (next && next !== current.state) setState(vault, firstId, next);
      return { review, first: loadDecision(vault, firstId) };
    })
    .immediate();
}

/** A supervisor settles a disagreement; they must have taken no part in the decision or its reviews. */
export function resolveDispute(vault: Vault, firstId: string, input: DecisionInput): StoredDecision {
  requireRole(vault, 'decision.resolve');
  const { outcome, rationale } = checkInput(input);
  const first = loadDecision(vault, firstId);
  if (first.state !== 'disputed') throw new InvalidInputError(`Decision ${firstId} is not disputed.`);
  if (participants(vault, first).has(vault.user.id)) {
    throw new ForbiddenError(
      'You took part in this decision: a disagreement is resolved by someone who did not.',
    );
  }
  const { evidence } = gatherEvidence(vault, first.subjectKind, first.subjectId, vault.user.id);
  const id = randomUUID();
  const { version } = currentGatePolicy(vault);
  return vault.db
    .transaction(() => {
      const entry = vault.record('decision.resolve', [id, firstId, first.subjectId], {
        reviews: firstId,
        outcome,
        rationale,
        evidence,
      });
      insertDecision(vault, {
        id,
        kind: 'resolution',
        subjectKind: first.subjectKind,
        subjectId: first.subjectId,
        reviews: firstId,
        outcome,
        rationale,
        evidence,
        policyVersion: version,
        alone: false,
        aloneReason: `resolution of decision ${firstId}`,
        state: null,
        sampled: false,
        agreed: null,
        decidedBy: vault.user.id,
        decidedAt: new Date().toISOString(),
        ledgerSeq: entry.seq,
      });
      setState(vault, firstId, 'resolved');
      return loadDecision(vault, id);
    })
    .immediate();
}

/** What a first decision says now: its own outcome, or its resolution's after a disagreement. */
export function effectiveOutcome(vault: Vault, first: StoredDecision): DecisionOutcome {
  if (first.state !== 'resolved') return first.outcome;
  const resolution = reviewsOf(vault, first.id).findLast((r) => r.kind === 'resolution');
  return resolution?.outcome ?? first.outcome;
}
