// Ingest benchmark: throughput on 200 MB of large files and on 1,000 small generated JPEGs (every display
// copy rendered, PDQ computed), each next to `sha256sum` over the same files in the same run (both with the
// files in the page cache). Targets (issue 13): at least 0.6x the MB/s of sha256sum on large files, and at
// least 80 small JPEGs a second, on a 2-core machine. The load average is printed: on a shared machine the
// absolute figures move with it, the ratio much less.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ingestPaths } from '../../main/core/media/ingest';
import { Vault } from '../../main/core/identity';
import { patternImage } from '../support/media';
import { fmt, quick, table, timed } from './support';

const run = promisify(execFile);
const largeFiles = 4;
const largeBytes = (quick ? 10 : 50) * 1024 * 1024;
const smallFiles = quick ? 200 : 1000;

async function files(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort().map((name) => join(dir, name));
}

async function measure(label: string, dir: string, root: string): Promise<Record<string, string>[]> {
  const paths = await files(dir);
  const bytes = (await Promise.all(paths.map((p) => readFile(p)))).reduce((sum, b) => sum + b.length, 0);
  const sha = await timed(() => run('sha256sum', paths, { maxBuffer: 64 * 1024 * 1024 }));
  const vault = await Vault.create(
    join(root, `vault-${label}`),
    { user: 'bench', passphrase: 'benchmark passphrase' },
    {
      stateDir: join(root, 'state'),
    },
  );
  const ingest = await timed(() => ingestPaths(vault, [dir]));
  vault.lock();
  if (ingest.value.failed > 0) throw new Error(`${ingest.value.failed} file(s) failed to ingest`);
  const mb = bytes / 1e6;
  const shaRate = mb / sha.seconds;
  const ingestRate = mb / ingest.seconds;
  return [
    {
      workload: label,
      tool: 'sha256sum (baseline)',
      'MB/s': fmt(shaRate),
      'files/s': fmt(paths.length / sha.seconds, 0),
      ratio: '1.00',
    },
    {
      workload: label,
      tool: 'custody ingest (3 hashes + AES-GCM + fsync + ledger)',
      'MB/s': fmt(ingestRate),
      'files/s': fmt(paths.length / ingest.seconds, 0),
      ratio: fmt(ingestRate / shaRate, 2),
    },
  ];
}

const root = await mkdtemp(join(tmpdir(), 'custody-bench-ingest-'));
try {
  const large = join(root, 'large');
  const small = join(root, 'small');
  await mkdir(large);
  await mkdir(small);
  for (let i = 0; i < largeFiles; i++)
    await writeFile(join(large, `large-${i}.bin`), randomBytes(largeBytes));
  for (let i = 0; i < smallFiles; i++) {
    await writeFile(
      join(small, `img-${String(i).padStart(4, '0')}.jpg`),
      await patternImage(i, 'jpeg', { width: 320, height: 240 }),
    );
  }
  const rows = [
    ...(await measure(`${largeFiles} x ${largeBytes / 1024 / 1024} MiB random`, large, root)),
    ...(await measure(`${smallFiles} small JPEGs`, small, root)),
  ];
  table(
    `Ingest${quick ? ' (quick)' : ''} — targets: large files at >= 0.60x sha256sum, small JPEGs at >= 80 files/s ` +
      `(load average ${loadavg()
        .map((l) => fmt(l))
        .join(' ')})`,
    rows,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
