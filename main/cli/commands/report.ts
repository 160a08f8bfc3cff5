// custody report …: CyberTipline reports from the command line. `validate` checks XML against NCMEC's XSD
// and NCMEC's further rules with no vault and no network.
import { UsageError, type Command } from '../io';
import { runReportValidate } from './report-validate';

const usage = 'custody report validate [--json] FILE.xml...';

export const report: Command = {
  name: 'report',
  summary: "CyberTipline reports: validate XML against NCMEC's schema and rules.",
  usage,
  async run(args, io) {
    const [action, ...rest] = args;
    if (action === 'validate') return runReportValidate(rest, io);
    throw new UsageError(`unknown action "${action ?? ''}": use validate.\nusage: ${usage}`);
  },
};
