// The ingest or case import started from the app: its progress as the core pushes it (ingest.progress),
// the summary it answers (new, duplicates, failed with reasons) and cancelling it. One at a time, as the
// core allows; the files themselves never pass through the renderer, only their paths.
import { create } from 'zustand';
import type { IngestProgressView, IngestSummaryView } from '../../../shared/desk';
import { call, onEvent } from '../api';
import { errorMessage } from '../components/ErrorBanner';

interface IntakeState {
  running: 'ingest' | 'case' | null;
  progress: IngestProgressView | null;
  summary: IngestSummaryView | null;
  error: string | null;
  /** Starts listening to the core's progress; answers the stop. */
  listen(): () => void;
  ingest(paths: readonly string[]): Promise<void>;
  importCase(path: string): Promise<void>;
  cancel(): Promise<void>;
}

export const useIntake = create<IntakeState>((set, get) => {
  const run = async (kind: 'ingest' | 'case', work: () => Promise<IngestSummaryView>) => {
    if (get().running) return;
    set({ running: kind, progress: null, summary: null, error: null });
    try {
      set({ summary: await work() });
    } catch (error) {
      set({ error: errorMessage(error) });
    } finally {
      set({ running: null });
    }
  };
  return {
    running: null,
    progress: null,
    summary: null,
    error: null,
    listen() {
      return onEvent('ingest.progress', (progress) => set({ progress }));
    },
    ingest(paths) {
      return run('ingest', () => call('ingest.start', { paths: [...paths] }));
    },
    importCase(path) {
      return run('case', () => call('cases.import', { path }));
    },
    async cancel() {
      await call('ingest.cancel', {});
    },
  };
});
