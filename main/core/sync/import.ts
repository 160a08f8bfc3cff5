// `custody sync import`: decrypts a bundle with this workstation's age identity, reads and checks all of
// it (read-bag, check-bundle) while writing nothing, then streams the originals it lacks into new blobs
// (pass two, each hash checked again), and applies everything in one transaction: replicas, roster
// changes, acknowledgements, cosignatures (its own of the sender's checkpoint too) and the blobs. Any
// failure removes the blobs it wrote, so a refused bundle leaves the vault as it was.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Decrypter } from 'age-encryption';
import { requireRole, type Vault } from '../identity';
import { packPeaks } from '../ledger';
import { liveOriginals } from '../review';
import { BlobWriter, removeBlobFile, type StoredBlob } from '../vault';
import { readCard } from './card';
import { checkBundle, type CheckedBundle } from './check-bundle';
import { cosign } from './cosignature';
import type { SyncProgress } from './export';
import { loadSyncKeys, witnessName, type SyncKeys } from './keys';
import { BundleRefusedError, readBag } from './read-bag';
import {
  applyMerge,
  discardMerge,
  ensurePeerUsers,
  prepareMerge,
  removeUnrecordedBlobs,
  type PreparedMerge,
} from './merge';
import { admitMember, peerUsers } from './roster';
import {
  insertReplicaEntries,
  keepCosignature,
  markRosterRemoved,
  raiseAck,
  rosterRow,
  setReplicaHead,
  updateRosterCard,
} from './store';

export interface ImportSummary {
  bundle: string;
  sender: string;
  /** New entries taken, per origin. */
  byOrigin: Record<string, number>;
  entries: number;
  blobs: number;
  /** What the merge made of them: items new to this vault, items in conflict, entries still waiting. */
  newItems: number;
  conflicts: number;
  waiting: number;
  /** Entries the merge would not act on (an author whose role here may not, a hold of this workstation's), with why. */
  refused: Array<{ origin: string; seq: number; action: string; reason: string }>;
  skipped: string[];
  rosterChanges: number;
  /** True when the bundle brought nothing this vault did not hold. */
  unchanged: boolean;
}

async function decrypted(file: string, identity: string): Promise<AsyncIterable<Uint8Array>> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  const source = Readable.toWeb(createReadStream(file)) as unknown as globalThis.ReadableStream<Uint8Array>;
  try {
    const plain = await decrypter.decrypt(source);
    return Readable.fromWeb(plain as unknown as WebReadableStream<Uint8Array>);
  } catch (error) {
    throw new BundleRefusedError(
      `The bundle is refused: this workstation's age identity does not open it (${(error as Error).message}): it is addressed to other workstations, or it is not an age file.`,
    );
  }
}

/**
 * The plaintext tar of a bundle addressed to this workstation, for tools that inspect one (the fuzz
 * suite, an investigator); it checks nothing, as `age -d` would not.
 */
export async function decryptBundle(vault: Vault, file: string): Promise<AsyncIterable<Uint8Array>> {
  requireRole(vault, 'sync.import');
  const keys = loadSyncKeys(vault);
  if (!keys)
    throw new BundleRefusedError('This workstation has no sync keys, so no bundle is addressed to it.');
  return decrypted(file, keys.ageIdentity);
}

async function writeOriginals(
  vault: Vault,
  file: string,
  identity: string,
  needed: Set<string>,
): Promise<Map<string, StoredBlob>> {
  const written = new Map<string, StoredBlob>();
  const open: BlobWriter[] = [];
  try {
    let current: { sha256: string; writer: BlobWriter } | null = null;
    const settle = async () => {
      if (!current) return;
      const blob = await current.writer.finish();
      open.splice(open.indexOf(current.writer), 1);
      written.set(current.sha256, blob);
      current = null;
    };
    await readBag(await decrypted(file, identity), async (sha256) => {
      await settle();
      if (!needed.has(sha256)) return null;
      const writer = await BlobWriter.create(vault);
      open.push(writer);
      current = { sha256, writer };
      return { write: (chunk) => writer.write(chunk) };
    });
    await settle();
    return written;
  } catch (error) {
    for (const writer of open) await writer.abort();
    for (const blob of written.values()) await removeBlobFile(vault.layout, blob.id);
    throw error;
  }
}

function apply(
  vault: Vault,
  checked: CheckedBundle,
  prepared: PreparedMerge,
  receivedOriginals: number,
  witness: SyncKeys,
): { summary: ImportSummary; unrecorded: string[] } {
  const { bag, sections, senderCard } = checked;
  const { manifest } = bag;
  const now = new Date().toISOString();
  let changed = receivedOriginals > 0;
  let rosterChanges = 0;
  const sender = rosterRow(vault.db, manifest.sender.workstation);
  if (sender) {
    if (senderCard.content.issued > readCard(sender.card).content.issued) {
      updateRosterCard(vault.db, sender.workstation, senderCard.text);
    }
    ensurePeerUsers(vault, peerUsers(senderCard, sender.role));
  }
  for (const change of checked.rosterChanges) {
    if (change.workstation === vault.workstationId) continue;
    if (change.kind === 'remove') {
      const row = rosterRow(vault.db, change.workstation);
      if (row && row.removedAt === null) {
        markRosterRemoved(vault.db, change.workstation, now);
        rosterChanges++;
      }
    } else if (change.card && change.role && rosterRow(vault.db, change.workstation) === null) {
      try {
        if (admitMember(vault, change.card, change.role, change.by)) rosterChanges++;
      } catch {
        continue;
      }
    }
  }
  for (const section of sections) {
    if (section.added.length === 0 || !section.peaks) continue;
    insertReplicaEntries(
      vault.db,
      section.origin,
      section.added.map((e) => ({
        seq: e.seq,
        leaf: e.leaf,
        leafHash: e.leafHash,
        action: e.entry.action,
        actor: e.entry.actor,
        time: e.entry.time,
        subjects: e.entry.subjects,
      })),
    );
    setReplicaHead(vault.db, {
      origin: section.origin,
      size: section.checkpoint.size,
      peaks: packPeaks(section.peaks),
      checkpoint: section.note,
    });
    changed = true;
  }
  const merged = applyMerge(vault, prepared);
  for (const [origin, size] of Object.entries(manifest.acks)) {
    if (raiseAck(vault.db, manifest.sender.workstation, origin, size)) changed = true;
  }
  for (const { size, note } of checked.ownCosignatures) {
    const row = {
      origin: vault.ledger.origin,
      witness: witnessName(manifest.sender.workstation),
      size,
      note,
      receivedAt: now,
    };
    if (keepCosignature(vault.db, row)) changed = true;
  }
  const senderSection = sections.find((s) => s.origin === manifest.sender.origin);
  if (senderSection) {
    const mine = {
      origin: senderSection.origin,
      witness: witness.witness.name,
      size: senderSection.checkpoint.size,
      note: cosign(senderSection.note, witness.witness),
      receivedAt: now,
    };
    if (keepCosignature(vault.db, mine)) changed = true;
  }
  const byOrigin = Object.fromEntries(
    sections.filter((s) => s.added.length > 0).map((s) => [s.origin, s.added.length]),
  );
  const summary: ImportSummary = {
    bundle: manifest.id,
    sender: manifest.sender.workstation,
    byOrigin,
    entries: Object.values(byOrigin).reduce((a, b) => a + b, 0),
    blobs: receivedOriginals,
    newItems: merged.newItems,
    conflicts: merged.conflicts,
    waiting: merged.waiting,
    refused: merged.refused,
    skipped: checked.skipped,
    rosterChanges,
    unchanged: !changed && rosterChanges === 0 && merged.entries === 0,
  };
  if (!summary.unchanged) {
    vault.record('sync.import', [manifest.id, manifest.sender.workstation], {
      bundle: manifest.id,
      sender: manifest.sender.workstation,
      byOrigin,
      blobs: receivedOriginals,
      newItems: merged.newItems,
      conflicts: merged.conflicts,
      skipped: checked.skipped,
      rosterChanges,
    });
  }
  return { summary, unrecorded: merged.unrecordedBlobs };
}

export async function importBundle(
  vault: Vault,
  file: string,
  onProgress: (progress: SyncProgress) => void = () => undefined,
): Promise<ImportSummary> {
  requireRole(vault, 'sync.import');
  const keys = loadSyncKeys(vault);
  if (!keys) {
    throw new BundleRefusedError(
      'The bundle is refused: this workstation has no sync keys yet, so no bundle can be addressed to it. Write its card first (custody sync card).',
    );
  }
  onProgress({ phase: 'verify', done: 0, total: 1 });
  const bag = await readBag(await decrypted(file, keys.ageIdentity));
  const checked = await checkBundle(vault, bag);
  onProgress({ phase: 'verify', done: 1, total: 1 });
  const held = new Set(liveOriginals(vault).map((o) => o.sha256));
  const needed = new Set(bag.manifest.blobs.map((b) => b.sha256).filter((sha) => !held.has(sha)));
  const blobs =
    needed.size > 0
      ? await writeOriginals(vault, file, keys.ageIdentity, needed)
      : new Map<string, StoredBlob>();
  const removeWritten = async () => {
    for (const blob of blobs.values()) await removeBlobFile(vault.layout, blob.id);
  };
  const entries = checked.sections.flatMap((s) => s.added.map((e) => e.entry));
  const originals = [...blobs].map(([sha256, b]) => ({
    sha256,
    blobId: b.id,
    size: b.size,
    wrappedKey: b.wrappedKey,
  }));
  onProgress({ phase: 'apply', done: 0, total: 1 });
  let prepared: PreparedMerge;
  try {
    prepared = await prepareMerge(vault, entries, originals);
  } catch (error) {
    await removeWritten();
    throw error;
  }
  let outcome: { summary: ImportSummary; unrecorded: string[] };
  try {
    outcome = vault.db.transaction(() => apply(vault, checked, prepared, blobs.size, keys))();
  } catch (error) {
    await discardMerge(vault, prepared);
    await removeWritten();
    throw error;
  }
  await removeUnrecordedBlobs(vault, outcome.unrecorded);
  onProgress({ phase: 'apply', done: 1, total: 1 });
  return outcome.summary;
}
