// custody verify: check every blob, every original's SHA-256, the database, the key slots and the ledger.
import { verifyVault } from '../../core/verify';
import { parse, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('verify');

export const verify: Command = {
  async run(args, io) {
    const { values } = parse(args, { ...vaultOptions, json: { type: 'boolean' } }, usage);
    const report = await withVault(values, io, usage, (vault) => verifyVault(vault));
    if (values.json) {
      io.out(JSON.stringify({ ok: report.problems.length === 0, ...report }));
    } else if (report.problems.length === 0) {
      io.out(
        `ok: ${report.blobsChecked} blob(s), ${report.itemsChecked} original(s) match their SHA-256, ` +
          `ledger of ${report.ledger?.size ?? 0} entries verified.`,
      );
    } else {
      for (const problem of report.problems) io.err(`custody verify: ${problem}`);
    }
    return report.problems.length === 0 ? 0 : 1;
  },
};
