// custody report …: CyberTipline reports from the command line. `build` writes the signed package of a
// case's report; `validate` checks XML against NCMEC's XSD and rules with no vault and no network.
import { signDetached } from '../../core/identity/cms';
import { loadIdentity } from '../../core/identity/store';
import { buildReportPackage } from '../../core/cybertip/package';
import { CyberTipClient, NCMEC_PRODUCTION_URL } from '../../core/cybertip/api/client';
import {
  currentSubmission,
  retractSubmission,
  runSubmission,
  startSubmission,
} from '../../core/cybertip/submission';
import { parse, readPassphrase, requireString, UsageError, type Command, type Io } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { runReportValidate } from './report-validate';

const usage =
  'custody report build --vault DIR --case ID --out DIR\n' +
  '       custody report validate [--json] FILE.xml...';

export const report: Command = {
  name: 'report',
  summary:
    "CyberTipline reports: build a case's signed package, or validate XML against NCMEC's schema and rules.",
  usage,
  async run(args, io) {
    const [action, ...rest] = args;
    if (action === 'validate') return runReportValidate(rest, io);
    if (action === 'submit' || action === 'status' || action === 'retract')
      return runSubmissionCommand(action, rest, io);
    if (action !== 'build')
      throw new UsageError(
        `unknown action "${action ?? ''}": use build, submit, status, retract or validate.\nusage: ${usage}`,
      );
    const { values } = parse(
      rest,
      { ...vaultOptions, case: { type: 'string' }, out: { type: 'string' } },
      usage,
    );
    const caseId = requireString(values.case, '--case', usage);
    const out = requireString(values.out, '--out', usage);
    const built = await withVault(values, io, usage, async (vault) => {
      const identity = loadIdentity(vault);
      return buildReportPackage(vault, caseId, out, {
        certificatePem: identity.certificatePem,
        sign: (content) => signDetached(content, identity),
      });
    });
    for (const r of built.completeness.recommended) io.err(`recommended: ${r.path}: ${r.field} — ${r.why}`);
    io.out(
      `Wrote the signed report package to ${built.dir}: ${built.files.length} files, manifest SHA-256 ${built.manifestSha256}.`,
    );
    io.out(
      `Referral estimate: ${built.completeness.referral.likely} (${built.completeness.referral.reasons.join(' ')})`,
    );
    return 0;
  },
};

async function runSubmissionCommand(
  action: 'submit' | 'status' | 'retract',
  args: string[],
  io: Io,
): Promise<number> {
  const { values } = parse(
    args,
    {
      ...vaultOptions,
      case: { type: 'string' },
      endpoint: { type: 'string' },
      production: { type: 'boolean' },
      'ncmec-user': { type: 'string' },
      'ncmec-password-file': { type: 'string' },
    },
    usage,
  );
  const caseId = requireString(values.case, '--case', usage);
  if (action === 'status') {
    const status = await withVault(values, io, usage, async (vault) => currentSubmission(vault, caseId));
    if (!status) io.out(`Case ${caseId} has not been submitted.`);
    else io.out(JSON.stringify(status, null, 2));
    return 0;
  }
  const endpoint = requireString(values.endpoint, '--endpoint', usage).replace(/\/+$/, '');
  if (endpoint === NCMEC_PRODUCTION_URL && !values.production) {
    throw new UsageError(`${endpoint} is NCMEC's production service: add --production to report for real.`);
  }
  const username = values['ncmec-user'] ?? io.env.CUSTODY_NCMEC_USER;
  if (!username) throw new UsageError('Give the NCMEC user with CUSTODY_NCMEC_USER or --ncmec-user.');
  const password = await readPassphrase(io, {
    file: values['ncmec-password-file'],
    envName: 'CUSTODY_NCMEC_PASSWORD',
    prompt: `NCMEC password for ${username}: `,
  });
  const client = new CyberTipClient({ baseUrl: endpoint, username, password });
  return withVault(values, io, usage, async (vault) => {
    if (action === 'retract') {
      const current = currentSubmission(vault, caseId);
      if (!current) throw new UsageError(`Case ${caseId} has no submission to retract.`);
      const retracted = await retractSubmission(vault, current.id, client);
      io.out(`Retracted report ${retracted.reportId}.`);
      return 0;
    }
    const started = await startSubmission(vault, caseId, endpoint);
    const done = await runSubmission(vault, started.id, client, {
      onStep: (s) =>
        io.err(
          `${s.state}${s.reportId ? ` report ${s.reportId}` : ''}: ${s.files.filter((f) => f.state === 'described').length}/${s.files.length} files described`,
        ),
    });
    io.out(String(done.reportId));
    return 0;
  });
}
