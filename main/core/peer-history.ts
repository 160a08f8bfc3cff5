// An item's history with what peers recorded about it: this workstation's entries and the verified
// replicas of peers' ledgers (sync), each peer entry labelled with the workstation it came from, in time
// order. It composes review and sync; it never reads a table itself.
import type { ItemDetail } from '../../shared/review';
import type { Vault } from './identity';
import { describeEntry } from './review';
import { replicaEntriesFor } from './sync';

export function withPeerHistory(vault: Vault, detail: ItemDetail): ItemDetail {
  const peers = replicaEntriesFor(vault, detail.id).map(({ workstation, entry }) => ({
    seq: entry.seq,
    time: entry.time,
    actor: entry.actorName,
    action: entry.action,
    summary: describeEntry(entry.action, entry.details),
    origin: workstation,
  }));
  if (peers.length === 0) return detail;
  return { ...detail, history: [...detail.history, ...peers].sort((a, b) => a.time.localeCompare(b.time)) };
}
