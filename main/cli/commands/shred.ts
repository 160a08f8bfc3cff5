// custody shred: crypto-shred one item, recording who did it and why.
import { shredItem } from '../../core/review';
import { parse, requireString, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('shred');

export const shred: Command = {
  async run(args, io) {
    const { values, positionals } = parse(args, { ...vaultOptions, reason: { type: 'string' } }, usage);
    const [item] = positionals;
    if (!item || positionals.length !== 1) throw new UsageError(`name exactly one item id.\nusage: ${usage}`);
    const reason = requireString(values.reason, '--reason', usage);
    const { sha256 } = await withVault(values, io, usage, (vault) => shredItem(vault, item, reason));
    io.out(`Shredded item ${item} (SHA-256 ${sha256}).`);
    return 0;
  },
};
