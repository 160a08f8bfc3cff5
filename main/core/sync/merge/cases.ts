// Peers' cases entering this vault: a case a peer created (from items or a case file) is kept with its
// items as this vault's items and its origin; its closing, reopening and finished report there set its
// status here. Each only when its author's role, as this roster granted it, may do it. It never creates,
// edits or reports a case of this vault's own.
import type { LedgerEntry } from '../../ledger';
import { peerRowId } from '../../preservation';
import type { PeerCase } from '../../review';
import { text } from './entries';

/** What a peer's `case.create` says, read strictly; null when it is not a case this vault can keep. */
export function caseOf(entry: LedgerEntry): {
  id: string;
  items: string[];
  title: string;
  externalId: string | null;
  detectedAt: string;
  deadlineAt: string;
} | null {
  const [id, ...items] = entry.subjects;
  const title = text(entry.details, 'title');
  const detectedAt = text(entry.details, 'detectedAt');
  const deadlineAt = text(entry.details, 'deadlineAt');
  if (!id || !title || !detectedAt || !deadlineAt) return null;
  return { id, items, title, externalId: text(entry.details, 'externalId'), detectedAt, deadlineAt };
}

/** The id this vault gives a peer's case. */
export function peerCaseId(origin: string, caseId: string): string {
  return peerRowId(origin, caseId);
}

/** The status a peer's entry sets on its case, or null when the entry changes no case status. */
export function statusAfter(entry: LedgerEntry): PeerCase['status'] | null {
  if (entry.action === 'case.close') return 'closed';
  if (entry.action === 'case.reopen') return entry.details.status === 'reported' ? 'reported' : 'open';
  if (entry.action === 'report.submission' && entry.details.step === 'finished') return 'reported';
  return null;
}
