// Inside the importer's one transaction: peer entries applied to this vault's projections. Each entry is
// kept once by (origin, seq) — a second copy with another leaf is a fork and refused — and applied when
// what it refers to is here (its item, its actor), else it waits for a later import. Entries apply in
// clock order, so any arrival order and any number of hops give the same projections. A peer's new item
// becomes an item here with this core's own display copies, recorded by an `item.ingest` entry of this
// vault citing the peer's (so peers further on can map this vault's item id); decisions go through the
// decision rules in decide.ts, which never overwrite: a disagreement becomes a conflict.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { TamperDetectedError } from '../../errors';
import { userOrigin, type Vault } from '../../identity';
import { canonicalize, parseEntry, type LedgerEntry } from '../../ledger';
import {
  hasLiveBanks,
  Matcher,
  recordItemDihedral,
  recordItemPdq,
  recordItemPdqFrames,
  shownFirst,
} from '../../matching';
import { itemFacts, itemWithSha256, recordItemSource, recordNewItem, setOrderRank } from '../../review';
import { recordBlob } from '../../vault';
import { settleCategory, takeCategory } from './categories';
import { byClock, entryLeafHash, sha256Of, text } from './entries';
import type { PreparedMerge } from './prepare';
import {
  insertEntry,
  mapItem,
  mappedItem,
  setEntryState,
  storedEntry,
  waitingEntries,
  type EntryState,
} from './store';

export interface MergeSummary {
  /** Entries new to this vault in this merge (applied or waiting). */
  entries: number;
  newItems: number;
  /** Conflicts opened (or given a new side) by this merge. */
  conflicts: number;
  /** New entries per origin. */
  byOrigin: Record<string, number>;
  /** Entries still waiting for what they refer to (an item whose original has not arrived, an unknown actor). */
  waiting: number;
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

function applyIngest(ctx: Context, entry: LedgerEntry): EntryState {
  const { vault } = ctx;
  const [peerItemId] = entry.subjects;
  const sha256 = sha256Of(entry.details);
  if (!peerItemId || !sha256) return 'refused';
  // The actor must be a user of that origin: a roster member's user, never one of ours or another peer's.
  if (userOrigin(vault.db, entry.actor) !== entry.origin) return 'waiting';
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

function applyCategorize(ctx: Context, entry: LedgerEntry, leafHash: string): EntryState {
  if (userOrigin(ctx.vault.db, entry.actor) !== entry.origin) return 'waiting';
  const items: string[] = [];
  for (const subject of entry.subjects) {
    const item = localItem(ctx, entry.origin, subject);
    if (!item) return 'waiting';
    items.push(item);
  }
  for (const item of items) {
    if (!takeCategory(ctx.vault, item, entry, leafHash)) return 'refused';
    ctx.touched.add(item);
  }
  return 'applied';
}

function applyOne(ctx: Context, entry: LedgerEntry, leafHash: string): EntryState {
  switch (entry.action) {
    case 'item.ingest':
      return applyIngest(ctx, entry);
    case 'item.categorize':
      return applyCategorize(ctx, entry, leafHash);
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
    summary: { entries: 0, newItems: 0, conflicts: 0, byOrigin: {}, waiting: 0, unrecordedBlobs: [] },
    recordedBlobs: new Set(),
    matcher: null,
    touched: new Set(),
  };
  const own = vault.ledger.origin;
  for (const entry of prepared.entries) {
    // This vault's own entries come back through peers: its ledger already holds them.
    if (entry.origin === own) continue;
    const leafHash = entryLeafHash(entry);
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
      { origin: entry.origin, seq: entry.seq, leafHash, action: entry.action, entry: canonicalize(entry) },
      ctx.now,
    );
    ctx.summary.entries++;
    ctx.summary.byOrigin[entry.origin] = (ctx.summary.byOrigin[entry.origin] ?? 0) + 1;
  }
  // Waiting entries (this merge's and earlier ones) in clock order, again while any of them lands.
  let pending = waitingEntries(vault)
    .map((row) => ({ entry: parseEntry(Buffer.from(row.entry)), leafHash: row.leafHash }))
    .sort((a, b) => byClock(a.entry, b.entry));
  for (;;) {
    const still: typeof pending = [];
    for (const p of pending) {
      const state = applyOne(ctx, p.entry, p.leafHash);
      if (state === 'waiting') still.push(p);
      else setEntryState(vault, p.entry.origin, p.entry.seq, state);
    }
    if (still.length === pending.length) break;
    pending = still;
  }
  ctx.summary.waiting = pending.length;
  for (const item of ctx.touched) ctx.summary.conflicts += settleCategory(vault, item, ctx.now);
  ctx.summary.unrecordedBlobs = [...prepared.received.map((r) => r.blobId), ...prepared.written].filter(
    (id) => !ctx.recordedBlobs.has(id),
  );
  return ctx.summary;
}
