// custody banks import|list|remove: the vault's hash lists (known-bad, or allow lists that suppress
// false positives), each named and versioned, imported as a stream with every bad line reported. Importing
// or removing a bank then re-matches the vault's items it may change, with progress lines.
import { basename } from 'node:path';
import type { Vault } from '../../core/identity';
import {
  detectFileFormat,
  formatNamed,
  listBanks,
  readBankFile,
  type BankImport,
  type BankKind,
  type FormatName,
} from '../../core/matching';
import { importBankAndQueueRematch, rematchQueued, removeBankAndQueueRematch } from '../../core/media';
import { parse, requireString, UsageError, type Command, type Io } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('banks');

function reportImport(imported: BankImport, target: string, io: Io): void {
  for (const problem of imported.problems) io.err(`${target}:${problem.line}: ${problem.message}`);
  if (imported.bank.problems > imported.problems.length) {
    io.err(`… and ${imported.bank.problems - imported.problems.length} more bad line(s).`);
  }
  io.out(
    `Imported bank "${imported.bank.name}" version ${imported.bank.version} (${imported.bank.kind}): ` +
      `${imported.bank.entries} hash(es)${imported.bank.problems ? `, ${imported.bank.problems} bad line(s) reported above and not imported` : ''}.`,
  );
}

/** Re-matches the items the bank change queued, a progress line at most every second. */
async function rematch(vault: Vault, io: Io): Promise<void> {
  const last = await rematchQueued(vault, {
    progressEveryMs: 1000,
    onProgress: ({ done, total, flagged }) =>
      io.err(`Re-matching: ${done} of ${total} item(s), ${flagged} with a new match flagged for review.`),
  });
  if (last.total > 0)
    io.out(`Re-matched ${last.done} item(s); ${last.flagged} got a new match, flagged for review.`);
}

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
        const name = requireString(values.name, '--name', usage);
        const version = requireString(values.version, '--version', usage);
        const result = await withVault(values, io, usage, async (vault) => {
          const imported = await importBankAndQueueRematch(vault, readBankFile(target, { format }), {
            name,
            version,
            source: values.source ?? basename(target),
            kind,
            format,
          });
          reportImport(imported, target, io);
          await rematch(vault, io);
          return imported;
        });
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
        await withVault(values, io, usage, async (vault) => {
          const removed = removeBankAndQueueRematch(vault, target, reason);
          io.out(
            `Removed bank "${removed.name}" version ${removed.version}: its matches are cleared (the ledger keeps them).`,
          );
          await rematch(vault, io);
        });
        return 0;
      }
      default:
        throw new UsageError(
          `unknown action "${action ?? ''}": use import, list or remove.\nusage: ${usage}`,
        );
    }
  },
};
