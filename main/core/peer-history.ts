// An item's history with what peers recorded about it: this workstation's entries and the verified
// replicas of peers' ledgers (sync), each peer entry labelled with the workstation it came from, in time
// order; and what the merge made of peers' entries about it (report decisions per workstation, peers'
// cases holding it, its shreds on peers). It composes review and sync; it never reads a table itself.
import type { ItemDetail } from '../../shared/review';
import type { Vault } from './identity';
import { describeEntry } from './review';
import { replicaEntriesFor } from './sync';
import { peerItemIds, peerRecordsFor } from './sync/merge';

export function withPeerHistory(vault: Vault, detail: ItemDetail): ItemDetail {
  // Peers name the item by this vault's id (an item that came from here) or by their own (mapped by the merge).
  const named = [
    ...replicaEntriesFor(vault, detail.id),
    ...peerItemIds(vault, detail.id)
      .filter((p) => p.peerItemId !== detail.id)
      .flatMap((p) => replicaEntriesFor(vault, p.peerItemId).filter((r) => r.origin === p.origin)),
  ];
  const unique = [...new Map(named.map((r) => [`${r.origin}#${r.entry.seq}`, r])).values()];
  const peers = unique.map(({ workstation, entry }) => ({
    seq: entry.seq,
    time: entry.time,
    actor: entry.actorName,
    action: entry.action,
    summary: describeEntry(entry.action, entry.details),
    origin: workstation,
  }));
  const records = peerRecordsFor(vault, detail.id);
  const recorded =
    records.cases.length > 0 || records.shreds.length > 0 || records.decisions.some((d) => !d.local);
  const withRecords = recorded ? { ...detail, peers: records } : detail;
  if (peers.length === 0) return withRecords;
  return {
    ...withRecords,
    history: [...detail.history, ...peers].sort((a, b) => a.time.localeCompare(b.time)),
  };
}
