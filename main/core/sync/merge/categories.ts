// Categorisations from several workstations on one item: each workstation's latest is kept (a peer's in
// merge_facts, this vault's own is its latest `item.categorize` entry). When they all say the same, the
// item's row says it; when they differ, the item is a conflict for a supervisor and its row keeps this
// vault's own categorisation, or else the earliest peer's — the same outcome whatever order entries came
// in, and nobody's categorisation is lost. A supervisor's resolution (resolutions.ts) decides between the
// sides it cites; a categorisation made after it is a new decision again.
import { categories, type Category } from '../../../../shared/review';
import type { Vault } from '../../identity';
import type { LedgerEntry } from '../../ledger';
import { currentCategory, setMergedCategory } from '../../review';
import { entryLeafHash, strings, text } from './entries';
import { closeConflict, factsFor, keepFact, openConflict, recordConflict, type Fact } from './store';
import { liveSides, resolvedValue } from './resolutions';

export interface CategoryValue {
  category: Category;
  annotations: string[];
}

export function categoryValue(details: Record<string, unknown>): CategoryValue | null {
  const category = text(details, 'category');
  const annotations = strings(details, 'annotations');
  if (!category || !(categories as readonly string[]).includes(category) || !annotations) return null;
  return { category: category as Category, annotations: [...new Set(annotations)].sort() };
}

export function valueText(value: CategoryValue): string {
  return JSON.stringify({ category: value.category, annotations: value.annotations });
}

/** Keeps a peer's categorisation of one item here; false when its details are not a categorisation. */
export function takeCategory(vault: Vault, itemId: string, entry: LedgerEntry, leafHash: string): boolean {
  const value = categoryValue(entry.details);
  if (!value) return false;
  keepFact(vault, {
    subject: itemId,
    kind: 'category',
    origin: entry.origin,
    seq: entry.seq,
    leafHash,
    actor: entry.actor,
    actorName: entry.actorName,
    time: entry.time,
    value: valueText(value),
    rationale: text(entry.details, 'rationale') ?? '',
  });
  return true;
}

/** This vault's own latest categorisation of the item, as a fact. */
export function localCategoryFact(vault: Vault, itemId: string): Fact | null {
  const [entry] = vault.ledger.entriesFor(itemId, 'item.categorize', 1);
  const value = entry ? categoryValue(entry.details) : null;
  if (!entry || !value) return null;
  return {
    subject: itemId,
    kind: 'category',
    origin: entry.origin,
    seq: entry.seq,
    leafHash: entryLeafHash(entry),
    actor: entry.actor,
    actorName: entry.actorName,
    time: entry.time,
    value: valueText(value),
    rationale: text(entry.details, 'rationale') ?? '',
  };
}

/** Every workstation's latest categorisation of the item, this vault's own first. */
export function categoryFacts(vault: Vault, itemId: string): Fact[] {
  const local = localCategoryFact(vault, itemId);
  return [...(local ? [local] : []), ...factsFor(vault, itemId, 'category')];
}

/**
 * What the item's row should say after the merge, or null when the merge leaves it to this vault's own
 * latest categorisation (still standing) or nothing was merged: a supervisor's latest resolution, else the
 * earliest standing peer categorisation.
 */
export function mergedCategory(
  vault: Vault,
  itemId: string,
): { value: string; by: string; at: string } | null {
  const resolved = resolvedValue(vault, itemId, 'category');
  const peers = factsFor(vault, itemId, 'category');
  if (peers.length === 0 && !resolved) return null;
  const live = liveSides(vault, itemId, 'category', categoryFacts(vault, itemId));
  if (live.some((f) => f.origin === vault.ledger.origin)) return null;
  if (resolved) return resolved;
  const [earliest] = [...live].sort((a, b) => compare(a.time, b.time) || compare(a.origin, b.origin));
  return earliest ? { value: earliest.value, by: earliest.actor, at: earliest.time } : null;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Settles the item after new categorisations arrived: its row, and its conflict opened, given new sides or
 * closed when every workstation now agrees. Returns 1 when a conflict was opened or changed, else 0.
 */
export function settleCategory(vault: Vault, itemId: string, now: string): number {
  const live = liveSides(vault, itemId, 'category', categoryFacts(vault, itemId));
  const distinct = new Set(live.map((f) => f.value));
  const resolved = resolvedValue(vault, itemId, 'category');
  if (resolved) distinct.add(resolved.value);
  const merged = mergedCategory(vault, itemId);
  if (merged) {
    const value = JSON.parse(merged.value) as CategoryValue;
    const row = currentCategory(vault, itemId);
    if (!row || valueText(row) !== merged.value || row.by !== merged.by)
      setMergedCategory(vault, itemId, { ...value, by: merged.by, at: merged.at });
  }
  const open = openConflict(vault, itemId, 'category');
  if (distinct.size <= 1) {
    if (open) closeConflict(vault, open.id, { settled: 'every workstation now agrees' }, now);
    return 0;
  }
  recordConflict(vault, itemId, 'category', live, now);
  return 1;
}
