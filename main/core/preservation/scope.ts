// Whether a case, an item or a reported account named in a hold or an extension exists in the vault, and
// each case's retention drawn from its items': held if any item is held, kept until its last item may go.
import type { Vault } from '../identity';
import { retainedCases, retainedItems } from '../review';
import type { HoldScope } from './holds';
import type { ItemRetention } from './retention';

export function scopeExists(vault: Vault): (scope: HoldScope) => boolean {
  const cases = retainedCases(vault);
  const items = new Set(retainedItems(vault).map((i) => i.itemId));
  return (scope) =>
    scope.kind === 'case'
      ? cases.some((c) => c.caseId === scope.target)
      : scope.kind === 'item'
        ? items.has(scope.target)
        : cases.some((c) => c.accounts.includes(scope.target));
}

export interface CaseRetention {
  caseId: string;
  title: string;
  status: 'held' | 'retained' | 'expired' | 'unregulated' | 'shredded';
  /** When its last item may be deleted; null while held or when every item is shredded. */
  deletableFrom: string | null;
  rule: ItemRetention['rule'] | null;
  items: number;
}

const severity = ['shredded', 'unregulated', 'expired', 'retained', 'held'] as const;

export function caseRetention(vault: Vault, items: readonly ItemRetention[]): CaseRetention[] {
  return retainedCases(vault).map((c) => {
    const own = items.filter((i) => i.caseIds.includes(c.caseId));
    const status = own.reduce<CaseRetention['status']>(
      (worst, i) => (severity.indexOf(i.status) > severity.indexOf(worst) ? i.status : worst),
      'shredded',
    );
    const last = own
      .filter((i) => i.status === status && i.deletableFrom)
      .sort((a, b) => (b.deletableFrom ?? '').localeCompare(a.deletableFrom ?? ''))[0];
    return {
      caseId: c.caseId,
      title: c.title,
      status,
      deletableFrom: status === 'held' || status === 'shredded' ? null : (last?.deletableFrom ?? null),
      rule: status === 'held' ? (own.find((i) => i.status === 'held')?.rule ?? null) : (last?.rule ?? null),
      items: own.length,
    };
  });
}
