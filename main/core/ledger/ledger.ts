// The workstation's append-only ledger in the vault database: appends signed entries in the caller's
// transaction, keeps the RFC 6962 tree head (compact range) beside them, and signs checkpoints as C2SP
// signed notes. Appending never rewrites an entry; nothing here deletes one.
import type { LedgerAction } from '../../../shared/ledger';
import type { VaultDatabase } from '../vault';
import { signCheckpoint } from './checkpoint';
import { parseEntry, signEntry, zeroHash, type LedgerEntry } from './entry';
import { tick, type Hlc } from './hlc';
import { hashBytes, MerkleLog, SubtreeCache } from './merkle';
import { verifierOf, type NoteSigner, type NoteVerifier } from './note';

/** A checkpoint is signed automatically every this many entries (and at lock and export). */
export const checkpointEvery = 1000;

interface HeadRow {
  size: number;
  peaks: Buffer;
  last_leaf_hash: Buffer;
  hlc_wall: number;
  hlc_count: number;
  verified_size: number;
}

export interface LedgerActor {
  id: string;
  name: string;
  signer: NoteSigner;
}

export interface StoredCheckpoint {
  size: number;
  note: string;
  peaks: Uint8Array[];
  createdAt: string;
}

export function packPeaks(peaks: readonly Uint8Array[]): Buffer {
  return Buffer.concat(peaks.map((p) => Buffer.from(p)));
}

export function unpackPeaks(packed: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < packed.length; i += hashBytes)
    out.push(Uint8Array.from(packed.subarray(i, i + hashBytes)));
  return out;
}

/** Receives every checkpoint once it is committed (outside any transaction), newest only. */
export type CheckpointSink = (checkpoint: StoredCheckpoint) => void;

export class Ledger {
  readonly #statements;
  #anchor: { sink: CheckpointSink; size: number } | null = null;
  /** A checkpoint was stored since the sink last saw the latest one (perhaps inside a transaction). */
  #anchorPending = false;

  constructor(
    private readonly db: VaultDatabase,
    readonly origin: string,
    private readonly workstationSigner: NoteSigner,
    private readonly clock: () => number = Date.now,
  ) {
    this.#statements = {
      head: db.prepare('SELECT * FROM ledger_head WHERE id = 1'),
      insertEntry: db.prepare(
        'INSERT INTO ledger_entries (seq, leaf, leaf_hash, action, actor, time) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      insertSubject: db.prepare('INSERT OR IGNORE INTO ledger_subjects (subject, seq) VALUES (?, ?)'),
      updateHead: db.prepare(
        'UPDATE ledger_head SET size = ?, peaks = ?, last_leaf_hash = ?, hlc_wall = ?, hlc_count = ? WHERE id = 1',
      ),
    };
  }

  #head(): HeadRow {
    return this.#statements.head.get() as HeadRow;
  }

  get size(): number {
    return this.#head().size;
  }

  root(): Uint8Array {
    const head = this.#head();
    return MerkleLog.resume(head.size, unpackPeaks(head.peaks)).root();
  }

  /** Appends one signed entry. Runs in its own transaction, or inside the caller's (as a savepoint). */
  append(
    actor: LedgerActor,
    action: LedgerAction,
    subjects: readonly string[],
    details: Record<string, unknown>,
  ): LedgerEntry {
    const write = (): LedgerEntry => {
      const head = this.#head();
      const now = this.clock();
      const hlc: Hlc = tick({ wall: head.hlc_wall, count: head.hlc_count }, now);
      const { entry, bytes, leafHash } = signEntry(
        {
          origin: this.origin,
          seq: head.size,
          time: new Date(now).toISOString(),
          hlc,
          actor: { id: actor.id, name: actor.name },
          action,
          subjects,
          details,
          prev: head.size === 0 ? zeroHash : head.last_leaf_hash.toString('hex'),
        },
        actor.signer,
      );
      const log = MerkleLog.resume(head.size, unpackPeaks(head.peaks));
      log.append(leafHash);
      const s = this.#statements;
      s.insertEntry.run(entry.seq, Buffer.from(bytes), Buffer.from(leafHash), action, actor.id, entry.time);
      for (const subject of subjects) s.insertSubject.run(subject, entry.seq);
      s.updateHead.run(log.size, packPeaks(log.peaks()), Buffer.from(leafHash), hlc.wall, hlc.count);
      if (log.size % checkpointEvery === 0) this.#storeCheckpoint(log);
      return entry;
    };
    // Inside the caller's transaction the entry commits or rolls back with the change it records.
    if (this.db.inTransaction) return write();
    const entry = this.db.transaction(write)();
    this.#flushAnchor();
    return entry;
  }

  /** Signs a checkpoint at the current size unless the latest already covers it; returns the latest. */
  checkpoint(): StoredCheckpoint | null {
    const checkpoint = this.db.transaction(() => {
      const head = this.#head();
      const latest = this.latestCheckpoint();
      if (head.size === 0) return null;
      if (latest && latest.size === head.size) return latest;
      return this.#storeCheckpoint(MerkleLog.resume(head.size, unpackPeaks(head.peaks)));
    })();
    this.#flushAnchor();
    return checkpoint;
  }

  /**
   * From now on hands every committed checkpoint larger than `anchoredSize` to `sink`. A checkpoint
   * stored inside a transaction reaches it at the next append or checkpoint outside one, and only if
   * that transaction committed: a rolled-back checkpoint is never anchored.
   */
  anchorTo(sink: CheckpointSink, anchoredSize: number): void {
    this.#anchor = { sink, size: anchoredSize };
    this.#anchorPending = true;
    this.#flushAnchor();
  }

  #flushAnchor(): void {
    if (!this.#anchor || !this.#anchorPending || this.db.inTransaction) return;
    this.#anchorPending = false;
    const latest = this.latestCheckpoint();
    if (!latest || latest.size <= this.#anchor.size) return;
    this.#anchor.sink(latest);
    this.#anchor.size = latest.size;
  }

  /** The verifier of the workstation key that signs this ledger's checkpoints. */
  checkpointVerifier(): NoteVerifier {
    return verifierOf(this.workstationSigner);
  }

  /** The perfect-subtree roots of the whole tree (the stored head), largest first. */
  peaks(): Uint8Array[] {
    return unpackPeaks(this.#head().peaks);
  }

  /** Stored leaf hashes of entries [start, end). */
  leafHashes(start: number, end: number): Buffer[] {
    return this.db
      .prepare('SELECT leaf_hash FROM ledger_entries WHERE seq >= ? AND seq < ? ORDER BY seq')
      .pluck()
      .all(start, end) as Buffer[];
  }

  #storeCheckpoint(log: MerkleLog): StoredCheckpoint {
    const note = signCheckpoint(
      { origin: this.origin, size: log.size, rootHash: log.root() },
      this.workstationSigner,
    );
    const createdAt = new Date(this.clock()).toISOString();
    this.db
      .prepare('INSERT OR IGNORE INTO checkpoints (size, note, peaks, created_at) VALUES (?, ?, ?, ?)')
      .run(log.size, note, packPeaks(log.peaks()), createdAt);
    this.#anchorPending = true;
    return { size: log.size, note, peaks: log.peaks(), createdAt };
  }

  latestCheckpoint(): StoredCheckpoint | null {
    const row = this.db.prepare('SELECT * FROM checkpoints ORDER BY size DESC LIMIT 1').get() as
      CheckpointRow | undefined;
    return row ? toCheckpoint(row) : null;
  }

  /** The latest checkpoint covering at most `size` entries. */
  checkpointAtOrBelow(size: number): StoredCheckpoint | null {
    const row = this.db
      .prepare('SELECT * FROM checkpoints WHERE size <= ? ORDER BY size DESC LIMIT 1')
      .get(size) as CheckpointRow | undefined;
    return row ? toCheckpoint(row) : null;
  }

  /** The checkpoints covering more than `size` entries, oldest first. */
  checkpointsAbove(size: number): StoredCheckpoint[] {
    return (
      this.db.prepare('SELECT * FROM checkpoints WHERE size > ? ORDER BY size').all(size) as CheckpointRow[]
    ).map(toCheckpoint);
  }

  checkpoints(): StoredCheckpoint[] {
    return (this.db.prepare('SELECT * FROM checkpoints ORDER BY size').all() as CheckpointRow[]).map(
      toCheckpoint,
    );
  }

  /** Leaf bytes of entries [start, end). */
  leaves(start: number, end: number): Buffer[] {
    return (
      this.db
        .prepare('SELECT leaf FROM ledger_entries WHERE seq >= ? AND seq < ? ORDER BY seq')
        .all(start, end) as Array<{
        leaf: Buffer;
      }>
    ).map((r) => r.leaf);
  }

  /** Leaf bytes of every entry from `start` on, read as they are consumed. */
  *leavesFrom(start: number): Generator<Uint8Array> {
    const rows = this.db
      .prepare('SELECT leaf FROM ledger_entries WHERE seq >= ? ORDER BY seq')
      .pluck()
      .iterate(start);
    for (const leaf of rows) yield leaf as Buffer;
  }

  /** A subtree-hash source over the stored leaf hashes, for inclusion and consistency proofs. */
  subtrees(): SubtreeCache {
    const read = this.db
      .prepare('SELECT leaf_hash FROM ledger_entries WHERE seq >= ? AND seq < ? ORDER BY seq')
      .pluck();
    return new SubtreeCache((start, end) => read.all(start, end) as Buffer[]);
  }

  /** Sequence numbers of the entries about a subject (an item, a case, a user id), oldest first. */
  seqsForSubject(subject: string): number[] {
    return this.db
      .prepare('SELECT seq FROM ledger_subjects WHERE subject = ? ORDER BY seq')
      .pluck()
      .all(subject) as number[];
  }

  /**
   * The entries about a subject, parsed, oldest first: only those of `action` when it is given, and only
   * the latest `last` when that is given.
   */
  entriesFor(subject: string, action?: LedgerAction, last?: number): LedgerEntry[] {
    const leaves = this.db
      .prepare(
        `SELECT e.leaf FROM ledger_subjects s JOIN ledger_entries e ON e.seq = s.seq
         WHERE s.subject = ? AND (? IS NULL OR e.action = ?) ORDER BY s.seq DESC LIMIT ?`,
      )
      .pluck()
      .all(subject, action ?? null, action ?? null, last ?? -1) as Buffer[];
    return leaves.reverse().map((leaf) => parseEntry(leaf));
  }

  /** The size up to which the ledger was last fully verified (for incremental verification). */
  verifiedSize(): number {
    return this.#head().verified_size;
  }

  markVerified(size: number): void {
    this.db.prepare('UPDATE ledger_head SET verified_size = ? WHERE id = 1').run(size);
  }
}

interface CheckpointRow {
  size: number;
  note: string;
  peaks: Buffer;
  created_at: string;
}

function toCheckpoint(row: CheckpointRow): StoredCheckpoint {
  return { size: row.size, note: row.note, peaks: unpackPeaks(row.peaks), createdAt: row.created_at };
}
