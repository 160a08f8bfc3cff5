// CLI start-up: the median wall time of `custody --help` and of `custody pdq` on one small generated image,
// against bare Node (`node -e 0`) measured in the same run, interleaved so a busy machine slows all three
// alike. Runs the built CLI through bin/custody.cjs, exactly as `npx custody` does (npm run bench builds).
// Run: npm run bench -- cli [--quick]   (prints figures; asserts nothing about time)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { patternImage } from '../support/media';
import { fmt, quick, table } from './support';

const RUNS = quick ? 5 : 21;
const launcher = resolve('bin', 'custody.cjs');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Milliseconds for one run of `node ...args`; a failing run stops the benchmark, since its time means nothing. */
function runOnce(args: string[]): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (result.status !== 0) {
    throw new Error(
      `node ${args.join(' ')} exited ${result.status ?? result.signal}: ${String(result.stderr)}`,
    );
  }
  return ms;
}

if (!existsSync(resolve('dist', 'cli')))
  throw new Error('The CLI is not built: run `npm run bench`, which builds it.');
const dir = await mkdtemp(join(tmpdir(), 'custody-cli-bench-'));
try {
  const image = join(dir, 'small.png');
  await writeFile(image, await patternImage(1));
  const cases = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'custody --help', args: [launcher, '--help'] },
    { name: 'custody pdq small.png', args: [launcher, 'pdq', image] },
  ];
  for (const c of cases) runOnce(c.args);
  const times = cases.map(() => [] as number[]);
  for (let run = 0; run < RUNS; run++) cases.forEach((c, i) => times[i]?.push(runOnce(c.args)));
  const medians = times.map(median);
  const bare = medians[0] ?? NaN;
  table(
    `CLI start-up, median of ${RUNS} runs each (96x64 PNG for pdq)`,
    cases.map((c, i) => ({
      command: c.name,
      'median ms': fmt(medians[i] ?? NaN),
      'min ms': fmt(Math.min(...(times[i] ?? []))),
      'x bare Node': fmt((medians[i] ?? NaN) / bare, 2),
    })),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
