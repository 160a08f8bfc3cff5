// custody sync card|export|import|status: offline sync between workstations from the command line. A thin
// caller of main/core/sync; it only formats what the core returns.
import { writeFile } from 'node:fs/promises';
import { exportBundle, importBundle, syncCard, syncStatus } from '../../core/sync';
import { parse, requireString, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('sync');

export const sync: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...vaultOptions,
        out: { type: 'string' },
        to: { type: 'string', multiple: true },
        all: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      usage,
    );
    switch (positionals[0]) {
      case 'card': {
        const out = requireString(values.out, '--out', usage);
        const card = await withVault(values, io, usage, (vault) => syncCard(vault));
        await writeFile(out, card.card, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
          throw new UsageError(`${out} already exists; name a new file.`);
        });
        io.out(`Wrote the card of workstation ${card.workstation} to ${out}.`);
        io.out(`Fingerprint: ${card.fingerprint} (read it to the peer's admin by another channel).`);
        return 0;
      }
      case 'export': {
        const out = requireString(values.out, '--out', usage);
        const summary = await withVault(values, io, usage, (vault) =>
          exportBundle(vault, out, { to: values.to ?? [], all: Boolean(values.all) }),
        );
        if (values.json) io.out(JSON.stringify(summary));
        else {
          io.out(`Wrote bundle ${summary.id} for ${summary.recipients.join(', ')} to ${summary.path}.`);
          for (const s of summary.sections) io.out(`  ${s.origin}: entries ${s.start}..${s.end}`);
          io.out(`  ${summary.blobs} originals, ${summary.bytes} bytes before encryption.`);
        }
        return 0;
      }
      case 'import': {
        const file = positionals[1];
        if (!file) throw new UsageError(usage);
        const summary = await withVault(values, io, usage, (vault) => importBundle(vault, file));
        if (values.json) io.out(JSON.stringify(summary));
        else if (summary.unchanged)
          io.out(`Bundle ${summary.bundle} from ${summary.sender} brought nothing new.`);
        else {
          io.out(
            `Imported bundle ${summary.bundle} from ${summary.sender}: ${summary.entries} entries, ${summary.blobs} originals.`,
          );
          for (const [origin, count] of Object.entries(summary.byOrigin))
            io.out(`  ${origin}: ${count} new entries`);
          for (const origin of summary.skipped) io.out(`  ${origin}: not on this roster, not taken`);
          for (const r of summary.refused)
            io.out(`  ${r.origin} entry ${r.seq} (${r.action}) refused: ${r.reason}`);
        }
        return 0;
      }
      case 'status': {
        const status = await withVault(values, io, usage, async (vault) => syncStatus(vault));
        if (values.json) {
          io.out(JSON.stringify(status));
          return 0;
        }
        io.out(
          `Workstation ${status.workstation}: ${status.members} roster members, ${status.items} items, ${status.conflicts} open conflicts.`,
        );
        for (const o of status.origins) {
          const head = o.checkpoint
            ? `checkpoint ${o.checkpoint.size} ${o.checkpoint.root}`
            : 'no checkpoint';
          const witnesses = o.witnesses.map((w) => `${w.witness}@${w.size}`).join(', ') || 'none';
          io.out(
            `  ${o.origin}${o.own ? ' (this workstation)' : ''}: ${o.entries} entries, ${head}; witnesses: ${witnesses}`,
          );
        }
        return 0;
      }
      default:
        throw new UsageError(usage);
    }
  },
};
