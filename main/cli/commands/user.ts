// custody user add|passwd|remove: manage key slots. Adding a user or changing a passphrase rewrites one
// slot; removing a user, or `passwd --rotate` after a suspected compromise, also replaces the vault's key.
import { passphrase as passphraseRule, roles, userName, type Role } from '../../../shared/domain';
import { addUser, changePassphrase, removeUser } from '../../core/identity';
import { parse, readPassphrase, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('user');

function checkedName(name: string | undefined): string {
  const parsed = userName.safeParse(name);
  if (!parsed.success)
    throw new UsageError(`user name: ${parsed.error.issues[0]?.message ?? 'missing'}\nusage: ${usage}`);
  return parsed.data;
}

export const user: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...vaultOptions,
        role: { type: 'string' },
        'new-passphrase-file': { type: 'string' },
        rotate: { type: 'boolean' },
      },
      usage,
    );
    const [action, rawName] = positionals;
    const name = checkedName(rawName);
    const role = (values.role ?? 'analyst') as Role;
    if (!roles.includes(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}.`);
    const newPassphrase = async () => {
      const value = await readPassphrase(io, {
        file: values['new-passphrase-file'],
        envName: 'CUSTODY_NEW_PASSPHRASE',
        prompt: `New passphrase for ${name}: `,
      });
      const rule = passphraseRule.safeParse(value);
      if (!rule.success)
        throw new UsageError(rule.error.issues[0]?.message ?? 'The passphrase is not acceptable.');
      return value;
    };
    switch (action) {
      case 'add': {
        const secret = await newPassphrase();
        await withVault(values, io, usage, (vault) => addUser(vault, name, secret, role));
        io.out(`Added user "${name}" (${role}).`);
        return 0;
      }
      case 'passwd': {
        const secret = await newPassphrase();
        const rotate = values.rotate === true;
        await withVault(values, io, usage, (vault) => changePassphrase(vault, name, secret, { rotate }));
        io.out(
          rotate
            ? `Changed the passphrase of "${name}", gave them new keys and rotated the vault's key: old key slots open nothing current.`
            : `Changed the passphrase of "${name}".`,
        );
        return 0;
      }
      case 'remove':
        await withVault(values, io, usage, (vault) => removeUser(vault, name));
        io.out(
          `Removed user "${name}" and rotated the vault's key: their old key slot opens nothing current. Their past ledger entries stay.`,
        );
        return 0;
      default:
        throw new UsageError(`unknown action "${action ?? ''}": use add, passwd or remove.\nusage: ${usage}`);
    }
  },
};
