// What one item's decisions of one kind come to once peers' entries are in: each workstation's latest
// (a peer's in merge_facts, this vault's own from its ledger) that no resolution has decided yet stands.
// When they all say the same, nothing is in conflict; when they differ, the item is a conflict for a
// supervisor with every standing side, and nothing is overwritten. For categorisations the item's row
// shows this vault's own standing categorisation, else the latest resolution's choice, else the earliest
// standing peer's — the same outcome whatever order entries arrived in.
import type { Vault } from '../../identity';
import { currentCategory, setMergedCategory } from '../../review';
import { valueText, type CategoryValue } from './categories';
import { localFact } from './kinds';
import { liveSides, resolutionsOf, resolvedValue } from './resolutions';
import { closeConflict, factsFor, openConflict, recordConflict, type Fact, type FactKind } from './store';

/** Every workstation's latest decision of a kind on the item, this vault's own first. */
export function facts(vault: Vault, itemId: string, kind: FactKind): Fact[] {
  const local = localFact(vault, itemId, kind);
  return [...(local ? [local] : []), ...factsFor(vault, itemId, kind)];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What the item's category row should say after the merge, or null when the merge leaves it to this
 * vault's own standing categorisation or merged nothing about it.
 */
export function mergedCategory(
  vault: Vault,
  itemId: string,
): { value: string; by: string; at: string } | null {
  const resolved = resolvedValue(vault, itemId, 'category');
  if (factsFor(vault, itemId, 'category').length === 0 && !resolved) return null;
  const live = liveSides(vault, itemId, 'category', facts(vault, itemId, 'category'));
  if (live.some((f) => f.origin === vault.ledger.origin)) return null;
  if (resolved) return resolved;
  const [earliest] = [...live].sort((a, b) => compare(a.time, b.time) || compare(a.origin, b.origin));
  return earliest ? { value: earliest.value, by: earliest.actor, at: earliest.time } : null;
}

/**
 * Settles the item's decisions of a kind: its category row, and its conflict opened, given its current
 * sides, or closed when every workstation now agrees. Returns 1 when a conflict is open after it, else 0.
 */
export function settle(vault: Vault, itemId: string, kind: FactKind, now: string): number {
  const live = liveSides(vault, itemId, kind, facts(vault, itemId, kind));
  const distinct = new Set(live.map((f) => f.value));
  const resolution = resolutionsOf(vault, itemId, kind).at(-1);
  const sides = [...live];
  // A decision made after a resolution and differing from it is in conflict with the resolution itself.
  if (resolution && live.some((f) => f.value !== resolution.value)) {
    distinct.add(resolution.value);
    sides.push({
      subject: itemId,
      kind,
      origin: resolution.entry.origin,
      seq: resolution.entry.seq,
      leafHash: resolution.entry.leafHash,
      actor: resolution.actor,
      actorName: resolution.actorName,
      time: resolution.time,
      value: resolution.value,
      rationale: resolution.reason,
    });
  }
  if (kind === 'category') {
    const merged = mergedCategory(vault, itemId);
    const row = currentCategory(vault, itemId);
    if (merged && (!row || valueText(row) !== merged.value || row.by !== merged.by))
      setMergedCategory(vault, itemId, {
        ...(JSON.parse(merged.value) as CategoryValue),
        by: merged.by,
        at: merged.at,
      });
  }
  const open = openConflict(vault, itemId, kind);
  if (distinct.size <= 1) {
    if (open) closeConflict(vault, open.id, { settled: 'every workstation now says the same' }, now);
    return 0;
  }
  recordConflict(vault, itemId, kind, sides, now);
  return 1;
}
