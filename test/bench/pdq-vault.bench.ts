// The persistent PDQ index inside a vault against the in-memory index, measured in the same run: at 10M
// random bank hashes (1M with --quick) with 1,000 planted near-duplicates, the build and the write into
// the vault's encrypted blob store, the open after unlock (decrypting the segment into one buffer; wall and
// CPU time, as this machine is shared), query p50/p99 for one orientation and for all 8 (as an item is
// matched), memory, and recall of the planted hashes.
// Run: npx tsx test/bench/pdq-vault.bench.ts [--quick]   (prints figures; asserts nothing about time)
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Vault } from '../../main/core/identity';
import { importBank, openSegments } from '../../main/core/matching';
import type { PdqIndex } from '../../main/core/matching/pdq-index';
import { dropSegment, recordSegment, writeSegment } from '../../main/core/matching/stored-pdq-index';
import { buildIndex, measureQueries, PLANTED, pdqWorkload, THRESHOLD } from './pdq-workload';
import { fmt, mib, quick, table } from './support';

const SIZE = quick ? 1_000_000 : 10_000_000;
const credentials = { user: 'bench', passphrase: 'a bench passphrase, long enough' };

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

console.log(
  `PDQ index in a vault${quick ? ' (quick)' : ''}: ${SIZE.toLocaleString('en-US')} hashes, Node ${process.version}, ${availableParallelism()} CPUs`,
);
const workload = pdqWorkload(SIZE);
const dir = await mkdtemp(join(tmpdir(), 'custody-pdq-vault-bench-'));
try {
  const rows: Record<string, string>[] = [];
  gc();
  const rssBefore = process.memoryUsage().rss;
  const { index: builtIndex, addSeconds, buildSeconds: tablesSeconds } = buildIndex(workload);
  let memoryIndex: PdqIndex | null = builtIndex;
  const buildSeconds = addSeconds + tablesSeconds;
  rows.push({
    index: 'in memory (baseline)',
    'build s': fmt(buildSeconds, 1),
    'write into vault s': '-',
    'open s': `${fmt(buildSeconds, 1)} (rebuilt)`,
    'index memory': mib(memoryIndex.byteLength),
    'RSS growth': mib(process.memoryUsage().rss - rssBefore),
    ...measureQueries(memoryIndex, workload, { orientations: true }),
  });

  const vault = await Vault.create(join(dir, 'vault'), credentials, { stateDir: join(dir, 'state') });
  async function* one() {
    yield { entry: { algorithm: 'pdq' as const, value: '0'.repeat(64), line: 1 } };
  }
  const { bank } = await importBank(vault, one(), {
    name: 'generated',
    version: '1',
    source: 'bench',
    kind: 'known',
    format: 'pdq',
  });
  let start = performance.now();
  const segment = await writeSegment(vault, memoryIndex);
  vault.db.transaction(() => {
    const now = new Date().toISOString();
    dropSegment(vault, bank.id, now);
    recordSegment(vault, bank.id, segment, now);
  })();
  const writeSeconds = (performance.now() - start) / 1000;
  vault.lock();
  memoryIndex = null;
  gc();

  start = performance.now();
  const reopened = await Vault.unlock(join(dir, 'vault'), credentials, { stateDir: join(dir, 'state') });
  const unlockSeconds = (performance.now() - start) / 1000;
  gc();
  const rssBaseline = process.memoryUsage().rss;
  const buffersBaseline = process.memoryUsage().arrayBuffers;
  start = performance.now();
  const cpuStart = process.cpuUsage();
  const [stored] = openSegments(reopened, [bank.id]);
  const openSeconds = (performance.now() - start) / 1000;
  const openCpu = process.cpuUsage(cpuStart);
  if (!stored) throw new Error('the stored index did not open');
  gc();
  rows.push({
    index: 'stored in the vault',
    'build s': fmt(buildSeconds, 1),
    'write into vault s': `${fmt(writeSeconds, 1)} (blob ${mib(segment.blob?.size ?? 0)} plaintext)`,
    'open s': `${fmt(openSeconds, 2)} (CPU ${fmt((openCpu.user + openCpu.system) / 1e6, 2)}; + unlock ${fmt(unlockSeconds, 2)})`,
    'index memory': mib(process.memoryUsage().arrayBuffers - buffersBaseline),
    'RSS growth': mib(process.memoryUsage().rss - rssBaseline),
    ...measureQueries(stored.index, workload, { orientations: true }),
  });
  reopened.lock();
  table(`PDQ index, threshold ${THRESHOLD}, ${PLANTED} queries with a planted near-duplicate each`, rows);
  console.log(`  (process RSS at the end ${mib(process.memoryUsage().rss)}, workload hashes included)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
