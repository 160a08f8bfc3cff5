// custody match: match vault items against the vault's banks (computing missing PDQ hashes first; rotated
// and mirrored copies included), or, with --bank-file, match image files against a hash-list file without
// any vault.
import { matchStoredItems } from '../../core/media';
import { DEFAULT_PDQ_THRESHOLD, formatNamed, quickMatch, readBankFile } from '../../core/matching';
import { parse, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('match');

function threshold(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PDQ_THRESHOLD;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 255)
    throw new UsageError('--threshold must be a whole number of bits, 0 to 255.');
  return n;
}

export const match: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...vaultOptions,
        'bank-file': { type: 'string' },
        format: { type: 'string' },
        threshold: { type: 'string' },
        json: { type: 'boolean' },
      },
      usage,
    );
    const bits = threshold(values.threshold);
    const bankFile = values['bank-file'];
    if (typeof bankFile === 'string') {
      if (positionals.length === 0) throw new UsageError(`name at least one image.\nusage: ${usage}`);
      const format = values.format ? formatNamed(values.format) : undefined;
      const { problems, results } = await quickMatch(
        readBankFile(bankFile, format ? { format } : {}),
        positionals,
        bits,
      );
      for (const p of problems) io.err(`${bankFile}:${p.line}: ${p.message}`);
      let failed = 0;
      for (const r of results) {
        if (!r.ok) {
          failed++;
          io.err(`custody match: ${r.error}`);
          continue;
        }
        if (values.json) io.out(JSON.stringify(r));
        else
          for (const m of r.matches)
            io.out(
              `${r.path} ${m.algorithm} ${m.distance} ${m.value} line ${m.line}` +
                (m.transform && m.transform !== 'original' ? ` as ${m.transform}` : '') +
                (m.label ? ` ${m.label}` : ''),
            );
      }
      return failed > 0 ? 1 : 0;
    }
    const results = await withVault(values, io, usage, (vault) =>
      matchStoredItems(vault, positionals, bits, ({ itemId, matches }) => {
        if (values.json) io.out(JSON.stringify({ item: itemId, matches }));
        else {
          for (const m of matches) {
            io.out(
              `${itemId} ${m.bankName} ${m.bankVersion} ${m.bankKind} ${m.algorithm} ${m.distance} ${m.matchedValue}` +
                (m.transform && m.transform !== 'original' ? ` as ${m.transform}` : '') +
                (m.suppressor
                  ? ` suppressed-by ${m.suppressedBy} (${m.suppressor.algorithm} ${m.suppressor.value} d=${m.suppressor.distance})`
                  : '') +
                (m.flaggedAt ? ` flagged ${m.flaggedAt}` : ''),
            );
          }
        }
      }),
    );
    const counts = {
      checked: results.length,
      matched: results.filter((r) => r.matches.some((m) => m.bankKind === 'known' && !m.suppressedBy)).length,
    };
    io.err(`Checked ${counts.checked} item(s); ${counts.matched} match a known bank.`);
    return 0;
  },
};
