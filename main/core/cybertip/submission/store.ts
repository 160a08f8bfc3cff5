// The submissions and their files as the vault keeps them: loading them, the status the renderer and the CLI
// see, and saving each step with its signed `report.submission` ledger entry in one transaction, so the row
// and the record never disagree. It decides nothing about what comes next (./steps and ./run do).
import { hostname } from 'node:os';
import type { SubmissionView } from '../../../../shared/cases';
import { CustodyError, NotFoundError } from '../../errors';
import type { Vault } from '../../identity';

export type SubmissionStatus = SubmissionView;
export type SubmissionState = SubmissionView['state'];
export type SubmissionFile = SubmissionView['files'][number];

/** NCMEC deletes an unfinished report 24 hours after opening, or 1 hour after its last change if later. */
const openReportLifetimeMs = 24 * 3600_000;
const idleReportLifetimeMs = 3600_000;

export interface SubmissionRow {
  id: string;
  case_id: string;
  endpoint: string;
  state: SubmissionState;
  report_id: number | null;
  report_xml: string;
  submit_attempts: number;
  opened_at: string | null;
  /** NCMEC's last change to the report; before it is opened, when its first /submit was sent. */
  last_change_at: string | null;
  finished_at: string | null;
  error: string | null;
  /** The run sending it now (a random id per run), its process and host, and until when its lease holds. */
  flight_owner: string | null;
  flight_pid: number | null;
  flight_host: string | null;
  flight_lease_until: string | null;
}

export interface SubmissionFileRow {
  position: number;
  item_id: string;
  original_blob: string;
  file_name: string;
  md5: string;
  /** The file's FileDetails as JSON, without the reportId and fileId NCMEC assigns. */
  details: string;
  state: SubmissionFile['state'];
  file_id: string | null;
  ncmec_md5: string | null;
  details_xml: string | null;
}

/** The columns a step may change. */
export type StepFields = Partial<
  Pick<
    SubmissionRow,
    'state' | 'report_id' | 'submit_attempts' | 'opened_at' | 'last_change_at' | 'finished_at' | 'error'
  >
>;
export type FileStepFields = Partial<
  Pick<SubmissionFileRow, 'state' | 'file_id' | 'ncmec_md5' | 'details_xml'>
>;

/** What the ledger keeps of one call to NCMEC: its Request-ID, when it started and how long it took. */
export interface CallRecord {
  requestId: string | null;
  at: string;
  ms: number;
}

/** The ledger's record of one call: NCMEC's Request-ID, when it started and how long it took. */
export function callRecord(result: {
  requestId: string | undefined;
  timings: { startedAt: string; totalMs: number };
}): CallRecord {
  return {
    requestId: result.requestId ?? null,
    at: result.timings.startedAt,
    ms: Math.round(result.timings.totalMs),
  };
}

export function loadSubmission(vault: Vault, id: string): SubmissionRow {
  const found = vault.db.prepare('SELECT * FROM submissions WHERE id = ?').get(id) as
    SubmissionRow | undefined;
  if (!found) throw new NotFoundError(`There is no submission ${id}.`);
  return found;
}

export function loadSubmissionFiles(vault: Vault, id: string): SubmissionFileRow[] {
  return vault.db
    .prepare('SELECT * FROM submission_files WHERE submission_id = ? ORDER BY position')
    .all(id) as SubmissionFileRow[];
}

/** When NCMEC will delete the opened report if it is not finished; null unless it is opened. */
export function expiresAt(row: SubmissionRow): string | null {
  if (row.state !== 'opened' || !row.opened_at || !row.last_change_at) return null;
  return new Date(
    Math.max(
      Date.parse(row.opened_at) + openReportLifetimeMs,
      Date.parse(row.last_change_at) + idleReportLifetimeMs,
    ),
  ).toISOString();
}

export function submissionStatus(vault: Vault, id: string): SubmissionStatus {
  const row = loadSubmission(vault, id);
  return {
    id: row.id,
    caseId: row.case_id,
    endpoint: row.endpoint,
    state: row.state,
    reportId: row.report_id,
    submitAttempts: row.submit_attempts,
    openedAt: row.opened_at,
    finishedAt: row.finished_at,
    expiresAt: expiresAt(row),
    error: row.error,
    files: loadSubmissionFiles(vault, id).map((f) => ({
      position: f.position,
      itemId: f.item_id,
      fileName: f.file_name,
      md5: f.md5,
      state: f.state,
      fileId: f.file_id,
      ncmecMd5: f.ncmec_md5,
    })),
  };
}

/** Ids of the submissions in one of `states`, oldest first. */
export function submissionIdsIn(vault: Vault, states: readonly SubmissionState[]): string[] {
  return vault.db
    .prepare(
      `SELECT id FROM submissions WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY created_at`,
    )
    .pluck()
    .all(...states) as string[];
}

/** The case's newest submission in one of `states` (any state when omitted). */
export function latestSubmissionId(
  vault: Vault,
  caseId: string,
  states?: readonly SubmissionState[],
): string | undefined {
  const filter = states ? `AND state IN (${states.map(() => '?').join(', ')})` : '';
  return vault.db
    .prepare(
      `SELECT id FROM submissions WHERE case_id = ? ${filter} ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    )
    .pluck()
    .get(caseId, ...(states ?? [])) as string | undefined;
}

export interface NewSubmissionFile {
  itemId: string;
  originalBlob: string;
  fileName: string;
  md5: string;
  details: string;
}

/** Every submission as its table holds it, for verify's check against the `report.submission` entries. */
export function submissionProjection(
  vault: Vault,
): Array<{ id: string; caseId: string; state: SubmissionState; reportId: number | null }> {
  return vault.db
    .prepare(
      'SELECT id, case_id AS caseId, state, report_id AS reportId FROM submissions ORDER BY created_at',
    )
    .all() as Array<{ id: string; caseId: string; state: SubmissionState; reportId: number | null }>;
}

/** Saves a new submission in state `ready` with its files pending, and records it. */
export function createSubmission(
  vault: Vault,
  submission: {
    id: string;
    caseId: string;
    endpoint: string;
    reportXml: string;
    draftHash: string;
    files: NewSubmissionFile[];
  },
): void {
  const { id, caseId, endpoint, reportXml, draftHash, files } = submission;
  vault.db.transaction(() => {
    vault.db
      .prepare(
        `INSERT INTO submissions (id, case_id, endpoint, state, report_xml, created_at, created_by) VALUES (?, ?, ?, 'ready', ?, ?, ?)`,
      )
      .run(id, caseId, endpoint, reportXml, new Date().toISOString(), vault.user.id);
    const insert = vault.db.prepare(
      `INSERT INTO submission_files (submission_id, position, item_id, original_blob, file_name, md5, details, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')`,
    );
    files.forEach((file, position) =>
      insert.run(id, position, file.itemId, file.originalBlob, file.fileName, file.md5, file.details),
    );
    vault.record('report.submission', [caseId, id], {
      step: 'created',
      endpoint,
      files: files.length,
      draft: draftHash,
    });
  })();
}

/** A submission another run is sending: in this process, or in another one sharing the vault. */
export class SubmissionBusyError extends CustodyError {
  constructor(caseId: string, holder: { pid: number | null; host: string | null }) {
    super(
      'VAULT_BUSY',
      `Case ${caseId}'s report is being sent by another process (pid ${holder.pid ?? '?'} on ` +
        `${holder.host ?? '?'}). Nothing was sent; wait until it stops, then look with custody report status.`,
    );
  }
}

/** The run that may save a step: its owner id, and the state the submission must be in (a compare-and-set). */
export interface StepGuard {
  owner: string;
  from?: SubmissionState;
}

/**
 * Saves one step of a submission and its ledger entry, together with whatever `alongside` writes (the
 * receipt, the case's status): all of it or none. With a guard, nothing is saved (SubmissionBusyError)
 * unless that run still owns the submission and it is still in the state the guard expects; without one
 * (a person's decision), nothing is saved while a live run, here or in another process, holds it.
 */
export function saveStep(
  vault: Vault,
  id: string,
  fields: StepFields,
  entry: Record<string, unknown>,
  alongside?: () => void,
  guard?: StepGuard,
): void {
  const names = Object.keys(fields) as Array<keyof StepFields>;
  vault.db
    .transaction(() => {
      const row = loadSubmission(vault, id);
      const refused = guard
        ? row.flight_owner !== guard.owner || (guard.from !== undefined && row.state !== guard.from)
        : !holderGone(row, Date.now());
      if (refused) {
        throw new SubmissionBusyError(row.case_id, { pid: row.flight_pid, host: row.flight_host });
      }
      if (names.length > 0) {
        const changed = vault.db
          .prepare(
            `UPDATE submissions SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ? AND state = ? AND flight_owner IS ?`,
          )
          .run(...names.map((n) => fields[n] ?? null), id, row.state, row.flight_owner).changes;
        if (changed !== 1) {
          throw new SubmissionBusyError(row.case_id, { pid: row.flight_pid, host: row.flight_host });
        }
      }
      vault.record('report.submission', [row.case_id, id], entry);
      alongside?.();
    })
    .immediate();
}

/** Who holds a submission's flight: the owner id, process, host and lease end as the row has them. */
export type FlightHolder = Pick<
  SubmissionRow,
  'flight_owner' | 'flight_pid' | 'flight_host' | 'flight_lease_until'
>;

/** The owner ids of the runs under way in this process. */
export const liveRuns = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the run holding a submission is gone: none holds it; or it was a run of this process that has
 * ended; or its process on this host no longer runs (a crash, kill -9); or its lease lapsed.
 */
export function holderGone(holder: FlightHolder, now: number): boolean {
  if (holder.flight_owner === null) return true;
  if (liveRuns.has(holder.flight_owner)) return false;
  if (holder.flight_host === hostname() && holder.flight_pid !== null) {
    if (holder.flight_pid === process.pid || !processAlive(holder.flight_pid)) return true;
  }
  return holder.flight_lease_until === null || Date.parse(holder.flight_lease_until) <= now;
}

/**
 * Makes `owner` the run sending the submission, if its holder is still `seen` (a compare-and-set on the
 * owner and its lease): true when this run now owns it, false when another run changed it meanwhile.
 */
export function claimFlight(
  vault: Vault,
  id: string,
  seen: FlightHolder,
  claim: { owner: string; pid: number; host: string; leaseUntil: string },
): boolean {
  return (
    vault.db
      .prepare(
        `UPDATE submissions SET flight_owner = ?, flight_pid = ?, flight_host = ?, flight_lease_until = ?
         WHERE id = ? AND flight_owner IS ? AND flight_lease_until IS ?`,
      )
      .run(
        claim.owner,
        claim.pid,
        claim.host,
        claim.leaseUntil,
        id,
        seen.flight_owner,
        seen.flight_lease_until,
      ).changes === 1
  );
}

/** Extends the owner's lease; false when the run no longer owns the submission. */
export function renewFlight(vault: Vault, id: string, owner: string, leaseUntil: string): boolean {
  return (
    vault.db
      .prepare('UPDATE submissions SET flight_lease_until = ? WHERE id = ? AND flight_owner = ?')
      .run(leaseUntil, id, owner).changes === 1
  );
}

/** Lets go of the submission, if `owner` still holds it. */
export function releaseFlight(vault: Vault, id: string, owner: string): void {
  vault.db
    .prepare(
      `UPDATE submissions SET flight_owner = NULL, flight_pid = NULL, flight_host = NULL, flight_lease_until = NULL
       WHERE id = ? AND flight_owner = ?`,
    )
    .run(id, owner);
}

/** Saves one file's step, the submission's fields and the ledger entry, together. */
export function saveFileStep(
  vault: Vault,
  id: string,
  position: number,
  file: FileStepFields,
  fields: StepFields,
  entry: Record<string, unknown>,
  guard?: StepGuard,
): void {
  saveStep(vault, id, fields, entry, () => markFile(vault, id, position, file), guard);
}

/** Changes one file's columns without a ledger entry (the step that follows records what happened). */
function markFile(vault: Vault, id: string, position: number, file: FileStepFields): void {
  const names = Object.keys(file) as Array<keyof FileStepFields>;
  if (names.length === 0) return;
  vault.db
    .prepare(
      `UPDATE submission_files SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE submission_id = ? AND position = ?`,
    )
    .run(...names.map((n) => file[n] ?? null), id, position);
}

export function saveReceipt(vault: Vault, id: string, receipt: string, signature: Uint8Array | null): void {
  vault.db
    .prepare('UPDATE submissions SET receipt = ?, receipt_signature = ? WHERE id = ?')
    .run(receipt, signature ? Buffer.from(signature) : null, id);
}

/** The finished submission's receipt and its signature (null when no signing identity was installed). */
export function submissionReceipt(
  vault: Vault,
  id: string,
): { receipt: string; signature: Buffer | null } | null {
  const found = vault.db
    .prepare('SELECT receipt, receipt_signature FROM submissions WHERE id = ?')
    .get(id) as { receipt: string | null; receipt_signature: Buffer | null } | undefined;
  return found?.receipt ? { receipt: found.receipt, signature: found.receipt_signature } : null;
}
