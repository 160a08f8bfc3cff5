// vPDQ matching cost, through the matcher the vault uses: a video item's frames (one per second, each in
// its 8 orientations) matched against a PDQ bank of 1M random hashes (100k with --quick) held in the
// vault's stored index, as frames per second, next to matching one still image (8 orientations) against
// the same bank in the same run; and video-to-video matching against a vPDQ bank of the reference videos.
// Run: npx tsx test/bench/vpdq-match.bench.ts [--quick]   (prints figures; asserts nothing about time)
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Vault } from '../../main/core/identity';
import { importBank, itemVpdqFrames, Matcher, readBank } from '../../main/core/matching';
import { PDQ_WORDS } from '../../main/core/matching/pdq';
import { PdqIndex } from '../../main/core/matching/pdq-index';
import { dropSegment, recordSegment, writeSegment } from '../../main/core/matching/stored-pdq-index';
import { ingestPaths } from '../../main/core/media';
import { itemFacts } from '../../main/core/review';
import { removeBlobFile } from '../../main/core/vault';
import { fixture } from '../support/fixtures';
import { seededRandom } from '../support/random';
import { fmt, quick, table } from './support';

const SIZE = quick ? 100_000 : 1_000_000;
const ROUNDS = quick ? 3 : 10;
const credentials = { user: 'bench', passphrase: 'a bench passphrase, long enough' };
const videos = ['chair-orig-22-sd-bar', 'doorknob-hd-no-bar'];

const dir = await mkdtemp(join(tmpdir(), 'custody-vpdq-bench-'));
try {
  const src = join(dir, 'src');
  await mkdir(src);
  for (const name of videos)
    await copyFile(fixture('vpdq', 'videos', `${name}.mp4`), join(src, `${name}.mp4`));
  await copyFile(fixture('pdq', 'images', 'bridge-mods', 'aaa-orig.jpg'), join(src, 'still.jpg'));
  const vault = await Vault.create(join(dir, 'vault'), credentials, { stateDir: join(dir, 'state') });
  const ingested = await ingestPaths(vault, [src]);
  const idOf = (suffix: string) => {
    const outcome = ingested.outcomes.find((o) => o.path.endsWith(suffix));
    if (!outcome || outcome.kind === 'failed') throw new Error(`${suffix} was not ingested`);
    return outcome.itemId;
  };

  // A PDQ bank of SIZE random hashes: a one-line bank whose stored index segment is replaced by them.
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
  const random = seededRandom(SIZE).uint32;
  const index = new PdqIndex({ capacity: SIZE });
  const words = new Uint32Array(PDQ_WORDS);
  for (let id = 0; id < SIZE; id++) {
    for (let w = 0; w < PDQ_WORDS; w++) words[w] = random();
    index.add(id, words);
  }
  index.build();
  const segment = await writeSegment(vault, index);
  const replaced = vault.db.transaction(() => {
    const now = new Date().toISOString();
    const previous = dropSegment(vault, bank.id, now);
    recordSegment(vault, bank.id, segment, now);
    return previous;
  })();
  if (replaced) await removeBlobFile(vault.layout, replaced);
  // A vPDQ bank of the reference hashes of two sample videos, every frame.
  const list = (
    await Promise.all(
      ['chair-orig-22-sd-bar', 'pattern-sd-grey-bar'].map(
        async (name) => `video,,${name}\n${await readFile(fixture('vpdq', 'hashes', `${name}.txt`), 'utf8')}`,
      ),
    )
  ).join('\n');
  await importBank(vault, readBank(list, 'vpdq'), {
    name: 'videos',
    version: '1',
    source: 'reference',
    kind: 'known',
    format: 'vpdq',
  });

  const matcher = new Matcher(vault);
  const hashesOf = (id: string) => {
    const facts = itemFacts(vault, id);
    if (!facts) throw new Error(`no item ${id}`);
    return { id, md5: facts.md5, sha1: facts.sha1, sha256: facts.sha256 };
  };
  /** Median seconds of one matchItem over ROUNDS (the stored index opened before the first). */
  const median = (id: string): number => {
    matcher.matchItem(hashesOf(id));
    const times: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const start = performance.now();
      matcher.matchItem(hashesOf(id));
      times.push((performance.now() - start) / 1000);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)] ?? NaN;
  };
  const still = median(idOf('still.jpg'));
  const rows: Array<Record<string, string>> = [
    {
      item: 'still image (8 orientations)',
      frames: '1',
      'match ms': fmt(still * 1000, 2),
      'frames/s': fmt(1 / still, 1),
      'vs still': '1.00',
    },
  ];
  for (const name of videos) {
    const id = idOf(`${name}.mp4`);
    const frames = itemVpdqFrames(vault, id).filter((f) => f.quality >= 50).length;
    const seconds = median(id);
    rows.push({
      item: `${name} (1 frame/s, 8 orientations each)`,
      frames: String(frames),
      'match ms': fmt(seconds * 1000, 2),
      'frames/s': fmt(frames / seconds, 1),
      'vs still': fmt(seconds / still, 2),
    });
  }
  table(
    `Matching against a ${SIZE.toLocaleString('en-US')}-hash PDQ bank in the vault's stored index, plus a vPDQ bank of 2 reference videos (median of ${ROUNDS})`,
    rows,
  );
  vault.lock();
} finally {
  await rm(dir, { recursive: true, force: true });
}
