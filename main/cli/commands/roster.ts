// custody roster add|remove|list: the team roster from the command line. Adding prints the card's
// fingerprint, which the admin compares with the one the peer's admin reads out by another channel.
import { roles, type Role } from '../../../shared/domain';
import { addToRoster, listRoster, readCardFile, removeFromRoster } from '../../core/sync';
import { parse, requireString, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('roster');

export const roster: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      { ...vaultOptions, role: { type: 'string' }, json: { type: 'boolean' } },
      usage,
    );
    switch (positionals[0]) {
      case 'add': {
        const file = positionals[1];
        if (!file) throw new UsageError(usage);
        const role = requireString(values.role, '--role', usage) as Role;
        if (!roles.includes(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}.`);
        const card = await readCardFile(file);
        const member = await withVault(values, io, usage, async (vault) => addToRoster(vault, card, role));
        io.out(`Added workstation ${member.workstation} (${member.users.length} users) as ${member.role}.`);
        io.out(`Fingerprint: ${member.fingerprint}: compare it with the one its admin reads out.`);
        return 0;
      }
      case 'remove': {
        const workstation = positionals[1];
        if (!workstation) throw new UsageError(usage);
        const member = await withVault(values, io, usage, async (vault) =>
          removeFromRoster(vault, workstation),
        );
        io.out(
          `Removed workstation ${member.workstation} from the roster; its bundles are refused from now on.`,
        );
        return 0;
      }
      case 'list': {
        const members = await withVault(values, io, usage, async (vault) => listRoster(vault));
        if (values.json) io.out(JSON.stringify(members));
        else
          for (const m of members) {
            const state = m.removedAt ? `removed ${m.removedAt}` : `added ${m.addedAt}`;
            io.out(
              `${m.workstation}  ${m.role}  ${m.fingerprint}  ${m.users.map((u) => u.name).join(', ')}  (${state})`,
            );
          }
        return 0;
      }
      default:
        throw new UsageError(usage);
    }
  },
};
