// Group commit for ingest: items prepared by the files read at once are recorded together in one
// transaction, each in its own savepoint, so an item's rows, its ledger entry and its matches commit or roll
// back together and one item's failure never takes the others with it. Before that transaction, every blob
// the batch records is made durable (syncBlobs): a recorded blob is always on disk. It never reports an item
// before the transaction that records it has committed, and never holds an item longer than maxWaitMs.
import type { Vault } from '../identity';
import { syncBlobs } from '../vault';

export interface BatchLimits {
  /** Items recorded in one transaction at most. */
  maxItems: number;
  /** How long the first item of a batch waits for others before the batch commits anyway. */
  maxWaitMs: number;
}

export const defaultBatchLimits: BatchLimits = { maxItems: 64, maxWaitMs: 60 };

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
  #queued: Queued[] = [];
  #timer: NodeJS.Timeout | null = null;
  /** The batch being made durable and committed; batches commit one after another. */
  #flushing: Promise<void> | null = null;

  constructor(
    private readonly vault: Vault,
    private readonly limits: BatchLimits = defaultBatchLimits,
  ) {}

  /**
   * An item is being prepared: a batch waits for it (up to maxWaitMs) before committing, until its ticket
   * commits it or is closed.
   */
  begin(): CommitTicket {
    this.#preparing++;
    let open = true;
    const leave = (): void => {
      if (!open) return;
      open = false;
      this.#preparing--;
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
    this.#timer ??= setTimeout(() => this.#startFlush(), this.limits.maxWaitMs);
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
    batch.forEach((item, i) => item.settle(outcomes[i] as (typeof outcomes)[number]));
  }
}
