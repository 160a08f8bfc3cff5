// What the decisions recorded on a file add to its CyberTipline report: the category of the decision that
// stands (its own, or its case's), and every annotation that decision and the reviews agreeing with it
// recorded. Reads only; cybertip's from-case.ts merges it with the categorisation.
import type { Annotation, Category } from '../../../shared/review';
import type { Vault } from '../identity';
import { effectiveOutcome } from './record';
import { decisionsOn, reviewsOf, type StoredDecision } from './store';

function standing(vault: Vault, subjectId: string): StoredDecision | null {
  const current = decisionsOn(vault, subjectId)
    .filter((d) => d.kind === 'first' && d.state !== 'superseded')
    .at(-1);
  return current && (current.state === 'stands' || current.state === 'resolved') ? current : null;
}

export interface DecidedFileFacts {
  category: Exclude<Category, 'none'> | null;
  annotations: Annotation[];
}

export function decidedFileFacts(vault: Vault, caseId: string, itemId: string): DecidedFileFacts {
  const decision = standing(vault, itemId) ?? standing(vault, caseId);
  if (!decision) return { category: null, annotations: [] };
  const outcome = effectiveOutcome(vault, decision);
  const agreeing = reviewsOf(vault, decision.id).filter((r) => r.agreed === true || r.kind === 'resolution');
  const notes = [outcome, decision.outcome, ...agreeing.map((r) => r.outcome)].flatMap((o) => o.annotations);
  const category = decision.subjectKind === 'item' && outcome.category !== 'none' ? outcome.category : null;
  return { category, annotations: [...new Set(notes)].sort() };
}
