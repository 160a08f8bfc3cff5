// custody report ncmec|submit|status|retract|resolve: where a vault sends reports, sending a case's report
// to NCMEC through the vault's recorded settings (so production always needs its recorded confirmation),
// and the recorded ways out of a stopped submission. Thin callers of the core's verbs, which check roles.
import { readFile } from 'node:fs/promises';
import {
  configureNcmec,
  latestSubmission,
  readNcmecSettings,
  resolveSubmission,
  retractReport,
  submitCase,
  type NcmecSettingsView,
  type SubmissionStatus,
} from '../../core/cybertip';
import { parse, requireString, UsageError, type Io } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

export const submissionActions = ['ncmec', 'submit', 'status', 'retract', 'resolve'] as const;
type SubmissionAction = (typeof submissionActions)[number];

const { usage } = listed('report');

const environments = ['test', 'production', 'local'] as const;

function settingsLine(settings: NcmecSettingsView | null): string {
  if (!settings)
    return 'This vault has no NCMEC settings yet: set them with custody report ncmec --environment ….';
  const confirmed = settings.productionConfirmedAt
    ? ` (production confirmed at ${settings.productionConfirmedAt})`
    : '';
  return `Reports go to ${settings.endpoint} (${settings.environment}) as ${settings.username}${confirmed}.`;
}

function progressLine(status: SubmissionStatus): string {
  const described = status.files.filter((f) => f.state === 'described').length;
  const report = status.reportId ? ` report ${status.reportId}` : '';
  return `${status.state}${report}: ${described}/${status.files.length} files described`;
}

export async function runSubmissionCommand(
  action: SubmissionAction,
  args: string[],
  io: Io,
): Promise<number> {
  const { values } = parse(
    args,
    {
      ...vaultOptions,
      case: { type: 'string' },
      environment: { type: 'string' },
      endpoint: { type: 'string' },
      'ncmec-user': { type: 'string' },
      'ncmec-password-file': { type: 'string' },
      'confirm-production': { type: 'boolean' },
      'report-id': { type: 'string' },
      abandon: { type: 'boolean' },
      reason: { type: 'string' },
    },
    usage,
  );
  if (action === 'ncmec') {
    if (values.environment === undefined) {
      io.out(settingsLine(await withVault(values, io, usage, async (vault) => readNcmecSettings(vault))));
      return 0;
    }
    const environment = environments.find((known) => known === values.environment);
    if (!environment)
      throw new UsageError(`--environment must be one of ${environments.join(', ')}.\nusage: ${usage}`);
    const username = requireString(values['ncmec-user'], '--ncmec-user', usage);
    const passwordFile = values['ncmec-password-file'];
    const password = passwordFile
      ? await readFile(passwordFile, 'utf8').then(
          (text) => text.split(/\r?\n/, 1)[0] ?? '',
          () => {
            throw new UsageError(`Cannot read the NCMEC password file ${passwordFile}.`);
          },
        )
      : io.env.CUSTODY_NCMEC_PASSWORD;
    const settings = await withVault(values, io, usage, async (vault) =>
      configureNcmec(vault, {
        environment,
        username,
        ...(password ? { password } : {}),
        ...(values.endpoint ? { endpoint: values.endpoint } : {}),
        ...(values['confirm-production'] ? { confirmProduction: true } : {}),
      }),
    );
    io.out(settingsLine(settings));
    return 0;
  }
  const caseId = requireString(values.case, '--case', usage);
  switch (action) {
    case 'status': {
      const status = await withVault(values, io, usage, async (vault) => latestSubmission(vault, caseId));
      io.out(status ? JSON.stringify(status, null, 2) : `Case ${caseId} has not been submitted.`);
      return 0;
    }
    case 'submit': {
      const outcome = await withVault(values, io, usage, (vault) =>
        submitCase(vault, caseId, { onProgress: (status) => io.err(progressLine(status)) }),
      );
      if (outcome.stopped) throw outcome.stopped;
      io.out(String(outcome.status.reportId));
      return 0;
    }
    case 'retract': {
      const status = await withVault(values, io, usage, (vault) => retractReport(vault, caseId));
      io.out(
        status.state === 'retracted'
          ? `Retracted report ${status.reportId}.`
          : `NCMEC no longer knows report ${status.reportId} (it expired): nothing was retracted.`,
      );
      return 0;
    }
    case 'resolve': {
      const reason = requireString(values.reason, '--reason', usage);
      const reportId = values['report-id'];
      if ((reportId === undefined) === !values.abandon) {
        throw new UsageError(`give either --report-id N or --abandon.\nusage: ${usage}`);
      }
      if (reportId !== undefined && !/^\d{1,15}$/.test(reportId)) {
        throw new UsageError(`--report-id must be NCMEC's report number.\nusage: ${usage}`);
      }
      const resolution = reportId === undefined ? { abandon: true as const } : { reportId: Number(reportId) };
      await withVault(values, io, usage, async (vault) =>
        resolveSubmission(vault, caseId, resolution, reason),
      );
      io.out(
        reportId === undefined
          ? `Recorded: the submission of case ${caseId} is abandoned; the case can be submitted again.`
          : `Recorded: NCMEC opened report ${reportId} for case ${caseId}. Finish it with custody report submit --case ${caseId}.`,
      );
      return 0;
    }
  }
}
