// Submissions against their report.submission steps: every row recorded, in the state its last
// state-changing step left it, with the CyberTipline report id NCMEC gave (or a person recorded).
import { submissionProjection } from '../cybertip';
import type { Vault } from '../identity';
import { absent, difference, unrecorded } from './difference';
import type { LedgerState } from './replay';

export function submissionDifferences(vault: Vault, state: LedgerState): string[] {
  const out: string[] = [];
  const rows = submissionProjection(vault);
  for (const row of rows) {
    const recorded = state.submissions.get(row.id);
    if (!recorded) {
      out.push(
        difference('submissions', row.id, `a ${row.state} submission of case ${row.caseId}`, unrecorded),
      );
      continue;
    }
    if (recorded.caseId !== row.caseId)
      out.push(difference('submissions', row.id, `case ${row.caseId}`, `case ${recorded.caseId}`));
    if (recorded.state !== row.state)
      out.push(
        difference('submissions', row.id, `state ${row.state}`, `state ${recorded.state ?? 'unknown'}`),
      );
    if (recorded.reportId !== row.reportId)
      out.push(difference('submissions', row.id, reportIs(row.reportId), reportIs(recorded.reportId)));
  }
  const ids = new Set(rows.map((r) => r.id));
  for (const [id, recorded] of state.submissions) {
    if (!ids.has(id))
      out.push(difference('submissions', id, absent, `a submission of case ${recorded.caseId}`));
  }
  return out;
}

function reportIs(reportId: number | null): string {
  return reportId === null ? 'no CyberTipline report' : `CyberTipline report ${reportId}`;
}
