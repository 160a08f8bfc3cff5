// custody report …: CyberTipline reports from the command line. `build` writes the signed package of a
// case's report; `validate` checks XML against NCMEC's XSD and rules with no vault and no network; the
// NCMEC settings, submitting and the ways out of a stopped submission are in ./report-submission.
import { exportReportPackage } from '../../core/cybertip';
import { parse, requireString, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { runSubmissionCommand, submissionActions } from './report-submission';
import { runReportValidate } from './report-validate';
import { listed } from './index';

const { usage } = listed('report');

export const report: Command = {
  async run(args, io) {
    const [action, ...rest] = args;
    if (action === 'validate') return runReportValidate(rest, io);
    const submission = submissionActions.find((known) => known === action);
    if (submission) return runSubmissionCommand(submission, rest, io);
    if (action !== 'build')
      throw new UsageError(
        `unknown action "${action ?? ''}": use build, validate, ${submissionActions.join(', ')}.\nusage: ${usage}`,
      );
    const { values } = parse(
      rest,
      {
        ...vaultOptions,
        case: { type: 'string' },
        out: { type: 'string' },
        'encrypt-to': { type: 'string', multiple: true },
      },
      usage,
    );
    const caseId = requireString(values.case, '--case', usage);
    const out = requireString(values.out, '--out', usage);
    const recipients = values['encrypt-to'] ?? [];
    const encryptTo = recipients.length > 0 ? { recipients } : undefined;
    const built = await withVault(values, io, usage, (vault) =>
      exportReportPackage(vault, caseId, out, encryptTo ? { encryptTo } : {}),
    );
    for (const r of built.completeness.recommended) io.err(`recommended: ${r.path}: ${r.field} — ${r.why}`);
    io.out(
      `Wrote the signed report package ${built.encrypted ? 'encrypted with age ' : ''}to ${built.dir}: ${built.files.length} files, manifest SHA-256 ${built.manifestSha256}.`,
    );
    io.out(
      `Referral estimate: ${built.completeness.referral.likely} (${built.completeness.referral.reasons.join(' ')})`,
    );
    return 0;
  },
};
