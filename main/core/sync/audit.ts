// Peers' verified replica entries as the audit screen pages them: filtered by origin, actor (by the
// name the peers' roster cards give), action, subject and time, each with its origin, the workstation
// it came from and its signature checked against the card's keys. Reads only; never mixes in this
// workstation's own ledger (the caller merges) and never exports.
import type { LedgerAction } from '../../../shared/ledger';
import { requireRole, type Vault } from '../identity';
import {
  entrySignatureValid,
  parseEntry,
  parseVerifierKey,
  type NoteVerifier,
  type SignatureStatus,
} from '../ledger';
import { readCard, type CardContent } from './card';
import { replicaHeads, replicaLeavesPage, rosterRows } from './store';
import type { ReplicaEntry } from './status';

export interface ReplicaQuery {
  /** One peer's origin; all peers when absent. */
  origin?: string;
  /** A user name as the peers' roster cards give it. */
  actor?: string;
  action?: LedgerAction;
  subject?: string;
  /** ISO times: from (inclusive) and to (exclusive). */
  from?: string;
  to?: string;
}

export interface CheckedReplicaEntry extends ReplicaEntry {
  signature: SignatureStatus;
}

export interface ReplicaOrigin {
  origin: string;
  workstation: string;
}

function cards(vault: Vault): CardContent[] {
  return rosterRows(vault.db).map((r) => readCard(r.card).content);
}

/** The peers whose entries this workstation holds, with the workstation their card names. */
export function replicaOrigins(vault: Vault): ReplicaOrigin[] {
  requireRole(vault, 'ledger.read');
  const names = new Map(cards(vault).map((c) => [c.origin, c.workstation]));
  return replicaHeads(vault.db).map((h) => ({
    origin: h.origin,
    workstation: names.get(h.origin) ?? h.origin,
  }));
}

/**
 * A page of peers' entries, newest first: within one origin by sequence number below `before`, across
 * all peers by time (the first `limit`), with the count of every entry that matches.
 */
export function replicaLedgerPage(
  vault: Vault,
  query: ReplicaQuery,
  before: number | null,
  limit: number,
): { total: number; entries: CheckedReplicaEntry[] } {
  requireRole(vault, 'ledger.read');
  const held = cards(vault);
  const names = new Map(held.map((c) => [c.origin, c.workstation]));
  const verifiers = new Map<string, NoteVerifier>();
  for (const card of held) for (const k of card.keys) verifiers.set(k.name, parseVerifierKey(k.verifierKey));
  const { actor, ...rest } = query;
  const actorIds =
    actor === undefined
      ? undefined
      : [...new Set(held.flatMap((c) => c.users.filter((u) => u.name === actor).map((u) => u.id)))];
  const page = replicaLeavesPage(vault.db, { ...rest, ...(actorIds ? { actorIds } : {}) }, before, limit);
  return {
    total: page.total,
    entries: page.rows.map(({ origin, leaf }) => {
      const entry = parseEntry(leaf);
      const verifier = verifiers.get(entry.key);
      const signature: SignatureStatus = !verifier
        ? 'unknown-key'
        : entrySignatureValid(leaf, entry, verifier)
          ? 'valid'
          : 'invalid';
      return { origin, workstation: names.get(origin) ?? origin, entry, signature };
    }),
  };
}
