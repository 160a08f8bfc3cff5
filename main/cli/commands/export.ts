// custody export vics: a case's originals and its Project VIC (VICS 2.0) JSON for law-enforcement tools.
import { exportVics } from '../../core/preservation';
import { parse, requireString, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('export');

export const exportCommand: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      { ...vaultOptions, case: { type: 'string' }, out: { type: 'string' } },
      usage,
    );
    if (positionals[0] !== 'vics' || positionals.length !== 1)
      throw new UsageError(`unknown export "${positionals[0] ?? ''}": use vics.\nusage: ${usage}`);
    const caseId = requireString(values.case, '--case', usage);
    const out = requireString(values.out, '--out', usage);
    const done = await withVault(values, io, usage, (vault) => exportVics(vault, caseId, out));
    io.out(`Wrote ${done.media} media and ${done.document} (VICS 2.0) to ${done.path}.`);
    return 0;
  },
};
