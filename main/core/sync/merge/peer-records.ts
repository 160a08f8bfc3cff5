// What peers recorded about one item here, for the people reading its record: each workstation's latest
// report decision (this one's first), the peers' cases that hold it, and the shreds of it on peers — a
// peer's shred is shown, never carried out here. Reads only.
import type { PeerRecords } from '../../../../shared/review';
import { requireRole, userNames, type Vault } from '../../identity';
import { parseEntry } from '../../ledger';
import { peerCases } from '../../review';
import { text } from './entries';
import { describeDecision } from './resolve';
import { facts } from './settle';
import { peerShredEntries } from './store';

export function peerRecordsFor(vault: Vault, itemId: string): PeerRecords {
  requireRole(vault, 'item.read');
  const own = vault.ledger.origin;
  const decisions = facts(vault, itemId, 'report');
  const shreds = peerShredEntries(vault, itemId).map((row) => parseEntry(Buffer.from(row)));
  const names = userNames(vault, [...decisions.map((d) => d.actor), ...shreds.map((e) => e.actor)]);
  return {
    decisions: decisions.map((d) => ({
      origin: d.origin,
      local: d.origin === own,
      actorName: names.get(d.actor) ?? d.actorName,
      time: d.time,
      decision: describeDecision('report', d.value),
      rationale: d.rationale,
    })),
    cases: peerCases(vault, itemId).map((c) => ({
      id: c.id,
      origin: c.origin,
      title: c.title,
      status: c.status,
      createdBy: c.createdBy,
      createdAt: c.createdAt,
    })),
    shreds: shreds.map((e) => ({
      origin: e.origin,
      actorName: names.get(e.actor) ?? e.actorName,
      time: e.time,
      reason: text(e.details, 'reason') ?? '',
    })),
  };
}
