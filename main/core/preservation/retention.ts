// Each item's retention: the rules that apply to it (the statutory year after a finished report, the
// organisation's policy for its jurisdictions, law-enforcement extensions) and the legal holds over it.
// The longest period wins and is named; any active hold blocks expiry altogether. It changes nothing: it
// is the one answer to "when may this item be deleted, and why not before".
import { finishedReports } from '../cybertip';
import { ForbiddenError } from '../errors';
import type { Vault } from '../identity';
import { retainedCases, retainedItems } from '../review';
import { listExtensions } from './extensions';
import { activeHolds, type LegalHold } from './holds';
import { currentPolicy, statutoryRule, type RetentionRule } from './policy-file';

const DAY_MS = 86_400_000;

/** The rule that sets an item's end of retention. */
export interface WinningRule {
  kind: 'statute' | 'policy' | 'extension' | 'hold' | 'none';
  id: string;
  name: string;
}

export interface ItemRetention {
  itemId: string;
  sha256: string;
  displayName: string;
  caseIds: string[];
  reportIds: number[];
  /**
   * held: an active hold; retained: inside its period; expired: past it (listed for expiry); unregulated: no
   * rule applies (a person may shred it, expiry never lists it); shredded: already destroyed.
   */
  status: 'held' | 'retained' | 'expired' | 'unregulated' | 'shredded';
  /** The earliest moment it may be deleted; null while a hold stands or when shredded. */
  deletableFrom: string | null;
  rule: WinningRule;
  /** The active holds over it; `origin` names the peer workstation that placed one (null: this one). */
  holds: Array<{ id: string; matter: string; origin: string | null }>;
  /** Every applicable period, longest first: what the winner beat. */
  periods: Array<{ rule: WinningRule; until: string }>;
}

/** A deletion refused because of a hold or a retention period: the message names which. */
export class RetentionRefusedError extends ForbiddenError {}

/** The retention of every item of the vault at `now` (shredded items included, for the record). */
export function retentionStates(vault: Vault, now = new Date()): ItemRetention[] {
  const { policy } = currentPolicy(vault);
  const rules = [statutoryRule, ...policy.rules.filter((r) => policy.jurisdictions.includes(r.jurisdiction))];
  const finished = new Map<string, Array<{ reportId: number; finishedAt: string }>>();
  for (const report of finishedReports(vault))
    for (const itemId of report.itemIds) finished.set(itemId, [...(finished.get(itemId) ?? []), report]);
  const accounts = new Map(retainedCases(vault).map((c) => [c.caseId, c.accounts]));
  const holds = activeHolds(vault);
  const extensions = listExtensions(vault);
  return retainedItems(vault).map((item) => {
    const reports = finished.get(item.itemId) ?? [];
    const periods: ItemRetention['periods'] = [];
    for (const rule of rules) {
      const starts = ruleStarts(rule, item.ingestedAt, reports);
      for (const start of starts)
        periods.push({
          rule: { kind: rule === statutoryRule ? 'statute' : 'policy', id: rule.id, name: rule.name },
          until: new Date(Date.parse(start) + rule.days * DAY_MS).toISOString(),
        });
    }
    for (const extension of extensions)
      if (
        (extension.kind === 'item' && extension.target === item.itemId) ||
        (extension.kind === 'case' && item.caseIds.includes(extension.target))
      )
        periods.push({
          rule: {
            kind: 'extension',
            id: extension.id,
            name: `Law-enforcement extension: ${extension.agency} ref. ${extension.reference}`,
          },
          until: extension.until,
        });
    periods.sort((a, b) => b.until.localeCompare(a.until));
    const holding = holds.filter((hold) => covers(hold, item.itemId, item.caseIds, accounts));
    const longest = periods[0];
    const base = {
      itemId: item.itemId,
      sha256: item.sha256,
      displayName: item.displayName,
      caseIds: item.caseIds,
      reportIds: reports.map((r) => r.reportId),
      holds: holding.map((h) => ({ id: h.id, matter: h.matter, origin: h.origin })),
      periods,
    };
    if (item.shreddedAt)
      return { ...base, status: 'shredded', deletableFrom: null, rule: longest?.rule ?? noRule };
    const firstHold = holding[0];
    if (firstHold)
      return {
        ...base,
        status: 'held',
        deletableFrom: null,
        rule: { kind: 'hold', id: firstHold.id, name: `Legal hold: ${firstHold.matter}` },
      };
    if (!longest) return { ...base, status: 'unregulated', deletableFrom: item.ingestedAt, rule: noRule };
    return {
      ...base,
      status: longest.until <= now.toISOString() ? 'expired' : 'retained',
      deletableFrom: longest.until,
      rule: longest.rule,
    };
  });
}

const noRule: WinningRule = { kind: 'none', id: 'none', name: 'No retention rule applies' };

/** When each application of `rule` to an item starts counting. */
function ruleStarts(
  rule: RetentionRule,
  ingestedAt: string,
  reports: ReadonlyArray<{ finishedAt: string }>,
): string[] {
  const reported = reports.length > 0;
  if (rule.applies === 'reported' && !reported) return [];
  if (rule.applies === 'unreported' && reported) return [];
  return rule.from === 'ingested' ? [ingestedAt] : reports.map((r) => r.finishedAt);
}

function covers(
  hold: LegalHold,
  itemId: string,
  caseIds: readonly string[],
  accounts: ReadonlyMap<string, readonly string[]>,
): boolean {
  return hold.scope.some(
    (s) =>
      (s.kind === 'item' && s.target === itemId) ||
      (s.kind === 'case' && caseIds.includes(s.target)) ||
      (s.kind === 'account' && caseIds.some((c) => accounts.get(c)?.includes(s.target))),
  );
}

/** The retention of one item. */
export function itemRetention(vault: Vault, itemId: string, now = new Date()): ItemRetention | undefined {
  return retentionStates(vault, now).find((state) => state.itemId === itemId);
}

/**
 * Throws RetentionRefusedError unless the item may be deleted at `now`: not under a hold and past every
 * retention period. Every deletion of evidence calls this first.
 */
export function assertDeletable(vault: Vault, itemId: string, now = new Date()): void {
  const state = itemRetention(vault, itemId, now);
  if (!state) return;
  if (state.status === 'held') {
    const holds = state.holds
      .map((h) => `${h.id} (matter "${h.matter}"${h.origin ? `, placed on workstation ${h.origin}` : ''})`)
      .join(', ');
    throw new RetentionRefusedError(
      `Item ${itemId} is under legal hold ${holds}: nothing may delete it until counsel releases the hold.`,
    );
  }
  if (state.status === 'retained')
    throw new RetentionRefusedError(
      `Item ${itemId} must be kept until ${state.deletableFrom} under rule ${state.rule.id} ` +
        `(${state.rule.name}); it cannot be deleted before then.`,
    );
}
