// custody verify: check every blob, every original's SHA-256, the database, the key slots, the ledger, and
// that the ledger extends every anchored checkpoint (the state directory's and the --anchor files).
import { verifyVault } from '../../core/verify';
import { parse, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('verify');

export const verify: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      { ...vaultOptions, json: { type: 'boolean' }, anchor: { type: 'string', multiple: true } },
      usage,
    );
    const anchorFiles = values.anchor ?? [];
    if (positionals.length > 0 && anchorFiles.length === 0) {
      throw new UsageError(`unexpected argument "${positionals[0] ?? ''}".\nusage: ${usage}`);
    }
    anchorFiles.push(...positionals);
    const report = await withVault(values, io, usage, (vault) =>
      verifyVault(vault, undefined, { anchorFiles }),
    );
    const { anchors } = report;
    if (values.json) {
      io.out(JSON.stringify({ ok: report.problems.length === 0, ...report }));
    } else {
      for (const warning of anchors.warnings) io.err(`custody verify: warning: ${warning}`);
      if (report.problems.length === 0) {
        io.out(
          `ok: ${report.blobsChecked} blob(s), ${report.itemsChecked} original(s) match their SHA-256, ` +
            `ledger of ${report.ledger?.size ?? 0} entries verified.`,
        );
      } else {
        for (const problem of report.problems) io.err(`custody verify: ${problem}`);
      }
      io.out(
        `anchors: ${anchors.anchorsChecked} checked (store ${anchors.store}); latest anchored checkpoint: ` +
          `${anchors.latestAnchoredSize === null ? 'none' : `${anchors.latestAnchoredSize} entries`}.`,
      );
      const witnesses = report.witnesses.map((w) => `${w.witness} at ${w.size}`);
      io.out(`witnesses: ${witnesses.length === 0 ? 'none' : witnesses.join(', ')}.`);
    }
    return report.problems.length === 0 ? 0 : 1;
  },
};
