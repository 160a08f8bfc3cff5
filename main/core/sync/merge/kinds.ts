// The decisions the merge compares across workstations, one subject (an item here) at a time: its
// categorisation, its report decision (the outcome of the latest first decision on it) and its preservation
// (a legal hold over it released, or its retention extended). For each kind: what a peer's entry says, and
// what this vault's own latest entry says, as a fact with its value as text compared as text.
import type { Vault } from '../../identity';
import type { LedgerEntry } from '../../ledger';
import { categoryValue, valueText } from './categories';
import { entryLeafHash, text } from './entries';
import type { Fact, FactKind } from './store';

export function factOf(
  entry: LedgerEntry,
  leafHash: string,
  subject: string,
  kind: FactKind,
  value: string,
): Fact {
  return {
    subject,
    kind,
    origin: entry.origin,
    seq: entry.seq,
    leafHash,
    actor: entry.actor,
    actorName: entry.actorName,
    time: entry.time,
    value,
    rationale: text(entry.details, 'rationale') ?? text(entry.details, 'reason') ?? '',
  };
}

/** A report decision's outcome as text: its category, whether to report, the action recommended. */
export function decisionValue(details: Record<string, unknown>): string | null {
  const outcome = details.outcome;
  if (details.kind !== 'first' || !outcome || typeof outcome !== 'object') return null;
  const o = outcome as Record<string, unknown>;
  return JSON.stringify({ category: o.category ?? null, report: o.report ?? null, action: o.action ?? null });
}

export const holdReleased = JSON.stringify({ preservation: 'hold released' });

export function extendedValue(details: Record<string, unknown>): string {
  return JSON.stringify({ preservation: 'retention extended', until: text(details, 'until') });
}

function latest(
  entries: Array<{ entry: LedgerEntry; value: string }>,
  subject: string,
  kind: FactKind,
): Fact | null {
  const last = entries.sort((a, b) => a.entry.seq - b.entry.seq).at(-1);
  return last ? factOf(last.entry, entryLeafHash(last.entry), subject, kind, last.value) : null;
}

/** This vault's own latest decision of a kind on an item, as a fact. */
export function localFact(vault: Vault, itemId: string, kind: FactKind): Fact | null {
  const ledger = vault.ledger;
  if (kind === 'category') {
    const [entry] = ledger.entriesFor(itemId, 'item.categorize', 1);
    const value = entry ? categoryValue(entry.details) : null;
    return entry && value ? latest([{ entry, value: valueText(value) }], itemId, kind) : null;
  }
  if (kind === 'report') {
    const decisions = ledger
      .entriesFor(itemId, 'decision.record')
      .filter((e) => e.details.subject === itemId && e.details.subjectKind === 'item');
    const entry = decisions.at(-1);
    const value = entry ? decisionValue(entry.details) : null;
    return entry && value ? latest([{ entry, value }], itemId, kind) : null;
  }
  const releases = ledger
    .entriesFor(itemId, 'hold.add')
    .flatMap((hold) => ledger.entriesFor(hold.subjects[0] ?? '', 'hold.release', 1))
    .map((entry) => ({ entry, value: holdReleased }));
  const extensions = ledger
    .entriesFor(itemId, 'retention.extend', 1)
    .map((entry) => ({ entry, value: extendedValue(entry.details) }));
  return latest([...releases, ...extensions], itemId, kind);
}
