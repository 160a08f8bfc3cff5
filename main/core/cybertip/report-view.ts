// The report builder's view of a case (its draft, file details, completeness and XML preview), and saving
// an edited draft, which is recorded as a signed `case.update` entry. Editing never blocks on
// incompleteness: completeness says what is missing. Once a submission of the case is under way or done,
// its draft is refused: what NCMEC received must stay what the vault shows.
import type { ReportView } from '../../../shared/cases';
import type { ReportDraft } from '../../../shared/cybertip';
import { InvalidInputError } from '../errors';
import { requireRole, type Vault } from '../identity';
import { listCases, saveCaseReport } from '../review';
import { assessCompleteness } from './completeness';
import { reportDraftFromCase } from './from-case';
import { latestSubmissionId } from './submission/store';
import { reportTree } from './report-xml';
import { printXml } from './xml-tree';

export function reportView(vault: Vault, caseId: string, now = new Date()): ReportView {
  const draft = reportDraftFromCase(vault, caseId);
  const completeness = assessCompleteness(
    draft.report,
    draft.files.map((f) => f.details),
    { now },
  );
  let xml: string;
  try {
    xml = printXml(reportTree(draft.report));
  } catch (error) {
    xml = `The XML cannot be printed yet: ${error instanceof Error ? error.message : String(error)}`;
  }
  return {
    caseId,
    title: draft.title,
    report: draft.report as Record<string, unknown>,
    files: draft.files.map((f) => ({
      itemId: f.itemId,
      fileName: f.fileName,
      details: f.details as Record<string, unknown>,
    })),
    completeness,
    xml,
  };
}

/** A draft edit refused because a submission of the case is under way or finished. */
export class ReportSubmittedError extends InvalidInputError {}

/** Submission states after which the draft is what was (or is being) sent, so it may no longer change. */
const draftFixedIn = ['ready', 'submitting', 'opened', 'finished', 'ambiguous'] as const;

export function saveReportDraft(vault: Vault, caseId: string, report: ReportDraft): ReportView {
  requireRole(vault, 'report.edit');
  const submission = latestSubmissionId(vault, caseId, draftFixedIn);
  if (submission) {
    throw new ReportSubmittedError(
      `The report of case ${caseId} can no longer be edited: submission ${submission} was made from it. Open a new case for a supplemental report.`,
    );
  }
  const status = listCases(vault).find((c) => c.id === caseId)?.status;
  if (status !== undefined && status !== 'open') {
    throw new ReportSubmittedError(
      `The report of case ${caseId} can no longer be edited: the case is ${status}. Open a new case for a supplemental report.`,
    );
  }
  saveCaseReport(vault, caseId, report);
  return reportView(vault, caseId);
}
