// A supervisor's resolution of a conflict as the merge reads it back: the sides it cites (origin, sequence
// number, leaf hash) stop standing, and its choice stands until a workstation decides again. Resolutions
// are ordered by the time of the entry that made them, so any arrival order gives the same outcome.
import type { Vault } from '../../identity';
import { resolvedConflicts, type Fact, type FactKind } from './store';

export interface Citation {
  origin: string;
  seq: number;
  leafHash: string;
}

/** What a resolved conflict keeps in merge_conflicts.resolution. */
export interface Resolution {
  /** The resolution entry: its origin, sequence number and leaf hash. */
  entry: Citation;
  actor: string;
  actorName: string;
  time: string;
  cites: Citation[];
  /** The chosen side's decision (as its fact's value text). */
  value: string;
  /** The chosen side's actor and time. */
  chosen: Citation & { actor: string; time: string };
  reason: string;
}

export function resolutionsOf(vault: Vault, subject: string, kind: FactKind): Resolution[] {
  return resolvedConflicts(vault, subject, kind)
    .map((c) => (c.resolution ? (JSON.parse(c.resolution) as Partial<Resolution>) : null))
    .filter((r): r is Resolution => Boolean(r?.entry && r.cites && r.value !== undefined))
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.entry.origin < b.entry.origin ? -1 : 1));
}

/** The facts no resolution has decided: those newer than every side a resolution cited from their origin. */
export function liveSides(vault: Vault, subject: string, kind: FactKind, facts: readonly Fact[]): Fact[] {
  const cited = resolutionsOf(vault, subject, kind).flatMap((r) => r.cites);
  return facts.filter((f) => !cited.some((c) => c.origin === f.origin && f.seq <= c.seq));
}

/** The latest resolution's choice, as the row should hold it; null when there is none. */
export function resolvedValue(
  vault: Vault,
  subject: string,
  kind: FactKind,
): { value: string; by: string; at: string } | null {
  const latest = resolutionsOf(vault, subject, kind).at(-1);
  return latest ? { value: latest.value, by: latest.chosen.actor, at: latest.chosen.time } : null;
}
