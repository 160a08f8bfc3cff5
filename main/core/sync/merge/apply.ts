// Inside the importer's one transaction: peer entries applied to this vault's projections. Each entry is
// kept once by (origin, seq) — a second copy with another leaf is a fork and refused — and applied when
// what it refers to is here (its item, its actor), else it waits for a later import. Entries apply in
// clock order, so any arrival order and any number of hops give the same projections. A peer's new item
// becomes an item here with this core's own display copies, recorded by an `item.ingest` entry of this
// vault citing the peer's (so peers further on can map this vault's item id); decisions go through the
// decision rules in decide.ts, which never overwrite: a disagreement becomes a conflict. A peer's legal
// holds and extensions enter this vault's preservation tables (./preservation); a peer's shred is kept and
// shown, never carried out here. Every decision is taken only when its author's role, as this vault's
// roster granted it, may take it; otherwise the entry is refused with the reason.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { TamperDetectedError } from '../../errors';
import { mayDo, policy, type Action } from '../../../../shared/policy';
import { userOrigin, userRole, type Vault } from '../../identity';
import { parseEntry, type LedgerEntry } from '../../ledger';
import {
  hasLiveBanks,
  Matcher,
  recordItemDihedral,
  recordItemPdq,
  recordItemPdqFrames,
  shownFirst,
} from '../../matching';
import { recordPeerExtension, recordPeerHold, releasePeerHold } from '../../preservation';
import {
  itemFacts,
  itemWithSha256,
  recordItemSource,
  recordNewItem,
  recordPeerCase,
  setOrderRank,
  setPeerCaseStatus,
} from '../../review';
import { caseOf, peerCaseId, statusAfter } from './cases';
import { recordBlob } from '../../vault';
import { categoryValue, valueText } from './categories';
import { decisionValue, extendedValue, factOf, holdReleased } from './kinds';
import { extensionOf, holdOf, localScope } from './preservation';
import { applyPeerResolution } from './resolve';
import { settle } from './settle';
import { byClock, sha256Of, text } from './entries';
import type { PreparedMerge } from './prepare';
import {
  entryNaming,
  insertEntry,
  keepFact,
  mapItem,
  mappedItem,
  setEntryState,
  stateOfEntryNaming,
  storedEntry,
  subjectsWithFacts,
  waitingEntries,
  type EntryState,
  type FactKind,
} from './store';

const factKinds: readonly FactKind[] = ['category', 'report', 'hold'];

export interface MergeSummary {
  /** Entries new to this vault in this merge (applied or waiting). */
  entries: number;
  newItems: number;
  /** Items this merge touched that are in conflict after it. */
  conflicts: number;
  /** New entries per origin. */
  byOrigin: Record<string, number>;
  /** Entries still waiting for what they refer to (an item whose original has not arrived, an unknown actor). */
  waiting: number;
  /** Entries this merge refused to act on, each with the reason. */
  refused: Array<{ origin: string; seq: number; action: string; reason: string }>;
  /** Blob files the merge did not record (originals of items already here, copies of waiting items): remove after commit. */
  unrecordedBlobs: string[];
}

interface Context {
  vault: Vault;
  prepared: PreparedMerge;
  now: string;
  summary: MergeSummary;
  recordedBlobs: Set<string>;
  matcher: Matcher | null;
  /** Subjects whose decisions changed, settled once at the end. */
  touched: Set<string>;
  /** Each actor's origin (null for an unknown id), as actorOrigin found it. */
  actors: Map<string, string | null>;
}

function entryKey(origin: string, seq: number): string {
  return `${origin}\n${seq}`;
}

/** What applying one entry came to: a refusal says why. */
type Outcome = EntryState | { refused: string };

/** Null when the entry's author, with the role this vault's roster granted them, may take `action`. */
function roleRefusal(ctx: Context, entry: LedgerEntry, action: Action): { refused: string } | null {
  const role = userRole(ctx.vault.db, entry.actor);
  if (role && mayDo(role, action)) return null;
  return {
    refused: `${entry.actorName} of ${entry.origin} holds the role ${role ?? 'none'} on this workstation's roster, which cannot ${policy[action].what}.`,
  };
}

/** The local item a peer's item id names, or null when it is not known here yet. */
function localItem(ctx: Context, origin: string, peerItemId: string): string | null {
  if (origin === ctx.vault.ledger.origin) return itemFacts(ctx.vault, peerItemId) ? peerItemId : null;
  return mappedItem(ctx.vault, origin, peerItemId);
}

/** A deterministic source id for a peer's source, never one of this vault's own. */
function sourceId(origin: string, peerSource: string): string {
  return `peer:${origin}:${peerSource}`;
}

function applyIngest(ctx: Context, entry: LedgerEntry): Outcome {
  const { vault } = ctx;
  const [peerItemId] = entry.subjects;
  const sha256 = sha256Of(entry.details);
  if (!peerItemId || !sha256) return { refused: 'the ingest names no item or no SHA-256' };
  let itemId = itemWithSha256(vault, sha256);
  if (!itemId) {
    const original = ctx.prepared.originals.get(sha256);
    if (!original) return 'waiting';
    itemId = randomUUID();
    recordBlob(vault.db, original.blob, ctx.now);
    ctx.recordedBlobs.add(original.blob.id);
    for (const b of original.derivativeBlobs) {
      recordBlob(vault.db, b, ctx.now);
      ctx.recordedBlobs.add(b.id);
    }
    const path = text(entry.details, 'path');
    recordNewItem(
      vault,
      {
        id: itemId,
        ...original.hashes,
        size: original.blob.size,
        mime: original.mime,
        originalBlob: original.blob.id,
        metadata: original.metadata,
        displayName: path ? basename(path) : sha256,
        ingestedAt: entry.time,
        ingestedBy: entry.actor,
      },
      original.display,
    );
    if (original.pdq) {
      const { first, frames } = original.pdq;
      recordItemPdq(vault, itemId, first);
      if (frames) recordItemPdqFrames(vault, itemId, first, frames);
      if (first.ok && first.pdq.dihedral) recordItemDihedral(vault, itemId, first.pdq.dihedral);
    }
    vault.record('item.ingest', [itemId], {
      size: original.blob.size,
      mime: original.mime,
      ...original.hashes,
      duplicate: false,
      merged: { origin: entry.origin, seq: entry.seq, item: peerItemId },
    });
    if (hasLiveBanks(vault)) {
      ctx.matcher ??= new Matcher(vault);
      setOrderRank(vault, itemId, shownFirst(ctx.matcher.matchItem({ id: itemId, ...original.hashes })));
    }
    ctx.summary.newItems++;
  }
  mapItem(vault, entry.origin, peerItemId, itemId);
  const source = text(entry.details, 'source');
  const path = text(entry.details, 'path');
  if (source && path && !itemFacts(vault, itemId)?.shreddedAt) {
    recordItemSource(vault, {
      id: sourceId(entry.origin, source),
      itemId,
      originalPath: path,
      fileName: basename(path),
      modifiedAt: null,
      changedAt: null,
      createdAt: null,
      ingestedAt: entry.time,
      ingestedBy: entry.actor,
    });
  }
  return 'applied';
}

/** The local items a peer's entry names, or null while any of them is not known here. */
function localItems(ctx: Context, origin: string, subjects: readonly string[]): string[] | null {
  const items: string[] = [];
  for (const subject of subjects) {
    const item = localItem(ctx, origin, subject);
    if (!item) return null;
    items.push(item);
  }
  return items;
}

/** Keeps a peer's decision of a kind on each item; the items are settled once the merge is through. */
function keep(
  ctx: Context,
  entry: LedgerEntry,
  leafHash: string,
  items: readonly string[],
  kind: FactKind,
  value: string,
): void {
  for (const item of items) {
    keepFact(ctx.vault, factOf(entry, leafHash, item, kind, value));
    ctx.touched.add(`${kind}:${item}`);
  }
}

function applyDecision(ctx: Context, entry: LedgerEntry, leafHash: string): Outcome {
  const d = entry.details;
  if (d.kind === 'first') {
    const refused = roleRefusal(ctx, entry, 'decision.record');
    if (refused) return refused;
  }
  const value = decisionValue(d);
  const subject = text(d, 'subject');
  // A decision on a case stays in the peer's own case workflow (its second review and resolution run there);
  // what it leads to reaches the case here as the case's status (applyCaseStatus). Reviews and resolutions of
  // four-eyes are the peer's too.
  if (!value || d.subjectKind !== 'item' || !subject) return 'applied';
  const items = localItems(ctx, entry.origin, [subject]);
  if (!items) return 'waiting';
  keep(ctx, entry, leafHash, items, 'report', value);
  return 'applied';
}

function applyHold(ctx: Context, entry: LedgerEntry): Outcome {
  const refused = roleRefusal(ctx, entry, 'hold.manage');
  if (refused) return refused;
  const hold = holdOf(entry);
  if (!hold) return { refused: 'the hold names no matter or no scope this vault can read' };
  const scope = localScope(ctx.vault, entry.origin, hold.scope);
  if (!scope) return 'waiting';
  recordPeerHold(ctx.vault, {
    origin: entry.origin,
    peerId: hold.id,
    matter: hold.matter,
    counsel: entry.actor,
    reason: text(entry.details, 'reason'),
    createdAt: entry.time,
    scope,
  });
  return 'applied';
}

function applyRelease(ctx: Context, entry: LedgerEntry, leafHash: string): Outcome {
  const [holdId] = entry.subjects;
  if (!holdId) return { refused: 'the release names no hold' };
  const refused = roleRefusal(ctx, entry, 'hold.manage');
  if (refused) return refused;
  const placed = entryNaming(ctx.vault, entry.origin, 'hold.add', holdId);
  if (!placed) {
    // A hold of this workstation's own is never released by a peer: only its own counsel releases it.
    if (ctx.vault.ledger.entriesFor(holdId, 'hold.add', 1).some((e) => e.subjects[0] === holdId))
      return {
        refused: `it names hold ${holdId}, placed on this workstation: only this workstation's counsel releases it`,
      };
    return 'waiting';
  }
  const hold = holdOf(parseEntry(Buffer.from(placed)));
  if (!hold) return { refused: 'the hold it releases could not be read' };
  const targets = hold.scope.filter((s) => s.kind === 'item').map((s) => s.target);
  const items = localItems(ctx, entry.origin, targets);
  if (!items) return 'waiting';
  releasePeerHold(ctx.vault, entry.origin, holdId, {
    by: entry.actor,
    at: entry.time,
    reason: text(entry.details, 'reason') ?? '',
  });
  keep(ctx, entry, leafHash, items, 'hold', holdReleased);
  return 'applied';
}

function applyExtension(ctx: Context, entry: LedgerEntry, leafHash: string): Outcome {
  const refused = roleRefusal(ctx, entry, 'retention.manage');
  if (refused) return refused;
  const extension = extensionOf(entry);
  if (typeof extension === 'string') return { refused: extension };
  const kind = entry.details.kind === 'case' ? 'case' : 'item';
  // A case's extension reaches the peer's case here (its items); an item's waits for the item.
  const items = kind === 'item' ? localItems(ctx, entry.origin, [extension.target]) : [];
  if (!items) return 'waiting';
  recordPeerExtension(ctx.vault, {
    origin: entry.origin,
    peerId: extension.id,
    kind,
    target: kind === 'item' ? (items[0] ?? '') : peerCaseId(entry.origin, extension.target),
    agency: extension.agency,
    reference: extension.reference,
    requestedOn: extension.requestedOn,
    until: extension.until,
    createdAt: entry.time,
    createdBy: entry.actor,
  });
  if (kind === 'item') keep(ctx, entry, leafHash, items, 'hold', extendedValue(entry.details));
  return 'applied';
}

function applyResolution(ctx: Context, entry: LedgerEntry, leafHash: string): Outcome {
  const subject = text(entry.details, 'subject');
  const kind = text(entry.details, 'kind');
  if (!subject || !kind) return { refused: 'the resolution names no item or no kind of decision' };
  const items = localItems(ctx, entry.origin, [subject]);
  if (!items?.[0]) return 'waiting';
  const state = applyPeerResolution(ctx.vault, entry, leafHash, items[0], ctx.now);
  if (state === 'applied') ctx.touched.add(`${kind}:${items[0]}`);
  return state === 'refused'
    ? {
        refused:
          'its resolver may not resolve conflicts here, or it cites an entry otherwise than it was written',
      }
    : state;
}

/** The origin of a user, looked up once per merge (no user is added or changed while it applies). */
function actorOrigin(ctx: Context, actor: string): string | null {
  let origin = ctx.actors.get(actor);
  if (origin === undefined) {
    origin = userOrigin(ctx.vault.db, actor);
    ctx.actors.set(actor, origin);
  }
  return origin;
}

function applyCase(ctx: Context, entry: LedgerEntry): Outcome {
  const refused = roleRefusal(ctx, entry, entry.details.fromItems === true ? 'case.create' : 'case.import');
  if (refused) return refused;
  const made = caseOf(entry);
  if (!made) return { refused: 'the case names no title or no dates this vault can read' };
  const items = localItems(ctx, entry.origin, made.items);
  if (!items) return 'waiting';
  recordPeerCase(ctx.vault, {
    id: peerCaseId(entry.origin, made.id),
    origin: entry.origin,
    peerCaseId: made.id,
    title: made.title,
    externalId: made.externalId,
    detectedAt: made.detectedAt,
    deadlineAt: made.deadlineAt,
    createdAt: entry.time,
    createdBy: entry.actor,
    itemIds: [...new Set(items)],
  });
  return 'applied';
}

function applyCaseStatus(ctx: Context, entry: LedgerEntry): Outcome {
  const status = statusAfter(entry);
  const [caseId] = entry.subjects;
  if (!status || !caseId) return 'applied';
  const refused = roleRefusal(
    ctx,
    entry,
    entry.action === 'report.submission' ? 'report.submit' : 'case.close',
  );
  if (refused) return refused;
  if (setPeerCaseStatus(ctx.vault, entry.origin, caseId, status)) return 'applied';
  // The case itself is not kept here: wait for it, unless it was refused (then so is what follows it).
  return stateOfEntryNaming(ctx.vault, entry.origin, 'case.create', caseId) === 'refused'
    ? { refused: `the case ${caseId} it changes was refused here` }
    : 'waiting';
}

/** A peer's shred is kept and shown for the item here; it is never carried out on this vault's copy. */
function applyShred(ctx: Context, entry: LedgerEntry): Outcome {
  return localItems(ctx, entry.origin, entry.subjects.slice(0, 1)) ? 'applied' : 'waiting';
}

function applyOne(ctx: Context, entry: LedgerEntry, leafHash: string): Outcome {
  // Every act must be by a user of that origin: a roster member's user, never one of ours or another peer's.
  if (actorOrigin(ctx, entry.actor) !== entry.origin) return 'waiting';
  switch (entry.action) {
    case 'item.ingest':
      return applyIngest(ctx, entry);
    case 'item.categorize': {
      const refused = roleRefusal(ctx, entry, 'item.categorize');
      if (refused) return refused;
      const value = categoryValue(entry.details);
      if (!value) return { refused: 'the categorisation names no category of the vocabulary' };
      const items = localItems(ctx, entry.origin, entry.subjects);
      if (!items) return 'waiting';
      keep(ctx, entry, leafHash, items, 'category', valueText(value));
      return 'applied';
    }
    case 'decision.record':
      return applyDecision(ctx, entry, leafHash);
    case 'hold.add':
      return applyHold(ctx, entry);
    case 'hold.release':
      return applyRelease(ctx, entry, leafHash);
    case 'item.shred':
      return applyShred(ctx, entry);
    case 'case.create':
      return applyCase(ctx, entry);
    case 'case.close':
    case 'case.reopen':
    case 'report.submission':
      return applyCaseStatus(ctx, entry);
    case 'retention.extend':
      return applyExtension(ctx, entry, leafHash);
    case 'conflict.resolve':
      return applyResolution(ctx, entry, leafHash);
    default:
      // Everything else is the peer's own business (its unlocks, exports, views): kept, nothing to project.
      return 'applied';
  }
}

export function applyMerge(vault: Vault, prepared: PreparedMerge): MergeSummary {
  const ctx: Context = {
    vault,
    prepared,
    now: new Date().toISOString(),
    summary: {
      entries: 0,
      newItems: 0,
      conflicts: 0,
      byOrigin: {},
      waiting: 0,
      refused: [],
      unrecordedBlobs: [],
    },
    recordedBlobs: new Set(),
    matcher: null,
    touched: new Set(),
    actors: new Map(),
  };
  const own = vault.ledger.origin;
  const added = new Map<string, LedgerEntry>();
  for (const { entry, canonical, leafHash } of prepared.entries) {
    // This vault's own entries come back through peers: its ledger already holds them.
    if (entry.origin === own) continue;
    const known = storedEntry(vault, entry.origin, entry.seq);
    if (known) {
      if (known.leafHash !== leafHash)
        throw new TamperDetectedError(
          `${entry.origin} entry ${entry.seq} differs from the one received before (leaf ${known.leafHash.slice(0, 12)}…, now ${leafHash.slice(0, 12)}…): that workstation's log is forked.`,
        );
      continue;
    }
    insertEntry(
      vault,
      { origin: entry.origin, seq: entry.seq, leafHash, action: entry.action, entry: canonical },
      ctx.now,
    );
    added.set(entryKey(entry.origin, entry.seq), entry);
    ctx.summary.entries++;
    ctx.summary.byOrigin[entry.origin] = (ctx.summary.byOrigin[entry.origin] ?? 0) + 1;
  }
  // Waiting entries (this merge's, already parsed, and earlier ones) in clock order, again while any lands.
  let pending = waitingEntries(vault)
    .map((row) => ({
      entry: added.get(entryKey(row.origin, row.seq)) ?? parseEntry(Buffer.from(row.entry)),
      leafHash: row.leafHash,
    }))
    .sort((a, b) => byClock(a.entry, b.entry));
  for (;;) {
    const still: typeof pending = [];
    for (const p of pending) {
      const outcome = applyOne(ctx, p.entry, p.leafHash);
      if (outcome === 'waiting') still.push(p);
      else if (typeof outcome === 'object') {
        setEntryState(vault, p.entry.origin, p.entry.seq, 'refused', outcome.refused);
        ctx.summary.refused.push({
          origin: p.entry.origin,
          seq: p.entry.seq,
          action: p.entry.action,
          reason: outcome.refused,
        });
      } else setEntryState(vault, p.entry.origin, p.entry.seq, outcome);
    }
    if (still.length === pending.length) break;
    pending = still;
  }
  ctx.summary.waiting = pending.length;
  // Every item with a peer's decision is settled again: a decision made here since the last import may now
  // differ from a peer's (or agree with it again).
  for (const kind of factKinds)
    for (const item of subjectsWithFacts(vault, kind)) ctx.touched.add(`${kind}:${item}`);
  for (const touched of [...ctx.touched].sort()) {
    const [kind, item] = touched.split(/:(.*)/s) as [FactKind, string];
    ctx.summary.conflicts += settle(vault, item, kind, ctx.now);
  }
  ctx.summary.unrecordedBlobs = [...prepared.received.map((r) => r.blobId), ...prepared.written].filter(
    (id) => !ctx.recordedBlobs.has(id),
  );
  return ctx.summary;
}
