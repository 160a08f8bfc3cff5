// custody banks import|list|remove: the vault's hash lists (known-bad, or allow lists that suppress
// false positives), each named and versioned, imported as a stream with every bad line reported.
import { basename } from 'node:path';
import {
  detectFileFormat,
  formatNamed,
  importBank,
  listBanks,
  readBankFile,
  removeBank,
  type BankKind,
  type FormatName,
} from '../../core/matching';
import { parse, requireString, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('banks');

export const banks: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...vaultOptions,
        name: { type: 'string' },
        version: { type: 'string' },
        kind: { type: 'string' },
        source: { type: 'string' },
        format: { type: 'string' },
        reason: { type: 'string' },
        json: { type: 'boolean' },
      },
      usage,
    );
    const [action, target] = positionals;
    switch (action) {
      case 'import': {
        if (!target) throw new UsageError(`name the file to import.\nusage: ${usage}`);
        const kind = (values.kind ?? 'known') as BankKind;
        if (kind !== 'known' && kind !== 'allow') throw new UsageError('--kind must be known or allow.');
        const format: FormatName = values.format
          ? formatNamed(values.format)
          : await detectFileFormat(target);
        const result = await withVault(values, io, usage, (vault) =>
          importBank(vault, readBankFile(target, { format }), {
            name: requireString(values.name, '--name', usage),
            version: requireString(values.version, '--version', usage),
            source: values.source ?? basename(target),
            kind,
            format,
          }),
        );
        for (const problem of result.problems) io.err(`${target}:${problem.line}: ${problem.message}`);
        if (result.bank.problems > result.problems.length) {
          io.err(`… and ${result.bank.problems - result.problems.length} more bad line(s).`);
        }
        io.out(
          `Imported bank "${result.bank.name}" version ${result.bank.version} (${result.bank.kind}): ` +
            `${result.bank.entries} hash(es)${result.bank.problems ? `, ${result.bank.problems} bad line(s) reported above and not imported` : ''}.`,
        );
        return result.bank.problems > 0 ? 1 : 0;
      }
      case 'list': {
        const list = await withVault(values, io, usage, async (vault) => listBanks(vault));
        if (values.json) io.out(JSON.stringify(list));
        else if (list.length === 0) io.out('No banks. Import one with `custody banks import`.');
        else {
          for (const b of list) {
            io.out(
              `${b.id} ${b.name} ${b.version} ${b.kind} ${b.entries} hash(es) from ${b.source}, imported ${b.importedAt} by ${b.importedBy}`,
            );
          }
        }
        return 0;
      }
      case 'remove': {
        if (!target) throw new UsageError(`name the bank to remove.\nusage: ${usage}`);
        const reason = requireString(values.reason, '--reason', usage);
        const removed = await withVault(values, io, usage, async (vault) =>
          removeBank(vault, target, reason),
        );
        io.out(
          `Removed bank "${removed.name}" version ${removed.version}. Matches already found keep citing it.`,
        );
        return 0;
      }
      default:
        throw new UsageError(
          `unknown action "${action ?? ''}": use import, list or remove.\nusage: ${usage}`,
        );
    }
  },
};
