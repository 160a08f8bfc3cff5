// custody init: create a vault with its first user, an admin.
import { passphrase as passphraseRule, userName } from '../../../shared/domain';
import { Vault } from '../../core/identity';
import { parse, readPassphrase, requireString, UsageError, type Command } from '../io';
import { listed } from './index';

const { usage } = listed('init');

export const init: Command = {
  async run(args, io) {
    const { values } = parse(
      args,
      { vault: { type: 'string' }, user: { type: 'string' }, 'passphrase-file': { type: 'string' } },
      usage,
    );
    const dir = requireString(values.vault, '--vault', usage);
    const user = userName.safeParse(values.user ?? io.env.CUSTODY_USER ?? 'admin');
    if (!user.success) throw new UsageError(`--user: ${user.error.issues[0]?.message ?? 'invalid'}`);
    const passphrase = await readPassphrase(io, {
      file: values['passphrase-file'],
      prompt: `New passphrase for ${user.data}: `,
    });
    const rule = passphraseRule.safeParse(passphrase);
    if (!rule.success)
      throw new UsageError(rule.error.issues[0]?.message ?? 'The passphrase is not acceptable.');
    const vault = await Vault.create(dir, { user: user.data, passphrase });
    io.out(`Created vault ${vault.id} at ${dir} with admin "${user.data}".`);
    vault.lock();
    return 0;
  },
};
