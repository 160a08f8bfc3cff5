// custody ingest: store files and folders in the vault, one line per item as it lands.
import { ingestPaths, type IngestOutcome, type IngestProgress } from '../../core/media';
import { parse, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('ingest');

export const ingest: Command = {
  async run(args, io) {
    const { values, positionals } = parse(args, { ...vaultOptions, json: { type: 'boolean' } }, usage);
    if (positionals.length === 0) throw new UsageError(`name at least one file or folder.\nusage: ${usage}`);
    const print = (outcome: IngestOutcome) => {
      if (outcome.kind === 'failed') {
        io.err(`custody ingest: could not ingest ${outcome.path}: ${outcome.reason}`);
        if (values.json) io.out(JSON.stringify(outcome));
        return;
      }
      io.out(
        values.json ? JSON.stringify(outcome) : `${outcome.itemId} ${outcome.hashes.sha256} ${outcome.path}`,
      );
    };
    // On a terminal, a progress line on stderr that rewrites itself; never in pipes or logs.
    const progress = (p: IngestProgress) => {
      if (!process.stderr.isTTY || values.json) return;
      const mb = (n: number) => (n / 1e6).toFixed(1);
      process.stderr.write(
        `\r${p.filesDone}/${p.filesTotal} files, ${mb(p.bytesDone)}/${mb(p.bytesTotal)} MB`,
      );
      if (p.currentPath === null) process.stderr.write('\n');
    };
    const summary = await withVault(values, io, usage, (vault) =>
      ingestPaths(vault, positionals, { onOutcome: print, onProgress: progress }),
    );
    if (!values.json) {
      io.err(
        `Ingested ${summary.ingested} new item(s), ${summary.duplicates} duplicate source(s), ${summary.failed} failure(s).`,
      );
    }
    return summary.failed > 0 ? 1 : 0;
  },
};
