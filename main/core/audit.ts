// The whole vault's ledger as the app's audit screen reads it (pages of entries with their signature
// status, what their subject is and their origin: this workstation or a peer's verified replica), the
// own ledger's filtered export with proofs through a staged export, and `verify` run from the app. It
// composes the owners' verbs; it never reads a table itself.
import type { LedgerEntryView, LedgerFilter, LedgerOrigin, LedgerPeer } from '../../shared/desk';
import { stagedExport } from './exports';
import { readLedger, requireRole, writeLedgerViewExport, type LedgerQuery, type Vault } from './identity';
import type { LedgerEntry } from './ledger';
import { subjectKinds } from './review';
import { localItemIds, replicaLedgerPage, replicaOrigins } from './sync';
import { verifyVault, type VerifyProgress } from './verify';

/** A date alone means that whole day (from its start, or to its end). */
function bound(value: string, end: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Date(Date.parse(`${value}T00:00:00Z`) + (end ? 86_400_000 : 0)).toISOString();
  }
  return new Date(value).toISOString();
}

function ledgerQuery(filter: LedgerFilter): LedgerQuery {
  return {
    ...(filter.actor !== undefined ? { actor: filter.actor } : {}),
    ...(filter.action !== undefined ? { action: filter.action } : {}),
    ...(filter.subject !== undefined ? { subject: filter.subject } : {}),
    ...(filter.from !== undefined ? { from: bound(filter.from, false) } : {}),
    ...(filter.to !== undefined ? { to: bound(filter.to, true) } : {}),
  };
}

export interface LedgerPaging {
  origin: LedgerOrigin;
  /** Within one ledger (own or one peer's): the sequence number the page ends below. */
  before: number | null;
  /** Across all ledgers (merged by time): how many newer entries to skip. */
  offset: number;
}

interface ShownEntry {
  entry: LedgerEntry;
  signature: LedgerEntryView['signature'];
  origin: string;
  peer: string | null;
}

/** Each entry's first subject as this vault knows it: a peer's item id becomes the local item it merged into. */
function localSubjects(vault: Vault, shown: ShownEntry[]): Array<string | null> {
  const peerIds = new Map<string, string[]>();
  for (const { entry, peer, origin } of shown) {
    const first = entry.subjects[0];
    if (peer !== null && first) peerIds.set(origin, [...(peerIds.get(origin) ?? []), first]);
  }
  const mapped = new Map([...peerIds].map(([origin, ids]) => [origin, localItemIds(vault, origin, ids)]));
  return shown.map(({ entry, peer, origin }) => {
    const first = entry.subjects[0];
    if (!first) return null;
    return peer === null ? first : (mapped.get(origin)?.get(first) ?? first);
  });
}

function views(vault: Vault, shown: ShownEntry[]): LedgerEntryView[] {
  const local = localSubjects(vault, shown);
  const kinds = subjectKinds(
    vault,
    local.filter((id): id is string => id !== null),
  );
  return shown.map(({ entry, signature, origin, peer }, i) => {
    const subjectId = local[i] ?? null;
    const kind = subjectId === null ? undefined : kinds.get(subjectId);
    return {
      seq: entry.seq,
      time: entry.time,
      actor: entry.actorName,
      action: entry.action,
      subjects: entry.subjects,
      details: JSON.stringify(entry.details),
      signature,
      subjectId: kind ? subjectId : null,
      subjectKind: kind ?? 'other',
      origin,
      peer,
    };
  });
}

/**
 * A page of the ledger, newest first: this workstation's own entries, one peer's verified replica, or
 * both merged by time; each entry labelled with its origin. Exports stay the own ledger's (see below).
 */
export function ledgerPage(
  vault: Vault,
  filter: LedgerFilter,
  paging: LedgerPaging,
  limit: number,
): { total: number; entries: LedgerEntryView[]; peers: LedgerPeer[] } {
  const query = ledgerQuery(filter);
  const own = vault.ledger.origin;
  const peers = replicaOrigins(vault);
  const mine = (count: number, before: number | null) => {
    const page = readLedger(vault, query, before, count);
    return {
      total: page.total,
      shown: page.entries.map((e): ShownEntry => ({ ...e, origin: own, peer: null })),
    };
  };
  const theirs = (origin: string | undefined, count: number, before: number | null) => {
    const page = replicaLedgerPage(vault, { ...query, ...(origin ? { origin } : {}) }, before, count);
    return {
      total: page.total,
      shown: page.entries.map((e): ShownEntry => ({ ...e, peer: e.workstation })),
    };
  };
  const { origin } = paging;
  if (origin === 'own') {
    const page = mine(limit, paging.before);
    return { total: page.total, entries: views(vault, page.shown), peers };
  }
  if (origin !== 'all') {
    const page = theirs(origin.peer, limit, paging.before);
    return { total: page.total, entries: views(vault, page.shown), peers };
  }
  const window = paging.offset + limit;
  const a = mine(window, null);
  const b = theirs(undefined, window, null);
  const merged = [...a.shown, ...b.shown]
    .sort((x, y) => y.entry.time.localeCompare(x.entry.time))
    .slice(paging.offset, window);
  return { total: a.total + b.total, entries: views(vault, merged), peers };
}

/** Exports the filtered entries of this workstation's own ledger (never peers') with their proofs, recorded and staged beside `destination`. */
export async function exportLedgerView(
  vault: Vault,
  filter: LedgerFilter,
  destination: string,
): Promise<{ path: string; entries: number }> {
  requireRole(vault, 'ledger.export');
  const shown = Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, String(v)]));
  const outcome = await stagedExport(
    vault,
    { kind: 'ledger-export', destination, subjects: [], details: { view: shown } },
    (sink) => writeLedgerViewExport(vault, ledgerQuery(filter), shown, sink),
  );
  return { path: outcome.path, entries: outcome.result.entries };
}

/** `custody verify` from the app: every problem named, and the run itself a `vault.verify` entry. */
export async function verifyFromApp(vault: Vault, onProgress: (p: VerifyProgress) => void) {
  requireRole(vault, 'vault.verify');
  const result = await verifyVault(vault, onProgress);
  vault.record('vault.verify', [vault.id], {
    problems: result.problems.length,
    blobs: result.blobsChecked,
    entries: result.ledger?.entries ?? 0,
  });
  return {
    ok: result.problems.length === 0,
    problems: result.problems,
    blobsChecked: result.blobsChecked,
    itemsChecked: result.itemsChecked,
    ledgerEntries: result.ledger?.entries ?? 0,
  };
}
