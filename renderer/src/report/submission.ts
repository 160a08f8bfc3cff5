// Submitting a case's report to NCMEC: where reports go (the vault's NCMEC settings), each case's
// submission as the core last answered it, the outbox, and the submission in flight. While `cases.submit`
// runs (it answers only when the report is finished or stopped), and while the background outbox sends a
// waiting report, the core pushes each saved step as a `submission.progress` event, shown as it happens.
import { create } from 'zustand';
import type { SubmissionView } from '../../../shared/cases';
import type { RequestOf, ResponseOf } from '../../../shared/contract';
import { call, onEvent } from '../api';
import { errorMessage } from '../components/ErrorBanner';
import { useCases } from './store';

export type NcmecSettings = NonNullable<ResponseOf<'ncmec.settings'>['settings']>;
export type NcmecEnvironment = NcmecSettings['environment'];
export type NcmecConfiguration = RequestOf<'ncmec.configure'>;
export type OutboxEntry = ResponseOf<'outbox.list'>['submissions'][number];

export const environmentLabels: Record<NcmecEnvironment, string> = {
  test: 'Test service',
  local: 'Local stand-in',
  production: 'Production',
};

interface SubmissionState {
  /** null: not configured yet (or not loaded: see settingsLoaded). */
  settings: NcmecSettings | null;
  settingsLoaded: boolean;
  settingsError: string | null;
  /** Each case's submission as last read; null when it has none, absent when not read yet. */
  byCase: Record<string, SubmissionView | null>;
  /** The case whose `cases.submit` call is in flight. */
  inFlight: string | null;
  /** Why the last submit call failed (not a stopped state: the call itself), by case. */
  failures: Record<string, string>;
  outbox: OutboxEntry[];
  outboxFetchedAt: number;

  start(): void;
  stop(): void;
  loadSettings(): Promise<void>;
  configure(configuration: NcmecConfiguration): Promise<void>;
  load(caseId: string): Promise<void>;
  loadOutbox(): Promise<void>;
  submit(caseId: string): Promise<void>;
}

export const useSubmission = create<SubmissionState>((set, get) => {
  let generation = 0;
  let stopListening: () => void = () => undefined;

  /** Shows each step the core saved, for the submission in flight and for the background outbox alike. */
  const follow = () => {
    stopListening();
    const at = generation;
    stopListening = onEvent('submission.progress', (submission) => {
      if (at !== generation) return;
      set((s) => ({
        byCase: { ...s.byCase, [submission.caseId]: submission },
        outbox: s.outbox.map((entry) =>
          entry.caseId === submission.caseId ? { ...entry, ...submission } : entry,
        ),
      }));
      if (submission.state === 'finished' && get().inFlight !== submission.caseId) {
        void get().loadOutbox();
        void useCases.getState().loadList();
      }
    });
  };

  return {
    settings: null,
    settingsLoaded: false,
    settingsError: null,
    byCase: {},
    inFlight: null,
    failures: {},
    outbox: [],
    outboxFetchedAt: 0,

    start() {
      generation++;
      set({ settings: null, settingsLoaded: false, byCase: {}, inFlight: null, failures: {}, outbox: [] });
      follow();
      void get().loadSettings();
      void get().loadOutbox();
    },

    stop() {
      generation++;
      stopListening();
      stopListening = () => undefined;
      set({ settings: null, settingsLoaded: false, byCase: {}, inFlight: null, failures: {}, outbox: [] });
    },

    async loadSettings() {
      const at = generation;
      try {
        const { settings } = await call('ncmec.settings', {});
        if (at === generation) set({ settings, settingsLoaded: true, settingsError: null });
      } catch (error) {
        if (at === generation)
          set({
            settingsLoaded: true,
            settingsError: `The NCMEC settings could not be read: ${errorMessage(error)}`,
          });
      }
    },

    async configure(configuration) {
      const settings = await call('ncmec.configure', configuration);
      set({ settings, settingsLoaded: true, settingsError: null });
    },

    async load(caseId) {
      const at = generation;
      try {
        const { submission } = await call('cases.submission', { id: caseId });
        // The answer of the submit call itself wins over a read that started before it.
        if (at === generation && get().inFlight !== caseId)
          set((s) => ({ byCase: { ...s.byCase, [caseId]: submission } }));
      } catch {
        // Shown as not read yet; the builder still works.
      }
    },

    async loadOutbox() {
      const at = generation;
      try {
        const { submissions } = await call('outbox.list', {});
        if (at === generation) set({ outbox: submissions, outboxFetchedAt: Date.now() });
      } catch {
        // The outbox is a reminder; the cases list shows the clocks too.
      }
    },

    async submit(caseId) {
      if (get().inFlight) return;
      const at = generation;
      const { [caseId]: _cleared, ...failures } = get().failures;
      set({ inFlight: caseId, failures });
      try {
        const submission = await call('cases.submit', { id: caseId });
        if (at === generation) set((s) => ({ byCase: { ...s.byCase, [caseId]: submission } }));
      } catch (error) {
        if (at === generation) {
          set((s) => ({ failures: { ...s.failures, [caseId]: errorMessage(error) } }));
          void get().load(caseId);
        }
      } finally {
        if (at === generation) set({ inFlight: null });
      }
      if (at === generation) {
        void get().loadOutbox();
        void useCases.getState().loadList();
      }
    },
  };
});

const fileSteps: Record<SubmissionView['files'][number]['state'], string> = {
  pending: 'waiting',
  uploading: 'uploading',
  uploaded: 'uploaded',
  described: 'uploaded and described',
};

/** One line for the submission's current step, as the status announcement reads it. */
export function progressLine(submission: SubmissionView | null | undefined, inFlight: boolean): string {
  if (!submission) return inFlight ? 'Submitting to NCMEC…' : '';
  const files = submission.files;
  const done = files.filter((f) => f.state === 'described').length;
  switch (submission.state) {
    case 'ready':
      return inFlight
        ? 'Preparing the report for NCMEC…'
        : 'Waiting in the outbox: it will resume when NCMEC answers.';
    case 'submitting':
      return 'Sending the report to NCMEC…';
    case 'opened': {
      const current = files.find((f) => f.state !== 'described');
      const step = current
        ? `file ${current.position + 1} of ${files.length} (${current.fileName}) ${fileSteps[current.state]}`
        : 'finishing';
      return `Opened as CyberTipline report ${submission.reportId ?? '?'}: ${done} of ${files.length} files sent; ${step}…`;
    }
    case 'finished':
      return `Reported as CyberTipline report ${submission.reportId ?? '?'}, with ${files.length} file${files.length === 1 ? '' : 's'}.`;
    case 'retracted':
      return `CyberTipline report ${submission.reportId ?? '?'} was retracted.`;
    case 'ambiguous':
      return 'Stopped: NCMEC may or may not have received the report.';
    case 'expired':
      return `Stopped: the unfinished report ${submission.reportId ?? ''} expired at NCMEC.`;
    case 'failed':
      return 'Stopped: NCMEC refused the submission.';
  }
}

/** What a person does about a stopped or waiting submission. */
export function whatToDo(submission: SubmissionView): string | null {
  switch (submission.state) {
    case 'ambiguous':
      return `The report was sent but its answer was lost (NCMEC did not answer, or Custody stopped while it waited), so NCMEC may or may not have opened it. It is never sent again blindly, since that would open a second report: ask NCMEC, then record what they say with \`custody report resolve --vault VAULT --case ${submission.caseId} --report-id N --reason TEXT\` (it then finishes report N) or \`… --abandon --reason TEXT\` (the case can then be submitted anew).`;
    case 'expired':
      return 'NCMEC drops an unfinished report 24 hours after opening it, or 1 hour after its last change, so there is nothing to retract. Submit the case again (Ctrl+Enter): a new report is opened.';
    case 'failed':
      return `NCMEC’s answer is above. Credentials and validation problems are never retried: fix the NCMEC settings (N) or the report, then submit the case again (Ctrl+Enter): a new report is opened.${submission.reportId === null ? '' : ` NCMEC holds the unfinished report ${submission.reportId} until it expires: retract it with \`custody report retract --vault VAULT --case ${submission.caseId}\`.`}`;
    case 'ready':
      return submission.error
        ? 'It is in the outbox and resumes where it stopped: Submit to NCMEC runs it again now; nothing is sent twice.'
        : null;
    default:
      return null;
  }
}
