// Which rows of this vault the merge, not this vault's own ledger, decided: peer users, items whose
// categorisation stands as a peer's or as a resolution's, peers' legal holds and retention extensions, and
// peers' cases with their items and status.
// `verify` replays only the local ledger, so it checks these rows against what the merge says they should
// hold instead. Reads only.
import { peerUserIds, type Vault } from '../../identity';
import { parseEntry } from '../../ledger';
import { peerRowId } from '../../preservation';
import { caseOf, peerCaseId, statusAfter } from './cases';
import type { CategoryValue } from './categories';
import { extensionOf, holdOf, localScope } from './preservation';
import { mergedCategory } from './settle';
import { appliedEntries, mappedItem, resolvedSubjects, subjectsWithFacts } from './store';

export interface PeerOriginRows {
  /** Users of peer workstations: not added by this vault's ledger. */
  users: ReadonlySet<string>;
  /** Items whose categorisation the merge decided, with the categorisation their row must hold. */
  categories: ReadonlyMap<string, CategoryValue>;
  /** Peers' holds by their id here: the origin that placed each, whether it released it, its scope here. */
  holds: ReadonlyMap<string, { origin: string; released: boolean; scope: string[] }>;
  /** Peers' extensions of items' retention by their id here. */
  extensions: ReadonlyMap<string, { origin: string; target: string; until: string }>;
  /** Peers' cases by their id here: their status and their items here, sorted. */
  cases: ReadonlyMap<string, { status: string; items: string[] }>;
}

function peerCasesExpected(vault: Vault): PeerOriginRows['cases'] {
  const cases = new Map<string, { status: string; items: string[] }>();
  const actions = ['case.create', 'case.close', 'case.reopen', 'report.submission'];
  for (const stored of appliedEntries(vault, actions)) {
    const entry = parseEntry(Buffer.from(stored.entry));
    if (entry.action === 'case.create') {
      const made = caseOf(entry);
      const items = made?.items.map((i) => mappedItem(vault, entry.origin, i));
      if (made && items?.every((i) => i !== null))
        cases.set(peerCaseId(entry.origin, made.id), { status: 'open', items: [...new Set(items)].sort() });
      continue;
    }
    const status = statusAfter(entry);
    const kept = cases.get(peerCaseId(entry.origin, entry.subjects[0] ?? ''));
    if (status && kept) kept.status = status;
  }
  return cases;
}

function peerPreservation(vault: Vault): Pick<PeerOriginRows, 'holds' | 'extensions'> {
  const holds = new Map<string, { origin: string; released: boolean; scope: string[] }>();
  const extensions = new Map<string, { origin: string; target: string; until: string }>();
  for (const stored of appliedEntries(vault, ['hold.add', 'hold.release', 'retention.extend'])) {
    const entry = parseEntry(Buffer.from(stored.entry));
    if (entry.action === 'hold.add') {
      const hold = holdOf(entry);
      const scope = hold ? localScope(vault, entry.origin, hold.scope) : null;
      if (hold && scope)
        holds.set(peerRowId(entry.origin, hold.id), {
          origin: entry.origin,
          released: false,
          scope: scope.map((s) => `${s.kind}:${s.target}`).sort(),
        });
    } else if (entry.action === 'hold.release') {
      const hold = holds.get(peerRowId(entry.origin, entry.subjects[0] ?? ''));
      if (hold) hold.released = true;
    } else {
      const extension = extensionOf(entry);
      if (typeof extension === 'string') continue;
      const target =
        entry.details.kind === 'case'
          ? peerCaseId(entry.origin, extension.target)
          : mappedItem(vault, entry.origin, extension.target);
      if (target)
        extensions.set(peerRowId(entry.origin, extension.id), {
          origin: entry.origin,
          target,
          until: extension.until,
        });
    }
  }
  return { holds, extensions };
}

export function peerOriginRows(vault: Vault): PeerOriginRows {
  const categories = new Map<string, CategoryValue>();
  const subjects = new Set([...subjectsWithFacts(vault, 'category'), ...resolvedSubjects(vault, 'category')]);
  for (const itemId of subjects) {
    const merged = mergedCategory(vault, itemId);
    if (merged) categories.set(itemId, JSON.parse(merged.value) as CategoryValue);
  }
  return {
    users: peerUserIds(vault.db),
    categories,
    ...peerPreservation(vault),
    cases: peerCasesExpected(vault),
  };
}
