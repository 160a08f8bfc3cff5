// `custody sync import`: decrypts a bundle with this workstation's age identity once, reading and checking
// all of it (read-bag, check-bundle) while the originals it lacks are written into staging/ under this
// vault's blob keys (each hash checked as read; nothing plaintext touches the disk, and staging/ is swept at
// the next unlock after a crash). Once the bag's signature verifies, this vault's display copies of them
// are made (staged too) beside the checks of every entry; only when everything verifies are the files moved
// into blobs/ and fsynced, and everything applied in one transaction: replicas, roster changes,
// acknowledgements, cosignatures (its own of the sender's checkpoint too) and the blobs. Any failure
// removes what it wrote, so a refused bundle leaves the vault as it was.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Decrypter } from 'age-encryption';
import { requireRole, type Vault } from '../identity';
import { packPeaks } from '../ledger';
import { liveOriginals } from '../review';
import { BlobWriter, placeStagedBlob, removeBlobFile, syncBlobs, type StoredBlob } from '../vault';
import { readCard } from './card';
import { checkBundle, type CheckedBundle } from './check-bundle';
import { cosign } from './cosignature';
import type { SyncProgress } from './export';
import { loadSyncKeys, witnessName, type SyncKeys } from './keys';
import { BundleRefusedError, readBag, type BlobSink } from './read-bag';
import {
  applyMerge,
  discardMerge,
  ensurePeerUsers,
  prepareMerge,
  removeUnrecordedBlobs,
  type MergeEntry,
  type PreparedMerge,
  type ReceivedOriginal,
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

/**
 * The originals a bundle brings that this vault lacks, written into staging/ (encrypted under this vault's
 * blob keys, not fsynced) while the bundle is read, and the display copies made of them once the bag's
 * signature verifies, also staged; placed into blobs/ only once the whole bundle has verified.
 */
class StagedOriginals {
  readonly #written = new Map<string, StoredBlob>();
  #current: { sha256: string; writer: BlobWriter } | null = null;
  readonly #stop = new AbortController();
  #described: Promise<PreparedMerge> | null = null;

  constructor(
    private readonly vault: Vault,
    /** The SHA-256 of every original this vault holds already (those are not written again). */
    private readonly held: ReadonlySet<string>,
  ) {}

  /** The blob sink readBag hands each original to; one original is open at a time. */
  readonly sink: BlobSink = async (sha256) => {
    await this.#finishCurrent();
    if (this.held.has(sha256)) return null;
    const writer = await BlobWriter.create(this.vault);
    this.#current = { sha256, writer };
    return { write: (chunk) => writer.write(chunk) };
  };

  async #finishCurrent(): Promise<void> {
    const current = this.#current;
    if (!current) return;
    this.#current = null;
    try {
      this.#written.set(current.sha256, await current.writer.finish('staged'));
    } catch (error) {
      await current.writer.abort();
      throw error;
    }
  }

  /** Once the whole bundle is read: the last original finished. */
  async read(): Promise<void> {
    await this.#finishCurrent();
  }

  get originals(): ReceivedOriginal[] {
    return [...this.#written].map(([sha256, b]) => ({
      sha256,
      blobId: b.id,
      size: b.size,
      wrappedKey: b.wrappedKey,
    }));
  }

  /** Starts describing the originals (display copies staged), beside the checks of the bundle's entries. */
  describe(): void {
    const described = prepareMerge(this.vault, [], this.originals, {
      where: 'staged',
      signal: this.#stop.signal,
    });
    // Awaited by prepared() or discard(); a failure is theirs to report.
    described.catch(() => undefined);
    this.#described = described;
  }

  /** Once the whole bundle verifies: the described originals, every file placed into blobs/ and fsynced. */
  async prepared(entries: readonly MergeEntry[]): Promise<PreparedMerge> {
    if (!this.#described) this.describe();
    const described = await (this.#described as Promise<PreparedMerge>);
    const ids = [...this.originals.map((o) => o.blobId), ...described.written];
    for (const id of ids) await placeStagedBlob(this.vault.layout, id);
    await syncBlobs(this.vault.layout, ids);
    return { ...described, entries };
  }

  /** Removes everything written (the display copies once their making has stopped), wherever it is. */
  async discard(): Promise<void> {
    this.#stop.abort();
    if (this.#current) await this.#current.writer.abort();
    this.#current = null;
    const described = await this.#described?.catch(() => null);
    if (described) await discardMerge(this.vault, described);
    for (const blob of this.#written.values()) await removeBlobFile(this.vault.layout, blob.id);
    this.#written.clear();
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
  const held = new Set(liveOriginals(vault).map((o) => o.sha256));
  const staged = new StagedOriginals(vault, held);
  onProgress({ phase: 'verify', done: 0, total: 1 });
  let checked: CheckedBundle;
  let prepared: PreparedMerge;
  try {
    const bag = await readBag(await decrypted(file, keys.ageIdentity), staged.sink);
    await staged.read();
    checked = await checkBundle(vault, bag, () => staged.describe());
    onProgress({ phase: 'verify', done: 1, total: 1 });
    onProgress({ phase: 'apply', done: 0, total: 1 });
    prepared = await staged.prepared(
      checked.sections.flatMap((s) =>
        s.added.map((e) => ({
          entry: e.entry,
          canonical: e.leaf.toString('utf8'),
          leafHash: e.leafHash.toString('hex'),
        })),
      ),
    );
  } catch (error) {
    await staged.discard();
    throw error;
  }
  let outcome: { summary: ImportSummary; unrecorded: string[] };
  try {
    outcome = vault.db.transaction(() => apply(vault, checked, prepared, prepared.received.length, keys))();
  } catch (error) {
    await staged.discard();
    throw error;
  }
  await removeUnrecordedBlobs(vault, outcome.unrecorded);
  onProgress({ phase: 'apply', done: 1, total: 1 });
  return outcome.summary;
}
