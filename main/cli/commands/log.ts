// custody log export|verify|show|anchor: the signed ledger from the command line; `show --origin` also
// lists peers' verified replica entries (sync), each line with its origin. Exports stay the own ledger.
import { writeFile } from 'node:fs/promises';
import { exportLedger, verifyLedger } from '../../core/identity';
import { parseEntry, verifyLedgerExport, type LedgerEntry } from '../../core/ledger';
import { replicaLedgerPage, replicaOrigins } from '../../core/sync';
import type { Vault } from '../../core/identity';
import { CheckFailed, parse, requireString, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('log');

/** One peer's verified entries (about `item`, by `actor` when given), oldest first. */
function peerEntries(vault: Vault, origin: string, item?: string, actor?: string): LedgerEntry[] {
  const query = {
    origin,
    ...(item !== undefined ? { subject: item } : {}),
    ...(actor !== undefined ? { actor } : {}),
  };
  const found: LedgerEntry[] = [];
  let before: number | null = null;
  for (;;) {
    const page = replicaLedgerPage(vault, query, before, 1000);
    found.push(...page.entries.map((e) => e.entry));
    const last = page.entries.at(-1);
    if (page.entries.length < 1000 || !last) return found.reverse();
    before = last.entry.seq;
  }
}

export const log: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...vaultOptions,
        out: { type: 'string' },
        export: { type: 'string' },
        item: { type: 'string' },
        actor: { type: 'string' },
        json: { type: 'boolean' },
        incremental: { type: 'boolean' },
        'encrypt-to': { type: 'string', multiple: true },
        origin: { type: 'string' },
      },
      usage,
    );
    switch (positionals[0]) {
      case 'export': {
        const out = requireString(values.out, '--out', usage);
        const recipients = values['encrypt-to'] ?? [];
        const encryptTo = recipients.length > 0 ? { recipients } : undefined;
        const summary = await withVault(values, io, usage, (vault) =>
          exportLedger(vault, out, encryptTo ? { encryptTo } : {}),
        );
        io.out(
          `Exported ${summary.entries} entries ${summary.encrypted ? 'encrypted with age ' : ''}to ${summary.path}.`,
        );
        return 0;
      }
      case 'anchor': {
        const out = requireString(values.out, '--out', usage);
        const checkpoint = await withVault(values, io, usage, async (vault) => {
          const latest = vault.ledger.checkpoint();
          if (!latest) throw new CheckFailed('The ledger is empty: there is no checkpoint to anchor.');
          await writeFile(out, latest.note, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'EEXIST') throw error;
            throw new UsageError(`${out} already exists: an anchor is never overwritten; name a new file.`);
          });
          return latest;
        });
        io.out(
          `Wrote the signed checkpoint of ${checkpoint.size} entries to ${out}; keep it outside the vault and ` +
            'check the vault against it with `custody verify --anchor FILE`.',
        );
        return 0;
      }
      case 'verify': {
        if (typeof values.export === 'string') {
          try {
            const result = await verifyLedgerExport(values.export);
            io.out(
              `ok: ${result.entries} entries of ${result.origin}, root ${result.rootHex}, ${result.checkpoints} checkpoint(s).`,
            );
            return 0;
          } catch (error) {
            throw new CheckFailed(error instanceof Error ? error.message : String(error));
          }
        }
        const audit = await withVault(values, io, usage, (vault) =>
          verifyLedger(vault, values.incremental ? 'incremental' : 'full'),
        );
        io.out(
          `ok: ${audit.mode} verification of ${audit.entries} entries; ledger size ${audit.size}, root ${audit.rootHex}.`,
        );
        return 0;
      }
      case 'show': {
        await withVault(values, io, usage, async (vault) => {
          let seqs: number[] | null = null;
          if (typeof values.item === 'string') seqs = vault.ledger.seqsForSubject(values.item);
          const size = vault.ledger.size;
          const leaves = seqs
            ? seqs.flatMap((s) => vault.ledger.leaves(s, s + 1))
            : vault.ledger.leaves(0, size);
          const origin = values.origin ?? 'own';
          const line = (entry: LedgerEntry, from: string | null) => {
            if (values.json) return JSON.stringify(from === null ? entry : { origin: from, entry });
            const text = `${entry.seq} ${entry.time} ${entry.actorName} ${entry.action} ${entry.subjects.join(',') || '-'} ${JSON.stringify(entry.details)}`;
            return from === null ? text : `${from} ${text}`;
          };
          if (origin === 'own' || origin === 'all') {
            for (const leaf of leaves) {
              const entry = parseEntry(leaf);
              if (typeof values.actor === 'string' && entry.actorName !== values.actor) continue;
              io.out(
                origin === 'own'
                  ? values.json
                    ? leaf.toString('utf8')
                    : line(entry, null)
                  : line(entry, vault.ledger.origin),
              );
            }
          }
          if (origin === 'own') return;
          const peers = origin === 'all' ? replicaOrigins(vault).map((p) => p.origin) : [origin];
          for (const peer of peers) {
            for (const entry of peerEntries(vault, peer, values.item, values.actor))
              io.out(line(entry, peer));
          }
        });
        return 0;
      }
      default:
        throw new UsageError(
          `unknown action "${positionals[0] ?? ''}": use export, anchor, verify or show.\nusage: ${usage}`,
        );
    }
  },
};
