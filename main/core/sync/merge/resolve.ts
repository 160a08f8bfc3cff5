// Resolving a conflict: a supervisor (the policy's `conflict.resolve`) chooses one side and says why; the
// resolution is a signed `conflict.resolve` entry citing every side by origin, sequence number and leaf
// hash — taken from the sides this vault holds, never from the resolver — and it syncs like any entry. A
// resolution arriving from a peer resolves the conflict here too, but only when its resolver's role may
// resolve and every entry it cites is one this vault holds with that very leaf hash; a citation of an entry
// never written, or written otherwise, refuses it.
import { mayDo } from '../../../../shared/policy';
import type { ConflictChoice, ConflictView } from '../../../../shared/conflicts';
import { InvalidInputError, NotFoundError } from '../../errors';
import { requireRole, userNames, userRole, type Vault } from '../../identity';
import { parseEntry, type LedgerEntry } from '../../ledger';
import { itemFacts } from '../../review';
import { categoryValue, valueText } from './categories';
import { entryLeafHash, text } from './entries';
import { decisionValue, extendedValue, factOf, holdReleased } from './kinds';
import type { Citation, Resolution } from './resolutions';
import { settle } from './settle';
import {
  allConflicts,
  closeConflict,
  conflictById,
  conflictSides,
  openConflict,
  recordConflict,
  storedEntry,
  type Fact,
  type FactKind,
} from './store';

const kinds: readonly FactKind[] = ['category', 'report', 'hold'];

function citationOf(f: { origin: string; seq: number; leafHash: string }): Citation {
  return { origin: f.origin, seq: f.seq, leafHash: f.leafHash };
}

/** Records a supervisor's choice between a conflict's sides, with a reason. */
export function resolveConflict(vault: Vault, choice: ConflictChoice): ConflictView {
  requireRole(vault, 'conflict.resolve');
  const reason = choice.reason.trim();
  if (reason.length < 3) throw new InvalidInputError('Say why this side is chosen (--reason TEXT).');
  const conflict = conflictById(vault, choice.id);
  if (!conflict) throw new NotFoundError(`There is no conflict ${choice.id} in this vault.`);
  if (conflict.resolvedAt)
    throw new InvalidInputError(`Conflict ${choice.id} was already resolved on ${conflict.resolvedAt}.`);
  const sides = conflictSides(vault, conflict.id);
  const chosen = sides.find((s) => s.origin === choice.origin && s.seq === choice.seq);
  if (!chosen)
    throw new InvalidInputError(`Conflict ${choice.id} has no side ${choice.origin} entry ${choice.seq}.`);
  const cites = sides.map(citationOf);
  vault.db.transaction(() => {
    const entry = vault.record('conflict.resolve', [conflict.id, conflict.subject], {
      kind: conflict.kind,
      subject: conflict.subject,
      conflict: conflict.id,
      cites,
      choice: citationOf(chosen),
      value: chosen.value,
      reason,
    });
    const now = new Date().toISOString();
    closeConflict(vault, conflict.id, resolutionOf(entry, cites, chosen, reason), now);
    settle(vault, conflict.subject, conflict.kind, now);
  })();
  return conflictView(vault, conflict.id);
}

function resolutionOf(entry: LedgerEntry, cites: Citation[], chosen: Fact, reason: string): Resolution {
  return {
    entry: { origin: entry.origin, seq: entry.seq, leafHash: entryLeafHash(entry) },
    actor: entry.actor,
    actorName: entry.actorName,
    time: entry.time,
    cites,
    value: chosen.value,
    chosen: { ...citationOf(chosen), actor: chosen.actor, time: chosen.time },
    reason,
  };
}

/** The entry a citation names as this vault holds it; 'unknown' when it has not arrived, 'forged' when it differs. */
function citedEntry(vault: Vault, c: Citation): LedgerEntry | 'unknown' | 'forged' {
  if (c.origin === vault.ledger.origin) {
    if (c.seq >= vault.ledger.size) return 'forged';
    const [leaf] = vault.ledger.leaves(c.seq, c.seq + 1);
    const entry = leaf ? parseEntry(leaf) : null;
    return entry && entryLeafHash(entry) === c.leafHash ? entry : 'forged';
  }
  const stored = storedEntry(vault, c.origin, c.seq);
  if (!stored) return 'unknown';
  return stored.leafHash === c.leafHash ? parseEntry(Buffer.from(stored.entry)) : 'forged';
}

/** What a cited entry decided, as its fact's value text; null when it decides nothing of that kind. */
function decidedValue(entry: LedgerEntry, kind: FactKind): string | null {
  const d = entry.details;
  if (entry.action === 'conflict.resolve') return d.kind === kind ? text(d, 'value') : null;
  if (kind === 'category' && entry.action === 'item.categorize') {
    const value = categoryValue(d);
    return value ? valueText(value) : null;
  }
  if (kind === 'report' && entry.action === 'decision.record') return decisionValue(d);
  if (kind === 'hold' && entry.action === 'hold.release') return holdReleased;
  if (kind === 'hold' && entry.action === 'retention.extend') return extendedValue(d);
  return null;
}

function citations(value: unknown): Citation[] | null {
  if (!Array.isArray(value)) return null;
  const out: Citation[] = [];
  for (const v of value) {
    const c = v as Partial<Citation> | null;
    if (
      !c ||
      typeof c.origin !== 'string' ||
      typeof c.seq !== 'number' ||
      !Number.isInteger(c.seq) ||
      typeof c.leafHash !== 'string' ||
      !/^[0-9a-f]{64}$/.test(c.leafHash)
    )
      return null;
    out.push({ origin: c.origin, seq: c.seq, leafHash: c.leafHash });
  }
  return out;
}

/**
 * Applies a peer's resolution to the item it names here. 'waiting' while a cited entry has not arrived;
 * 'refused' when its resolver may not resolve or it cites an entry otherwise than it was written.
 */
export function applyPeerResolution(
  vault: Vault,
  entry: LedgerEntry,
  leafHash: string,
  itemId: string,
  now: string,
): 'applied' | 'waiting' | 'refused' {
  const role = userRole(vault.db, entry.actor);
  if (!role || !mayDo(role, 'conflict.resolve')) return 'refused';
  const d = entry.details;
  const kind = kinds.find((k) => k === d.kind);
  const cites = citations(d.cites);
  const chosenCite = citations([d.choice])?.[0];
  const reason = text(d, 'reason') ?? '';
  if (!kind || !cites || cites.length < 2 || !chosenCite) return 'refused';
  if (
    !cites.some(
      (c) => c.origin === chosenCite.origin && c.seq === chosenCite.seq && c.leafHash === chosenCite.leafHash,
    )
  )
    return 'refused';
  const sides: Fact[] = [];
  for (const c of cites) {
    const cited = citedEntry(vault, c);
    if (cited === 'unknown') return 'waiting';
    if (cited === 'forged') return 'refused';
    const value = decidedValue(cited, kind);
    if (value === null) return 'refused';
    sides.push(factOf(cited, c.leafHash, itemId, kind, value));
  }
  const chosen = sides.find((s) => s.origin === chosenCite.origin && s.seq === chosenCite.seq);
  if (!chosen || chosen.value !== text(d, 'value')) return 'refused';
  const id = openConflict(vault, itemId, kind)?.id ?? recordConflict(vault, itemId, kind, sides, now);
  closeConflict(
    vault,
    id,
    {
      entry: { origin: entry.origin, seq: entry.seq, leafHash },
      actor: entry.actor,
      actorName: entry.actorName,
      time: entry.time,
      cites,
      value: chosen.value,
      chosen: { ...citationOf(chosen), actor: chosen.actor, time: chosen.time },
      reason,
    } satisfies Resolution,
    now,
  );
  return 'applied';
}

/** A decision's value text in words. */
export function describeDecision(kind: FactKind, value: string): string {
  const v = JSON.parse(value) as Record<string, unknown>;
  if (kind === 'category') {
    const notes = Array.isArray(v.annotations) ? (v.annotations as string[]) : [];
    return `${String(v.category)}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
  }
  if (kind === 'report') {
    const report =
      v.report === 'report' ? 'report' : v.report === 'no-report' ? 'do not report' : 'report not said';
    return `${report}; category ${String(v.category ?? 'not given')}; action ${String(v.action ?? 'none')}`;
  }
  return typeof v.until === 'string' ? `${String(v.preservation)} until ${v.until}` : String(v.preservation);
}

export function conflictView(vault: Vault, id: string): ConflictView {
  const row = conflictById(vault, id);
  if (!row) throw new NotFoundError(`There is no conflict ${id} in this vault.`);
  const item = itemFacts(vault, row.subject);
  // This workstation's own side first, then the peers' by origin.
  const own = vault.ledger.origin;
  const sides = conflictSides(vault, id).sort((x, y) => Number(y.origin === own) - Number(x.origin === own));
  const names = userNames(
    vault,
    sides.map((s) => s.actor),
  );
  const stored = row.resolution
    ? (JSON.parse(row.resolution) as Partial<Resolution> & { settled?: string })
    : null;
  const resolution =
    stored?.entry && stored.chosen
      ? {
          entry: stored.entry,
          actorName:
            names.get(stored.actor ?? '') ??
            userNames(vault, [stored.actor ?? '']).get(stored.actor ?? '') ??
            stored.actorName ??
            '',
          time: stored.time ?? '',
          chosen: citationOf(stored.chosen),
          reason: stored.reason ?? '',
        }
      : null;
  return {
    id: row.id,
    kind: row.kind,
    itemId: row.subject,
    itemName: item?.displayName ?? row.subject,
    sha256: item?.sha256 ?? '',
    openedAt: row.openedAt,
    resolvedAt: row.resolvedAt,
    sides: sides.map((s) => ({
      ...citationOf(s),
      actor: s.actor,
      actorName: names.get(s.actor) ?? s.actorName,
      time: s.time,
      decision: describeDecision(row.kind, s.value),
      rationale: s.rationale,
      local: s.origin === vault.ledger.origin,
    })),
    resolution,
    settled: Boolean(stored?.settled),
  };
}

/** The conflicts, open ones first (only open ones with `open`), newest first. */
export function listConflicts(vault: Vault, options: { open?: boolean } = {}): ConflictView[] {
  requireRole(vault, 'item.read');
  return allConflicts(vault, options.open ? true : null).map((c) => conflictView(vault, c.id));
}
