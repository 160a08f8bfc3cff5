// Prepares a case's report for leaving the workstation (as a package or to NCMEC): fills it from the case,
// adds the reportIds of earlier reports about the same account to priorCTReports, checks completeness, and
// validates report.xml and every fileDetails against NCMEC's XSD and rules (fileDetails with the reportId
// and fileId NCMEC assigns at upload standing in). Nothing leaves unless all of that passes.
import type { FileDetails, PersonOrUserReported, Report } from '../../../shared/cybertip';
import { InvalidInputError } from '../errors';
import type { Vault } from '../identity';
import { caseReport } from '../review';
import { assessCompleteness, type Completeness } from './completeness';
import { reportDraftFromCase, type ReportDraftFromCase } from './from-case';
import { loadCyberTipValidator } from './validate';
import { fileDetailsToXml } from './file-details-xml';
import { reportToXml } from './report-xml';

export class ReportNotReadyError extends InvalidInputError {}

export interface PreparedReport {
  draft: ReportDraftFromCase;
  completeness: Completeness;
  reportXml: string;
}

/** The reportIds of finished submissions about the same reported account (ESP identifier or screen name). */
function priorReports(vault: Vault, caseId: string, person: PersonOrUserReported): number[] {
  const finished = vault.db
    .prepare(
      `SELECT case_id, report_id FROM submissions
       WHERE state = 'finished' AND case_id != ? AND report_id IS NOT NULL ORDER BY finished_at`,
    )
    .all(caseId) as Array<{ case_id: string; report_id: number }>;
  const same = (other: PersonOrUserReported) =>
    (person.espIdentifier !== undefined && other.espIdentifier === person.espIdentifier) ||
    (person.screenName !== undefined && other.screenName === person.screenName);
  return finished
    .filter((row) => {
      const { report } = caseReport(vault, row.case_id);
      return ((report as Partial<Report>).personOrUserReported ?? []).some(same);
    })
    .map((row) => row.report_id);
}

export async function prepareReport(vault: Vault, caseId: string, now = new Date()): Promise<PreparedReport> {
  const draft = reportDraftFromCase(vault, caseId);
  const people = draft.report.personOrUserReported as PersonOrUserReported[] | undefined;
  for (const person of people ?? []) {
    const prior = [...new Set([...(person.priorCTReports ?? []), ...priorReports(vault, caseId, person)])];
    if (prior.length > 0) person.priorCTReports = prior;
  }
  const completeness = assessCompleteness(
    draft.report,
    draft.files.map((f) => f.details),
    { now },
  );
  if (!completeness.exportable) {
    throw new ReportNotReadyError(
      `The report for case ${caseId} is not complete yet. Fill in:\n` +
        completeness.blocking
          .map((b) => `  ${b.file === undefined ? '' : `file ${b.file + 1}: `}${b.path}: ${b.message}`)
          .join('\n'),
    );
  }
  const validator = await loadCyberTipValidator();
  const reportXml = reportToXml(draft.report as Report);
  const problems = validator
    .validate(reportXml, { now })
    .errors.map((e) => `report.xml:${e.line ?? '?'}: ${e.path}: ${e.message}`);
  draft.files.forEach((file, index) => {
    const probe = fileDetailsToXml({
      ...(file.details as FileDetails),
      reportId: 1,
      fileId: 'assigned-at-upload',
    });
    for (const e of validator.validate(probe, { now }).errors) {
      problems.push(`fileDetails/${index + 1}.xml: ${e.path}: ${e.message}`);
    }
  });
  if (problems.length > 0)
    throw new ReportNotReadyError(`The report does not validate:\n  ${problems.join('\n  ')}`);
  return { draft, completeness, reportXml };
}
