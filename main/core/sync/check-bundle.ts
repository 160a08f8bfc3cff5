// Checks a read bundle against this vault before anything is written: the sender is a current roster
// member and signed the bag; every card verifies; each origin's entries are well-formed, chained, signed
// by keys its card lists, agree with what is held, hash to the origin's signed checkpoint, and that
// checkpoint is RFC 9162-consistent with the one held; every cosignature of this workstation's own log
// matches its ledger (a later one means this ledger was rolled back). Returns what to apply; throws
// BundleRefusedError naming the first fault. It writes nothing. Entry signatures are checked in batches
// (on worker threads for large bundles), but the fault reported is still the first one in entry order.
import type { Role } from '../../../shared/domain';
import type { Vault } from '../identity';
import {
  inThreadChecker,
  leafHash,
  MerkleLog,
  openCheckpoint,
  parallelChecker,
  parseEntry,
  parseVerifierKey,
  signedBytes,
  SubtreeCache,
  unpackPeaks,
  verifyConsistency,
  verifyNote,
  type Checkpoint,
  type LedgerEntry,
  type NoteVerifier,
  type SignatureChecker,
  type SignatureJob,
} from '../ledger';
import { readCard, type Card } from './card';
import { verifyCosignature } from './cosignature';
import { witnessName } from './keys';
import { BundleRefusedError, type BagContents, type BagSection } from './read-bag';
import { replicaHead, replicaLeafHashes, rosterRows, type RosterRow } from './store';

export interface NewEntry {
  seq: number;
  leaf: Buffer;
  leafHash: Buffer;
  entry: LedgerEntry;
}

export interface VerifiedSection {
  origin: string;
  checkpoint: Checkpoint;
  note: string;
  /** Entries this vault does not hold yet, in order. */
  added: NewEntry[];
  /** The replica's peaks after adding them (null when nothing is added). */
  peaks: Uint8Array[] | null;
}

export interface RosterChange {
  kind: 'add' | 'remove';
  workstation: string;
  card?: Card;
  role?: Role;
  by: string;
}

export interface CheckedBundle {
  bag: BagContents;
  senderCard: Card;
  sections: VerifiedSection[];
  /** Origins whose entries came but are not on this roster (not taken). */
  skipped: string[];
  rosterChanges: RosterChange[];
  /** Cosignatures of this workstation's own log by the sender, verified against it. */
  ownCosignatures: Array<{ size: number; note: string }>;
}

function refuse(message: string): never {
  throw new BundleRefusedError(`The bundle is refused: ${message}`);
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

function openSigned(note: string, verifier: NoteVerifier, what: string): Checkpoint {
  try {
    return openCheckpoint(note, verifier);
  } catch (error) {
    refuse(`the checkpoint of ${what} does not verify: ${(error as Error).message}`);
  }
}

interface Member {
  row: RosterRow;
  card: Card;
}

/** The newer of the card held and a card in the bundle with the same fingerprint. */
function freshest(held: Card, offered: Card | undefined): Card {
  if (!offered || offered.fingerprint !== held.fingerprint) return held;
  return offered.content.issued > held.content.issued ? offered : held;
}

function checkOwnSection(vault: Vault, { section, leaves }: BagSection): void {
  const checkpoint = openSigned(section.checkpoint, vault.ledger.checkpointVerifier(), 'this workstation');
  const size = vault.ledger.size;
  if (checkpoint.size > size) {
    refuse(
      `it carries checkpoint ${checkpoint.size} of this workstation's own ledger, which holds only ${size} entries: this ledger was rolled back to an older copy.`,
    );
  }
  if (
    checkpoint.size > 0 &&
    !same(vault.ledger.subtrees().subtreeHash(0, checkpoint.size), checkpoint.rootHash)
  ) {
    refuse(
      `its checkpoint ${checkpoint.size} of this workstation's own ledger has another root: this ledger was forked.`,
    );
  }
  const held = vault.ledger.leafHashes(section.start, section.end);
  leaves.forEach((leaf, i) => {
    if (!same(leafHash(leaf), held[i] ?? Buffer.alloc(0))) {
      refuse(`entry ${section.start + i} of this workstation's own ledger differs from the one it holds.`);
    }
  });
}

/** Below this many entries in a bundle, worker threads cost more than they save. */
const parallelFrom = 4096;
/** Signatures go to the checker in batches of this many. */
const signatureBatch = 2048;
/** Entries checked between two turns of the event loop (each costs microseconds). */
const yieldEvery = 256;

/** The raw Ed25519 public keys of the keys a card lists, by name. */
function keysOf(card: Card): Map<string, Uint8Array> {
  return new Map(
    card.content.keys.map((k) => [
      k.name,
      Uint8Array.from(
        parseVerifierKey(k.verifierKey).publicKey.export({ format: 'der', type: 'spki' }).subarray(12),
      ),
    ]),
  );
}

/**
 * Signature jobs in entry order, handed to the checker a batch at a time as soon as a batch is full, so
 * the workers verify while the entries after it are still being parsed.
 */
class SignatureBatches {
  readonly #started: Array<Promise<number>> = [];
  #batch: SignatureJob[] = [];

  constructor(private readonly checker: SignatureChecker) {}

  add(job: SignatureJob): void {
    this.#batch.push(job);
    if (this.#batch.length === signatureBatch) this.#start();
  }

  #start(): void {
    const checked = this.checker.check(this.#batch);
    // A worker's failure is thrown by firstBad(), not left unhandled while the entries are still parsed.
    checked.catch(() => undefined);
    this.#started.push(checked);
    this.#batch = [];
  }

  /** Index of the first job whose signature does not verify, or -1. */
  async firstBad(): Promise<number> {
    if (this.#batch.length > 0) this.#start();
    const bad = await Promise.all(this.#started);
    const batch = bad.findIndex((b) => b >= 0);
    return batch < 0 ? -1 : batch * signatureBatch + (bad[batch] as number);
  }
}

async function checkPeerSection(
  vault: Vault,
  { section, leaves }: BagSection,
  card: Card,
  signatures: SignatureChecker,
): Promise<VerifiedSection> {
  const { origin, start, end } = section;
  const checkpoint = openSigned(section.checkpoint, card.checkpointVerifier, origin);
  if (checkpoint.size !== end)
    refuse(`the checkpoint of ${origin} covers ${checkpoint.size} entries, not ${end}.`);
  const head = replicaHead(vault.db, origin);
  const held = head?.size ?? 0;
  if (start > held) {
    refuse(
      `its entries of ${origin} start at ${start}, but this workstation holds only ${held}: ask for a full bundle (--all).`,
    );
  }
  const stored = new SubtreeCache((s, e) => replicaLeafHashes(vault.db, origin, s, e));
  const keys = keysOf(card);
  let prev =
    start === 0
      ? '0'.repeat(64)
      : (replicaLeafHashes(vault.db, origin, start - 1, start)[0]?.toString('hex') ?? '');
  const heldHashes = replicaLeafHashes(vault.db, origin, start, Math.min(end, held));
  const added: NewEntry[] = [];
  // One signature job per entry, in order, up to and including the entry whose signature the first fault
  // comes after: a bad signature before that fault is the one reported.
  const jobs = new SignatureBatches(signatures);
  let fault: string | null = null;
  for (let i = 0; i < leaves.length; i++) {
    // Now and then the event loop runs, so what the importer prepares beside the checks moves on too.
    if (i > 0 && i % yieldEvery === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const leaf = leaves[i] as Uint8Array;
    const seq = start + i;
    let entry: LedgerEntry;
    try {
      entry = parseEntry(leaf);
    } catch (error) {
      fault = `entry ${seq} of ${origin} ${(error as Error).message}.`;
      break;
    }
    if (entry.origin !== origin || entry.seq !== seq) {
      fault = `entry ${seq} of ${origin} says it is entry ${entry.seq} of ${entry.origin}: the entries were re-ordered or mixed.`;
      break;
    }
    if (entry.prev !== prev) {
      fault = `entry ${seq} of ${origin} does not chain to the entry before it.`;
      break;
    }
    const publicKey = keys.get(entry.key);
    if (!publicKey) {
      fault = `entry ${seq} of ${origin} is signed by key ${entry.key}, which its card does not list.`;
      break;
    }
    jobs.add({ message: signedBytes(leaf, entry), signature: Buffer.from(entry.sig, 'base64'), publicKey });
    const hash = Buffer.from(leafHash(leaf));
    prev = hash.toString('hex');
    if (seq < held) {
      if (!same(hash, heldHashes[i] ?? Buffer.alloc(0))) {
        fault = `entry ${seq} of ${origin} differs from the one held: its ledger was forked.`;
        break;
      }
    } else {
      added.push({ seq, leaf: Buffer.from(leaf), leafHash: hash, entry });
    }
  }
  const bad = await jobs.firstBad();
  if (bad >= 0) refuse(`the signature of entry ${start + bad} of ${origin} does not verify.`);
  if (fault !== null) refuse(fault);
  let peaks: Uint8Array[] | null = null;
  if (end <= held) {
    if (end > 0 && !same(stored.subtreeHash(0, end), checkpoint.rootHash)) {
      refuse(
        `the checkpoint ${end} of ${origin} disagrees with the later one held here (${held}): its ledger was rolled back or forked.`,
      );
    }
  } else {
    const log = head ? MerkleLog.resume(head.size, unpackPeaks(head.peaks)) : new MerkleLog();
    for (const entry of added) log.append(entry.leafHash);
    if (!same(log.root(), checkpoint.rootHash))
      refuse(`the entries of ${origin} do not hash to the root of its signed checkpoint ${end}.`);
    peaks = log.peaks();
  }
  if (start > 0 && start < end) {
    try {
      verifyConsistency(
        start,
        end,
        section.consistency.map((h) => Buffer.from(h, 'hex')),
        stored.subtreeHash(0, start),
        checkpoint.rootHash,
      );
    } catch (error) {
      refuse(
        `checkpoint ${end} of ${origin} is not consistent with what is held here: ${(error as Error).message}`,
      );
    }
  }
  return { origin, checkpoint, note: section.checkpoint, added, peaks };
}

/** Roster changes a peer's admin made, taken only from peers this roster lets act as admins. */
function rosterChangesIn(section: VerifiedSection, member: Member): RosterChange[] {
  if (member.row.role !== 'admin') return [];
  const admins = new Set(member.card.content.users.filter((u) => u.role === 'admin').map((u) => u.id));
  const changes: RosterChange[] = [];
  for (const { entry } of section.added) {
    if (!admins.has(entry.actor)) continue;
    const workstation = typeof entry.details.workstation === 'string' ? entry.details.workstation : null;
    if (!workstation) continue;
    if (entry.action === 'roster.remove') changes.push({ kind: 'remove', workstation, by: section.origin });
    if (entry.action === 'roster.add' && typeof entry.details.card === 'string') {
      try {
        const card = readCard(entry.details.card);
        const role = entry.details.role as Role;
        changes.push({ kind: 'add', workstation: card.content.workstation, card, role, by: section.origin });
      } catch {
        continue;
      }
    }
  }
  return changes;
}

/**
 * `signed` is called once the bag is known to come, whole, from a current roster member (its signature
 * verifies with that member's card), before its entries are checked: what the caller may then prepare
 * beside the rest of the checks must still write nothing outside staging/.
 */
export async function checkBundle(
  vault: Vault,
  bag: BagContents,
  signed: () => void = () => undefined,
): Promise<CheckedBundle> {
  const entries = bag.sections.reduce((sum, part) => sum + part.leaves.length, 0);
  const signatures = entries >= parallelFrom ? parallelChecker() : inThreadChecker();
  try {
    return await checkWith(vault, bag, signatures, signed);
  } finally {
    await signatures.close();
  }
}

async function checkWith(
  vault: Vault,
  bag: BagContents,
  signatures: SignatureChecker,
  signed: () => void,
): Promise<CheckedBundle> {
  const { manifest } = bag;
  const me = vault.workstationId;
  if (!manifest.recipients.includes(me)) {
    refuse(`it is addressed to ${manifest.recipients.join(', ')}, not to this workstation (${me}).`);
  }
  if (manifest.sender.workstation === me) refuse('it was written by this workstation.');
  const rows = new Map(rosterRows(vault.db).map((r) => [r.origin, r]));
  const senderRow = rows.get(manifest.sender.origin);
  if (!senderRow || senderRow.workstation !== manifest.sender.workstation) {
    refuse(`its sender ${manifest.sender.workstation} is not on this workstation's roster.`);
  }
  if (senderRow.removedAt !== null) {
    refuse(
      `its sender ${manifest.sender.workstation} was removed from the roster on ${senderRow.removedAt}.`,
    );
  }
  const offered = new Map<string, Card>();
  for (const text of bag.roster) {
    try {
      const card = readCard(text);
      offered.set(card.content.origin, card);
    } catch (error) {
      refuse(`a card in roster.json does not verify: ${(error as Error).message}`);
    }
  }
  const senderCard = freshest(readCard(senderRow.card), offered.get(senderRow.origin));
  if (offered.get(senderRow.origin)?.fingerprint !== senderRow.fingerprint) {
    refuse(
      `the sender's card in the bundle does not have the fingerprint on this roster (${senderRow.fingerprint}).`,
    );
  }
  try {
    const { text } = verifyNote(bag.signature, [senderCard.checkpointVerifier]);
    if (text !== bag.tagManifest) refuse('its signature covers another tag manifest.');
  } catch (error) {
    if (error instanceof BundleRefusedError) throw error;
    refuse(
      `its signature does not verify with the key of ${manifest.sender.workstation}: ${(error as Error).message}`,
    );
  }
  if (!bag.sections.some((s) => s.section.origin === manifest.sender.origin)) {
    refuse("it carries no checkpoint of its sender's own ledger.");
  }
  signed();

  const members = new Map<string, Member>();
  for (const row of rows.values()) {
    if (row.removedAt === null)
      members.set(row.origin, { row, card: freshest(readCard(row.card), offered.get(row.origin)) });
  }
  const removed = new Set([...rows.values()].filter((r) => r.removedAt !== null).map((r) => r.origin));
  const sections: VerifiedSection[] = [];
  const rosterChanges: RosterChange[] = [];
  let pending = [...bag.sections].sort(
    (a, b) =>
      Number(b.section.origin === manifest.sender.origin) -
      Number(a.section.origin === manifest.sender.origin),
  );
  for (let progress = true; progress && pending.length > 0;) {
    progress = false;
    const waiting: BagSection[] = [];
    for (const part of pending) {
      const origin = part.section.origin;
      if (origin === vault.ledger.origin) {
        checkOwnSection(vault, part);
        progress = true;
        continue;
      }
      const member = members.get(origin);
      if (!member) {
        waiting.push(part);
        continue;
      }
      const verified = await checkPeerSection(vault, part, member.card, signatures);
      sections.push(verified);
      for (const change of rosterChangesIn(verified, member)) {
        rosterChanges.push(change);
        if (change.kind === 'add' && change.card && change.role && !removed.has(change.card.content.origin)) {
          const origin = change.card.content.origin;
          if (!members.has(origin) && origin !== vault.ledger.origin) {
            const row = {
              ...senderRow,
              workstation: change.workstation,
              origin,
              role: change.role,
              removedAt: null,
            };
            members.set(origin, { row, card: freshest(change.card, offered.get(origin)) });
          }
        }
      }
      progress = true;
    }
    pending = waiting;
  }

  const ownCosignatures: CheckedBundle['ownCosignatures'] = [];
  for (const note of bag.cosignatures) {
    let cosigned;
    try {
      cosigned = verifyCosignature(note, witnessName(manifest.sender.workstation), senderCard.witnessKey);
    } catch (error) {
      refuse(`a cosignature by ${manifest.sender.workstation} does not verify: ${(error as Error).message}`);
    }
    if (cosigned.checkpoint.origin !== vault.ledger.origin) continue;
    openSigned(note, vault.ledger.checkpointVerifier(), 'this workstation (cosigned)');
    const { size, rootHash } = cosigned.checkpoint;
    if (size > vault.ledger.size) {
      refuse(
        `${manifest.sender.workstation} witnessed checkpoint ${size} of this workstation's ledger, which holds only ${vault.ledger.size} entries: this ledger was rolled back to an older copy.`,
      );
    }
    if (size > 0 && !same(vault.ledger.subtrees().subtreeHash(0, size), rootHash)) {
      refuse(
        `${manifest.sender.workstation} witnessed another root at checkpoint ${size} of this workstation's ledger: it was forked.`,
      );
    }
    ownCosignatures.push({ size, note });
  }
  return {
    bag,
    senderCard,
    sections,
    skipped: pending.map((p) => p.section.origin),
    rosterChanges,
    ownCosignatures,
  };
}
