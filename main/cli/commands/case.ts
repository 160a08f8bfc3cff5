// custody case example|import|list: cases from a platform's case file, with their 24-hour clocks.
import { importCase } from '../../core/media';
import { listCases, writeExampleCase } from '../../core/review';
import { parse, requireString, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('case');

function clock(remainingMs: number): string {
  const minutes = Math.round(Math.abs(remainingMs) / 60_000);
  const text = `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
  return remainingMs < 0 ? `OVERDUE by ${text}` : `${text} left`;
}

export const caseCommand: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      { ...vaultOptions, out: { type: 'string' }, json: { type: 'boolean' } },
      usage,
    );
    const [action, file] = positionals;
    switch (action) {
      case 'example': {
        const path = await writeExampleCase(requireString(values.out, '--out', usage));
        io.out(`Wrote an example case (benign generated data) to ${path}`);
        return 0;
      }
      case 'import': {
        if (!file) throw new UsageError(`name the case file.\nusage: ${usage}`);
        const imported = await withVault(values, io, usage, (vault) => importCase(vault, file));
        if (values.json) io.out(JSON.stringify(imported));
        else io.out(imported.caseId);
        io.err(`Imported case "${imported.title}" with ${imported.items.length} file(s).`);
        return 0;
      }
      case 'list': {
        const cases = await withVault(values, io, usage, async (vault) => listCases(vault));
        if (values.json) io.out(JSON.stringify(cases));
        else if (cases.length === 0) io.out('No cases. Import one with `custody case import`.');
        else {
          for (const c of cases) {
            const due = c.status === 'open' ? clock(c.remainingMs) : c.status;
            io.out(`${c.id} [${due}] ${c.title} (${c.items} file(s), detected ${c.detectedAt})`);
          }
        }
        return 0;
      }
      default:
        throw new UsageError(
          `unknown action "${action ?? ''}": use example, import or list.\nusage: ${usage}`,
        );
    }
  },
};
