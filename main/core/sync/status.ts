// `custody sync status` and what `verify` and the history screens read of sync: per origin the entries
// held and the latest checkpoint (size and root), the items held, the witnesses of this workstation's
// own log, and peers' entries about a subject with their origin. Reads only.
import { requireRole, type Vault } from '../identity';
import { openCheckpoint, parseCheckpoint, parseEntry, parseNote, type LedgerEntry } from '../ledger';
import { liveItemIds } from '../review';
import { readCard } from './card';
import { listConflicts } from './merge';
import { cosignatures, replicaHeads, replicaLeavesFor, rosterRows } from './store';

export interface OriginStatus {
  origin: string;
  /** This workstation's own log, or a peer's replica. */
  own: boolean;
  entries: number;
  checkpoint: { size: number; root: string } | null;
  /** Witnesses that cosigned this log (for the own log: peers; for a replica: this workstation). */
  witnesses: Array<{ witness: string; size: number }>;
}

export interface SyncStatus {
  workstation: string;
  origins: OriginStatus[];
  items: number;
  /** Open conflicts between workstations' decisions (the merge's queue). */
  conflicts: number;
  members: number;
}

export interface Witness {
  witness: string;
  size: number;
  root: string;
  receivedAt: string;
}

function rootOf(note: string): { size: number; root: string } {
  const checkpoint = parseCheckpoint(parseNote(note).text);
  return { size: checkpoint.size, root: Buffer.from(checkpoint.rootHash).toString('base64') };
}

/** Peers' cosignatures of this workstation's own log (what `custody verify` reports). */
export function witnessesOfOwnLog(vault: Vault): Witness[] {
  return cosignatures(vault.db, vault.ledger.origin).map((c) => ({
    witness: c.witness,
    ...rootOf(c.note),
    receivedAt: c.receivedAt,
  }));
}

/**
 * The witnesses of this workstation's own log and, for `verify`, every one whose cosigned checkpoint
 * this ledger does not extend (it was rolled back or forked since that peer saw it).
 */
export function checkWitnesses(vault: Vault): { witnesses: Witness[]; problems: string[] } {
  const witnesses = witnessesOfOwnLog(vault);
  const problems: string[] = [];
  for (const w of witnesses) {
    if (w.size > vault.ledger.size) {
      problems.push(
        `witness ${w.witness} cosigned checkpoint ${w.size} of this ledger, which holds only ${vault.ledger.size} entries: it was rolled back.`,
      );
    } else if (
      w.size > 0 &&
      Buffer.from(vault.ledger.subtrees().subtreeHash(0, w.size)).toString('base64') !== w.root
    ) {
      problems.push(
        `witness ${w.witness} cosigned another root at checkpoint ${w.size}: this ledger was forked.`,
      );
    }
  }
  return { witnesses, problems };
}

export function syncStatus(vault: Vault): SyncStatus {
  requireRole(vault, 'sync.status');
  const held = cosignatures(vault.db);
  const witnessesOf = (origin: string) =>
    held.filter((c) => c.origin === origin).map((c) => ({ witness: c.witness, size: c.size }));
  const latest = vault.ledger.latestCheckpoint();
  const own: OriginStatus = {
    origin: vault.ledger.origin,
    own: true,
    entries: vault.ledger.size,
    checkpoint: latest ? rootOf(openCheckpointNote(vault, latest.note)) : null,
    witnesses: witnessesOf(vault.ledger.origin),
  };
  const replicas = replicaHeads(vault.db).map((h) => ({
    origin: h.origin,
    own: false,
    entries: h.size,
    checkpoint: rootOf(h.checkpoint),
    witnesses: witnessesOf(h.origin),
  }));
  return {
    workstation: vault.workstationId,
    origins: [own, ...replicas],
    items: liveItemIds(vault).length,
    conflicts: listConflicts(vault, { open: true }).length,
    members: rosterRows(vault.db).filter((r) => r.removedAt === null).length,
  };
}

function openCheckpointNote(vault: Vault, note: string): string {
  openCheckpoint(note, vault.ledger.checkpointVerifier());
  return note;
}

export interface ReplicaEntry {
  origin: string;
  /** The name the peer's roster card gives the origin's workstation. */
  workstation: string;
  entry: LedgerEntry;
}

/** Peers' verified entries about a subject (an item, a case), each with its origin. */
export function replicaEntriesFor(vault: Vault, subject: string): ReplicaEntry[] {
  const names = new Map(rosterRows(vault.db).map((r) => [r.origin, readCard(r.card).content.workstation]));
  return replicaLeavesFor(vault.db, subject).map(({ origin, leaf }) => ({
    origin,
    workstation: names.get(origin) ?? origin,
    entry: parseEntry(leaf),
  }));
}
