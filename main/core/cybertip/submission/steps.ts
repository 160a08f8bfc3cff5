// One function per step of a submission, each taking it where it stands and leaving it at its next state,
// saved with a signed ledger entry before and after every call to NCMEC: openReport (ready or submitting ->
// opened), then uploadFiles, describeFiles and finishReport (opened -> finished). It never opens a second
// report when one may exist: a /submit whose answer was lost (an ambiguous answer, or a crash while it was
// in flight) is never sent again but left for a person, as NCMEC asks ("never retry POST /submit blindly").
// Uploads may be repeated (NCMEC allows it); one repeated after an interruption is recorded as such.
import type { FileDetails } from '../../../../shared/cybertip';
import { CustodyError } from '../../errors';
import { markCaseReported } from '../../review';
import { readBlobFully } from '../../vault';
import type { Vault } from '../../identity';
import type { CyberTipClient } from '../api/client';
import { NcmecAmbiguousError, NcmecApiError } from '../api/errors';
import { withRetry, type RetryOptions } from '../api/retry';
import { fileDetailsToXml } from '../file-details-xml';
import { storeReceipt } from './receipt';
import {
  loadSubmission,
  loadSubmissionFiles,
  saveFileStep,
  saveStep,
  callRecord,
  type FileStepFields,
  type StepFields,
  type SubmissionState,
} from './store';

/** The submission stopped and needs a person: an ambiguous submit, an expired report, a refusal. */
export class SubmissionStoppedError extends CustodyError {
  constructor(
    message: string,
    readonly state: SubmissionState,
  ) {
    super('STOPPED', message);
  }
}

/** NCMEC could not be reached; the submission waits in the outbox and resumes with the next run. */
export class SubmissionWaitingError extends CustodyError {
  constructor(message: string) {
    super('REMOTE_UNAVAILABLE', message);
  }
}

/** What every step works with: the submission, the client, the clock, and who hears of each saved step. */
export interface StepContext {
  vault: Vault;
  id: string;
  /** The run that owns the submission (./run): every step is saved only while it still does. */
  owner: string;
  client: CyberTipClient;
  now: () => number;
  retry: RetryOptions | undefined;
  /** Called after every saved step. */
  progress: () => void;
}

/** A step: does its calls, saving as it goes, and answers the state the submission is left in. */
export type Step = (context: StepContext) => Promise<SubmissionState>;

function save(
  context: StepContext,
  fields: StepFields,
  entry: Record<string, unknown>,
  alongside?: () => void,
  from?: SubmissionState,
) {
  saveStep(context.vault, context.id, fields, entry, alongside, {
    owner: context.owner,
    ...(from ? { from } : {}),
  });
  context.progress();
}

function saveFile(
  context: StepContext,
  position: number,
  file: FileStepFields,
  fields: StepFields,
  entry: Record<string, unknown>,
) {
  saveFileStep(context.vault, context.id, position, file, fields, entry, { owner: context.owner });
  context.progress();
}

function isoNow(context: StepContext): string {
  return new Date(context.now()).toISOString();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Stops the submission for a person: the state and the reason are saved, then thrown. */
export function stop(
  context: StepContext,
  state: 'ambiguous' | 'expired' | 'failed',
  message: string,
  entry: Record<string, unknown>,
): never {
  save(context, { state, error: message }, { step: state, ...entry });
  throw new SubmissionStoppedError(message, state);
}

/** NCMEC could not be reached: the submission keeps its place in the outbox, and says so. */
function wait(context: StepContext, error: unknown): never {
  const reason = messageOf(error);
  save(context, { error: reason }, { step: 'waiting', reason });
  throw new SubmissionWaitingError(
    `NCMEC could not be reached (${reason}). The report waits in the outbox and resumes where it stopped, ` +
      'by itself while Custody stays unlocked or when it is submitted again; nothing is sent twice.',
  );
}

/** How a step of an opened report ends when a call failed: waiting, expired, or failed. */
export function stopAfterFailedCall(context: StepContext, error: unknown): never {
  if (error instanceof SubmissionStoppedError) throw error;
  const { report_id: reportId, case_id: caseId } = loadSubmission(context.vault, context.id);
  if (error instanceof NcmecApiError && error.responseCode === 5001) {
    stop(
      context,
      'expired',
      `NCMEC no longer knows report ${reportId} (it expired). Submit the case again.`,
      {
        reportId,
      },
    );
  }
  if (error instanceof NcmecApiError && error.retryable) wait(context, error);
  stop(
    context,
    'failed',
    `${messageOf(error)} NCMEC still holds the unfinished report ${reportId} until it expires: retract it ` +
      `(custody report retract --vault VAULT --case ${caseId}), or once the cause is fixed, continue it ` +
      `(custody report resolve --vault VAULT --case ${caseId} --report-id ${reportId} --reason TEXT).`,
    { reportId },
  );
}

/** Stops a submission whose /submit may have opened a report: only a person who asked NCMEC can tell. */
function stopAmbiguous(
  context: StepContext,
  caseId: string,
  attempts: number,
  cause: 'crash' | 'no-answer',
): never {
  const what =
    cause === 'crash'
      ? 'Custody stopped while NCMEC was being asked to open a report for this case'
      : 'NCMEC did not answer whether it opened a report for this case';
  return stop(
    context,
    'ambiguous',
    `${what}, so NCMEC may hold one. It was not sent again (that would open a second report); an ` +
      "unfinished report expires on NCMEC's side within 24 hours. Ask NCMEC whether it opened one, then " +
      `record the answer: custody report resolve --vault VAULT --case ${caseId} --report-id N ` +
      '--reason TEXT finishes that report; --abandon --reason TEXT instead lets the case be submitted anew.',
    { attempts, cause },
  );
}

/** ready or submitting: sends the report (`POST /submit`). Next: opened, or ambiguous. */
export const openReport: Step = async (context) => {
  const row = loadSubmission(context.vault, context.id);
  // "submitting" here means a crash while /submit was in flight: NCMEC may or may not have opened it.
  if (row.state === 'submitting') stopAmbiguous(context, row.case_id, row.submit_attempts, 'crash');
  const attempt = row.submit_attempts + 1;
  // The compare-and-set that makes /submit go out once: only from `ready`, only by the run owning it.
  save(
    context,
    { state: 'submitting', submit_attempts: attempt, last_change_at: row.last_change_at ?? isoNow(context) },
    { step: 'submitting', attempt },
    undefined,
    'ready',
  );
  try {
    const result = await context.client.submit(row.report_xml);
    const at = isoNow(context);
    save(
      context,
      { state: 'opened', report_id: result.reportId, opened_at: at, last_change_at: at, error: null },
      { step: 'opened', reportId: result.reportId, ...callRecord(result) },
    );
    return 'opened';
  } catch (error) {
    if (error instanceof NcmecAmbiguousError) {
      save(
        context,
        { error: error.message },
        { step: 'submit-ambiguous', attempt, requestId: error.requestId ?? null },
      );
      stopAmbiguous(context, row.case_id, attempt, 'no-answer');
    }
    if (error instanceof NcmecApiError && error.retryable) {
      save(
        context,
        { state: 'ready', submit_attempts: row.submit_attempts, last_change_at: row.last_change_at },
        { step: 'submit-not-sent' },
      );
      wait(context, error);
    }
    return stop(context, 'failed', messageOf(error), { endpoint: 'submit' });
  }
};

function openedReportId(context: StepContext): number {
  return loadSubmission(context.vault, context.id).report_id as number;
}

/** opened, files not sent yet: uploads each one (`POST /upload`) and checks NCMEC's MD5 against ours. */
export const uploadFiles: Step = async (context) => {
  const reportId = openedReportId(context);
  for (const file of loadSubmissionFiles(context.vault, context.id)) {
    if (file.state !== 'pending' && file.state !== 'uploading') continue;
    // A file found "uploading" was being sent when Custody stopped: NCMEC may hold that copy (it has no call
    // to list a report's files), so the upload is repeated and the ledger says NCMEC may hold two copies.
    const repeated = file.state === 'uploading';
    saveFile(
      context,
      file.position,
      { state: 'uploading' },
      {},
      {
        step: repeated ? 'upload-repeated' : 'uploading',
        position: file.position,
        item: file.item_id,
        ...(repeated
          ? { note: 'The previous upload was interrupted; NCMEC may hold an earlier, undescribed copy.' }
          : {}),
      },
    );
    const bytes = await readBlobFully(context.vault, file.original_blob);
    const uploaded = await withRetry(
      () => context.client.upload(reportId, file.file_name, bytes),
      context.retry,
    );
    const ncmecMd5 = uploaded.hash.toLowerCase();
    if (ncmecMd5 !== file.md5) {
      stop(
        context,
        'failed',
        `NCMEC's MD5 of ${file.file_name} (${uploaded.hash}) differs from ours (${file.md5}).`,
        { position: file.position },
      );
    }
    saveFile(
      context,
      file.position,
      { state: 'uploaded', file_id: uploaded.fileId, ncmec_md5: ncmecMd5 },
      { last_change_at: isoNow(context) },
      {
        step: 'uploaded',
        position: file.position,
        item: file.item_id,
        fileId: uploaded.fileId,
        md5: uploaded.hash,
        ...callRecord(uploaded),
      },
    );
  }
  return 'opened';
};

/** opened, files uploaded: describes each one (`POST /fileinfo`) under the fileId NCMEC gave it. */
export const describeFiles: Step = async (context) => {
  const reportId = openedReportId(context);
  for (const file of loadSubmissionFiles(context.vault, context.id)) {
    if (file.state !== 'uploaded') continue;
    const xml = fileDetailsToXml({
      ...(JSON.parse(file.details) as FileDetails),
      reportId,
      fileId: file.file_id as string,
    });
    const described = await withRetry(() => context.client.fileInfo(xml), context.retry);
    saveFile(
      context,
      file.position,
      { state: 'described', details_xml: xml },
      { last_change_at: isoNow(context) },
      { step: 'described', position: file.position, fileId: file.file_id, ...callRecord(described) },
    );
  }
  return 'opened';
};

/** opened, every file described: finishes the report (`POST /finish`), marks the case and signs the receipt. */
export const finishReport: Step = async (context) => {
  const reportId = openedReportId(context);
  const finished = await withRetry(() => context.client.finish(reportId), context.retry);
  const { case_id: caseId } = loadSubmission(context.vault, context.id);
  save(
    context,
    { state: 'finished', finished_at: isoNow(context), error: null },
    {
      step: 'finished',
      reportId,
      files: finished.outcome === 'finished' ? finished.files : null,
      alreadyFinished: finished.outcome === 'already-finished',
      ...callRecord(finished),
    },
    () => {
      markCaseReported(context.vault, caseId);
      storeReceipt(context.vault, context.id);
    },
  );
  return 'finished';
};
