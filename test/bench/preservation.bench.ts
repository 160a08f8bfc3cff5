// Preservation package benchmark: a case whose evidence totals BENCH_PRESERVE_GB gigabytes (5 by default,
// 0.5 with --quick) is packaged as a signed BagIt bag; throughput is set against `sha512sum` of the same
// source files in the same run, and the process's resident memory is sampled while it packages (flat
// memory: the package streams, it never holds a file).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { open, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installSelfSignedIdentity, Vault } from '../../main/core/identity';
import { importCase } from '../../main/core/media';
import { preserveCase } from '../../main/core/preservation';
import { writeExampleCase } from '../../main/core/review';
import { fmt, mib, quick, table, timed } from './support';

const gigabytes = Number(process.env.BENCH_PRESERVE_GB ?? (quick ? 0.5 : 5));
const totalBytes = Math.round(gigabytes * 1024 ** 3);
const root = await mkdtemp(join(tmpdir(), 'custody-bench-preserve-'));
try {
  const vault = await Vault.create(
    join(root, 'vault'),
    { user: 'bench', passphrase: 'benchmark passphrase' },
    { stateDir: join(root, 'state') },
  );
  const caseFile = await writeExampleCase(join(root, 'case'));
  const media = join(root, 'case', 'media');
  const chunk = randomBytes(64 * 1024 * 1024);
  const big = await open(join(media, 'notes.txt'), 'w');
  for (let written = 0; written < totalBytes; written += chunk.length)
    await big.write(chunk, 0, Math.min(chunk.length, totalBytes - written));
  await big.close();
  const ingest = await timed(() => importCase(vault, caseFile));
  await installSelfSignedIdentity(vault, {
    commonName: 'Bench',
    organisation: 'Bench',
    email: 'b@example.org',
  });
  const files = (await readdir(media)).map((f) => join(media, f));
  const baseline = await timed(() => execFileSync('sha512sum', files, { maxBuffer: 1 << 20 }));

  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const packaged = await timed(() =>
    preserveCase(vault, { caseId: ingest.value.caseId, destination: join(root, 'package') }),
  );
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  vault.lock();
  const bytes = packaged.value.bytes;
  const mbps = (b: number, s: number) => fmt(b / 1e6 / s);
  table(`Preservation package of a ${mib(bytes)} case (${packaged.value.files} payload files)`, [
    {
      what: 'sha512sum of the same source files (baseline)',
      value: `${fmt(baseline.seconds, 2)} s`,
      'MB/s': mbps(bytes, baseline.seconds),
    },
    {
      what: 'preserve: decrypt, SHA-512 + SHA-256, write the bag, sign',
      value: `${fmt(packaged.seconds, 2)} s`,
      'MB/s': mbps(bytes, packaged.seconds),
    },
    {
      what: 'ratio (package time / sha512sum time)',
      value: fmt(packaged.seconds / baseline.seconds, 2),
      'MB/s': '',
    },
    { what: 'resident memory before packaging', value: mib(before), 'MB/s': '' },
    { what: 'peak resident memory while packaging', value: mib(peak), 'MB/s': '' },
    {
      what: '(ingest of the case, for reference)',
      value: `${fmt(ingest.seconds, 2)} s`,
      'MB/s': mbps(bytes, ingest.seconds),
    },
  ]);
} finally {
  await rm(root, { recursive: true, force: true });
}
