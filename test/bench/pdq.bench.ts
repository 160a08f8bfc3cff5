// PDQ costs: (a) images per second, decode alone against decode + hash in the same run, on the reference
// 1600x1004 photos and on generated 12-megapixel images; (b) the PDQ index at 1M and 10M random hashes with
// 1,000 planted near-duplicates: build time, memory, query latency, recall against brute force.
// Run: npx tsx test/bench/pdq.bench.ts [--quick]   (prints figures; asserts nothing about time)
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { computePdq, decodeForPdq, hashImage, PdqWorkerPool } from '../../main/core/matching/pdq';
import { bruteForce } from '../../main/core/matching/pdq-index';
import { fixture } from '../support/fixtures';
import { seededRandom } from '../support/random';
import { buildIndex, measureQueries, PLANTED, pdqWorkload, THRESHOLD } from './pdq-workload';
import { fmt, mib, quick, table } from './support';

// Repeated decodes of one file must not be served from libvips' operation cache.
sharp.cache(false);

const BRIDGE = fixture('pdq', 'images', 'bridge-mods');
/** Seconds per call of `work` over `files`, `rounds` times each, after one warm-up round. */
async function secondsPerImage(
  files: string[],
  rounds: number,
  work: (file: string) => Promise<unknown>,
): Promise<number> {
  for (const file of files) await work(file);
  const start = performance.now();
  for (let round = 0; round < rounds; round++) for (const file of files) await work(file);
  return (performance.now() - start) / 1000 / (rounds * files.length);
}

/** Generated 4000x3000 JPEGs: a gradient with stripes, checks with noise, concentric rings. */
async function twelveMegapixelImages(dir: string, count: number): Promise<string[]> {
  const width = 4000;
  const height = 3000;
  const random = seededRandom(12).uint32;
  const patterns: ((x: number, y: number, c: number) => number)[] = [
    (x, y, c) => (x * 200) / width + (Math.floor(y / 50) % 2) * 40 + c * 5,
    (x, y, c) => ((Math.floor(x / 125) + Math.floor(y / 125)) % 2) * 160 + (random() & 63) + c * 3,
    (x, y, c) => 128 + 100 * Math.sin(Math.hypot(x - width / 2, y - height / 2) / (40 + c * 10)),
  ];
  const paths: string[] = [];
  for (const [i, pattern] of patterns.slice(0, count).entries()) {
    const pixels = Buffer.alloc(width * height * 3);
    for (let y = 0, p = 0; y < height; y++) {
      for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) pixels[p++] = pattern(x, y, c);
    }
    const path = join(dir, `generated-${i}.jpg`);
    await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 90 })
      .toFile(path);
    paths.push(path);
  }
  return paths;
}

async function imageThroughput(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'custody-pdq-bench-'));
  try {
    const sets: { name: string; files: string[]; rounds: number }[] = [];
    const bridge: string[] = [];
    for (const name of (await readdir(BRIDGE)).sort()) {
      const metadata = await sharp(join(BRIDGE, name)).metadata();
      if (metadata.width === 1600 && metadata.height === 1004) bridge.push(join(BRIDGE, name));
    }
    sets.push({ name: `bridge photos 1600x1004 (${bridge.length})`, files: bridge, rounds: quick ? 1 : 3 });
    const generated = await twelveMegapixelImages(dir, quick ? 1 : 3);
    sets.push({ name: `generated 4000x3000 (${generated.length})`, files: generated, rounds: quick ? 1 : 2 });

    const rows: Record<string, string>[] = [];
    const workers = availableParallelism();
    for (const { name, files, rounds } of sets) {
      const decode = await secondsPerImage(files, rounds, (file) => decodeForPdq(file));
      const decodeAndHash = await secondsPerImage(files, rounds, (file) => hashImage(file));
      const dihedral = await secondsPerImage(files, rounds, (file) => hashImage(file, { dihedral: true }));
      const pixels = await decodeForPdq(files[0] ?? '');
      const hashStart = performance.now();
      computePdq(pixels);
      const hashOnly = (performance.now() - hashStart) / 1000;

      const pool = new PdqWorkerPool();
      const batch = Array.from({ length: rounds * 2 }, () => files).flat();
      await pool.hashFiles(Array.from({ length: pool.size }, (_, i) => files[i % files.length] ?? ''));
      const poolStart = performance.now();
      const results = await pool.hashFiles(batch);
      const poolSeconds = (performance.now() - poolStart) / 1000;
      await pool.close();
      if (results.some((result) => !result.ok))
        throw new Error(`a benchmark image failed to hash in ${name}`);

      rows.push({
        images: name,
        'decode only /s': fmt(1 / decode),
        'decode+PDQ /s': fmt(1 / decodeAndHash),
        'decode+PDQ+dihedral /s': fmt(1 / dihedral),
        'PDQ alone ms': fmt(hashOnly * 1000),
        'overhead (decode+PDQ / decode)': `${fmt(decodeAndHash / decode, 2)}x`,
        [`pool of ${workers} /s`]: fmt(batch.length / poolSeconds),
      });
    }
    table('(a) PDQ throughput, one thread unless stated (sharp decode at full resolution, raw 8-bit)', rows);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function indexAt(size: number, bruteForceQueries: number): Record<string, string> {
  const workload = pdqWorkload(size);
  const { index, addSeconds, buildSeconds } = buildIndex(workload);
  const rss = process.memoryUsage().rss;
  const latency = measureQueries(index, workload);

  let identical = 0;
  let bruteMatches = 0;
  let recalled = 0;
  let bruteSeconds = 0;
  for (const query of workload.queries.slice(0, bruteForceQueries)) {
    const start = performance.now();
    const expected = bruteForce(workload.hashes, query, THRESHOLD);
    bruteSeconds += (performance.now() - start) / 1000;
    const actual = index.query(query, THRESHOLD);
    const ids = new Set(actual.map((match) => match.id));
    bruteMatches += expected.length;
    recalled += expected.filter((match) => ids.has(match.id)).length;
    if (JSON.stringify(actual) === JSON.stringify(expected)) identical++;
  }

  return {
    hashes: size.toLocaleString('en-US'),
    'add s': fmt(addSeconds, 2),
    'build s': fmt(buildSeconds, 2),
    'index memory': mib(index.byteLength),
    'process RSS': mib(rss),
    ...latency,
    'recall vs brute force': `${recalled}/${bruteMatches} (${identical}/${bruteForceQueries} sets identical)`,
    'brute force ms/query': fmt((bruteSeconds * 1000) / bruteForceQueries, 1),
  };
}

console.log(
  `PDQ benchmark${quick ? ' (quick)' : ''}: Node ${process.version}, ${availableParallelism()} CPUs`,
);
await imageThroughput();
const sizes = quick ? [100_000, 1_000_000] : [1_000_000, 10_000_000];
const rows: Record<string, string>[] = [];
for (const size of sizes) rows.push(indexAt(size, size >= 10_000_000 ? 20 : 100));
table(`(b) PDQ index, threshold ${THRESHOLD}, ${PLANTED} queries with a planted near-duplicate each`, rows);
