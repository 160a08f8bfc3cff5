// Group commit for ingest: items prepared by the files read at once are recorded together in one
// transaction, each in its own savepoint, so an item's rows, its ledger entry and its matches commit or roll
// back together and one item's failure never takes the others with it. Before that transaction, every blob
// the batch records is made durable (syncBlobs): a recorded blob is always on disk. It never reports an item
// before the transaction that records it has committed, and starts a batch at most maxWaitMs after its
// first item is ready (or as soon as the batch before it is done).
// A commit blocks the thread that runs it (its fsync included), so the wait grows with what the last one
// cost: the fewer the commits, the more time is left for reading, hashing and decoding.
import type { Vault } from '../identity';
import { syncBlobs } from '../vault';

export interface BatchLimits {
  /** Items being prepared at once (files being read and decoded); begin() waits for a place. */
  maxPreparing: number;
  /** Items recorded in one transaction at most. */
  maxItems: number;
  /** How long the first item of a batch waits for others: at least minWaitMs, at most maxWaitMs. */
  minWaitMs: number;
  maxWaitMs: number;
}

/** Times the last commit's cost a batch waits for, so commits take about a fifth of the time. */
const waitPerCommitCost = 4;

/** One item's place in the batch. */
export interface CommitTicket {
  /**
   * Records the item: `record` runs inside the batch's transaction, in its own savepoint, after the blobs
   * it records are durable. Resolves with what `record` returned once the transaction has committed.
   */
  commit<T>(blobIds: readonly string[], record: () => T): Promise<T>;
  /** The item will not be committed (it failed before); nothing happens if it was. */
  close(): void;
}

interface Queued {
  blobIds: readonly string[];
  record: () => unknown;
  settle: (outcome: { ok: true; value: unknown } | { ok: false; error: unknown }) => void;
}

/**
 * Collects items ready to be recorded. A batch commits when it is full, when its first item has waited
 * maxWaitMs, or as soon as no item is still being prepared (nothing more could join it).
 */
export class CommitBatch {
  #preparing = 0;
  /** begin() calls waiting for a place among the items being prepared. */
  readonly #entering: Array<() => void> = [];
  /** How long the last batch's transaction held the thread (its fsyncs before it do not). */
  #lastCommitMs = 0;
  #queued: Queued[] = [];
  #timer: NodeJS.Timeout | null = null;
  /** The batch being made durable and committed; batches commit one after another. */
  #flushing: Promise<void> | null = null;

  constructor(
    private readonly vault: Vault,
    private readonly limits: BatchLimits,
  ) {}

  /**
   * An item is being prepared, once there is a place for it: a batch waits for it (up to maxWaitMs)
   * before committing, until its ticket commits it or is closed.
   */
  async begin(): Promise<CommitTicket> {
    if (this.#preparing >= this.limits.maxPreparing)
      await new Promise<void>((enter) => this.#entering.push(enter));
    else this.#preparing++;
    let open = true;
    const leave = (): void => {
      if (!open) return;
      open = false;
      // A place freed goes to the next item waiting for one (which is then being prepared).
      const next = this.#entering.shift();
      if (next) next();
      else this.#preparing--;
    };
    return {
      commit: <T>(blobIds: readonly string[], record: () => T): Promise<T> => {
        if (!open) throw new Error('This ingest ticket was already committed or closed.');
        leave();
        const done = new Promise<T>((resolve, reject) => {
          this.#queued.push({
            blobIds,
            record,
            settle: (outcome) => (outcome.ok ? resolve(outcome.value as T) : reject(outcome.error)),
          });
        });
        this.#schedule();
        return done;
      },
      close: () => {
        if (!open) return;
        leave();
        this.#schedule();
      },
    };
  }

  #schedule(): void {
    if (this.#queued.length === 0 || this.#flushing) return;
    if (this.#preparing <= 0 || this.#queued.length >= this.limits.maxItems) {
      this.#startFlush();
      return;
    }
    const { minWaitMs, maxWaitMs } = this.limits;
    const wait = Math.min(maxWaitMs, Math.max(minWaitMs, waitPerCommitCost * this.#lastCommitMs));
    this.#timer ??= setTimeout(() => this.#startFlush(), wait);
  }

  #startFlush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#flushing || this.#queued.length === 0) return;
    const batch = this.#queued.splice(0, this.limits.maxItems);
    this.#flushing = this.#flush(batch).finally(() => {
      this.#flushing = null;
      this.#schedule();
    });
  }

  async #flush(batch: Queued[]): Promise<void> {
    try {
      await syncBlobs(
        this.vault.layout,
        batch.flatMap((item) => item.blobIds),
      );
    } catch (error) {
      for (const item of batch) item.settle({ ok: false, error });
      return;
    }
    const db = this.vault.db;
    const started = performance.now();
    let outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
    try {
      outcomes = db.transaction(() =>
        batch.map((item) => {
          try {
            return { ok: true as const, value: db.transaction(item.record)() };
          } catch (error) {
            return { ok: false as const, error };
          }
        }),
      )();
    } catch (error) {
      for (const item of batch) item.settle({ ok: false, error });
      return;
    }
    this.#lastCommitMs = performance.now() - started;
    batch.forEach((item, i) => item.settle(outcomes[i] as (typeof outcomes)[number]));
  }
}
