// custody report …: CyberTipline reports from the command line. `build` writes the signed package of a
// case's report; `validate` checks XML against NCMEC's XSD and rules with no vault and no network.
import { signDetached } from '../../core/identity/cms';
import { loadIdentity } from '../../core/identity/store';
import { buildReportPackage } from '../../core/cybertip/package';
import { parse, requireString, UsageError, type Command } from '../io';
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
    if (action !== 'build')
      throw new UsageError(`unknown action "${action ?? ''}": use build or validate.\nusage: ${usage}`);
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
