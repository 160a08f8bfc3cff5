// The one ingest (or case import) the workstation runs at a time, started from the app: its progress as
// ingest.progress events, its cancellation, and a summary that survives a cancel (what landed stays
// landed: each item commits on its own). The work itself is media's verbs, which check the role.
import type { IngestOutcomeView, IngestProgressView, IngestSummaryView } from '../../shared/desk';
import { InvalidInputError } from './errors';
import type { Vault } from './identity';
import { importCase, ingestPaths, type IngestOptions, type IngestOutcome } from './media';

type Emit = (progress: IngestProgressView) => void;

function view(outcome: IngestOutcome): IngestOutcomeView {
  return outcome.kind === 'failed'
    ? { kind: 'failed', path: outcome.path, itemId: null, reason: outcome.reason }
    : { kind: outcome.kind, path: outcome.path, itemId: outcome.itemId, reason: null };
}

export class IngestJobs {
  #running: AbortController | null = null;

  /** Asks the job under way to stop; answers whether there was one. */
  cancel(): boolean {
    if (!this.#running) return false;
    this.#running.abort();
    return true;
  }

  ingest(vault: Vault, paths: readonly string[], emit: Emit): Promise<IngestSummaryView> {
    return this.#run(emit, async (options) => {
      await ingestPaths(vault, paths, options);
      return null;
    });
  }

  importCase(vault: Vault, caseFile: string, emit: Emit): Promise<IngestSummaryView> {
    return this.#run(emit, async (options) => (await importCase(vault, caseFile, options)).caseId);
  }

  async #run(
    emit: Emit,
    work: (options: IngestOptions) => Promise<string | null>,
  ): Promise<IngestSummaryView> {
    if (this.#running)
      throw new InvalidInputError('An ingest is already under way. Wait for it or cancel it.');
    const controller = new AbortController();
    this.#running = controller;
    const outcomes: IngestOutcomeView[] = [];
    let last: IngestProgressView = {
      filesDone: 0,
      filesTotal: 0,
      bytesDone: 0,
      bytesTotal: 0,
      currentPath: null,
      outcome: null,
    };
    const options: IngestOptions = {
      signal: controller.signal,
      onProgress: (p) => {
        last = { ...p, outcome: null };
        emit(last);
      },
      onOutcome: (outcome) => {
        const shown = view(outcome);
        outcomes.push(shown);
        emit({ ...last, outcome: shown });
      },
    };
    let caseId: string | null = null;
    try {
      caseId = await work(options);
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    } finally {
      this.#running = null;
    }
    return {
      ingested: outcomes.filter((o) => o.kind === 'ingested').length,
      duplicates: outcomes.filter((o) => o.kind === 'duplicate').length,
      failed: outcomes.filter((o) => o.kind === 'failed').length,
      cancelled: controller.signal.aborted,
      outcomes,
      caseId,
    };
  }
}
