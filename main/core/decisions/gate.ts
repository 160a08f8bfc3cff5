// The fairness gate applied to a case before it is reported: every decision recorded on the case or its
// items must stand (alone under the policy, confirmed by a blind second reviewer, or resolved by a
// supervisor) and say "report"; an item matched only by PDQ needs such a decision (its own or the case's).
// The check names what is missing; `requireGate` refuses with it (exit 1 in the CLI, FORBIDDEN over IPC).
import type { GateCheck } from '../../../shared/decisions';
import { ForbiddenError } from '../errors';
import { requireRole, userNames, type Vault } from '../identity';
import { knownMatches } from '../matching';
import { subjectItems } from './evidence';
import { currentGatePolicy, pdqOnly } from './gate-policy';
import { effectiveOutcome } from './record';
import { decisionsOn, type StoredDecision } from './store';

/** A case's decisions do not satisfy the fairness gate; the message names each thing missing. */
export class GateNotSatisfiedError extends ForbiddenError {
  constructor(
    readonly title: string,
    readonly check: GateCheck,
  ) {
    super(
      `Case "${title}" cannot be reported yet: the fairness gate (policy version ${check.policyVersion}) is not satisfied. ` +
        check.missing.join(' '),
    );
  }
}

/** The subject's current first decision (the latest not replaced), if any. */
function currentDecision(vault: Vault, subjectId: string): StoredDecision | null {
  const firsts = decisionsOn(vault, subjectId).filter((d) => d.kind === 'first' && d.state !== 'superseded');
  return firsts.at(-1) ?? null;
}

/** Why a decision does not let its subject be reported, or null when it does. */
function shortfall(vault: Vault, decision: StoredDecision, what: string): string | null {
  const by = userNames(vault, [decision.decidedBy]).get(decision.decidedBy) ?? decision.decidedBy;
  switch (decision.state) {
    case 'awaiting-second':
      return `${what}: the decision by ${by} needs a second reviewer who agrees (${decision.aloneReason}).`;
    case 'disputed':
      return `${what}: reviewers disagree about the decision by ${by}; a supervisor must resolve it.`;
    case 'reversed':
      return `${what}: the decision by ${by} was reversed on appeal; a new decision is needed.`;
    default:
      break;
  }
  return effectiveOutcome(vault, decision).report === 'report'
    ? null
    : `${what}: the decision by ${by} is not to report.`;
}

/** Whether a case's decisions satisfy the fairness gate now, and what is missing if not. */
export function gateCheck(vault: Vault, caseId: string): GateCheck & { title: string } {
  requireRole(vault, 'item.read');
  const { version, policy } = currentGatePolicy(vault);
  const { name: title, items } = subjectItems(vault, 'case', caseId);
  const missing: string[] = [];
  const caseDecision = currentDecision(vault, caseId);
  if (caseDecision) {
    const problem = shortfall(vault, caseDecision, `Case "${title}"`);
    if (problem) missing.push(problem);
  }
  for (const { itemId, fileName } of items) {
    const own = currentDecision(vault, itemId);
    if (own) {
      const problem = shortfall(vault, own, `Item ${fileName}`);
      if (problem) missing.push(problem);
      continue;
    }
    if (caseDecision) continue;
    const matches = knownMatches(vault, itemId).filter((m) => !m.suppressedBy);
    if (pdqOnly(matches)) {
      missing.push(
        `Item ${fileName}: matched only by PDQ and no decision is recorded; record one (custody decide record) — it needs a second reviewer unless the policy lets it stand alone.`,
      );
    } else if (policy.everyItemNeedsDecision) {
      missing.push(`Item ${fileName}: no decision is recorded, and the policy needs one for every item.`);
    }
  }
  return { caseId, title, satisfied: missing.length === 0, policyVersion: version, missing };
}

/** Refuses (GateNotSatisfiedError) a case whose decisions do not satisfy the fairness gate. */
export function requireGate(vault: Vault, caseId: string): void {
  const { title, ...check } = gateCheck(vault, caseId);
  if (!check.satisfied) throw new GateNotSatisfiedError(title, check);
}
