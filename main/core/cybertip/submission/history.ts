// Reports sent, for the supervisors' dashboard: when each finished submission finished, and its case.
// Reads only cybertip's submissions table; counting and plotting is the caller's.
import type { Vault } from '../../identity';

export interface FinishedReport {
  caseId: string;
  finishedAt: string;
}

/** Every finished submission since `since` (ISO), oldest first. */
export function finishedReports(vault: Vault, since: string): FinishedReport[] {
  return (
    vault.db
      .prepare(
        `SELECT case_id, finished_at FROM submissions
         WHERE state = 'finished' AND finished_at >= ? ORDER BY finished_at`,
      )
      .all(since) as Array<{ case_id: string; finished_at: string }>
  ).map((r) => ({ caseId: r.case_id, finishedAt: r.finished_at }));
}
