// `npm run bench`: runs every benchmark in test/bench (*.bench.ts) in its own process, one after another,
// so each measures alone. Pass --quick for smaller workloads, or names to run only some (e.g. `ledger`).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const only = args.filter((a) => !a.startsWith('--'));
const benches = readdirSync(join('test', 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join('test', 'bench', file), ...flags],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    failed++;
    console.error(`${file} failed (exit ${result.status ?? result.signal}).`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
