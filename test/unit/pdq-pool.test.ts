// The PDQ worker pool: files hashed off the main thread come back in order and equal to in-thread hashing;
// an undecodable file or a crashed worker gives an error entry while the others succeed; and the worker
// loads both from TypeScript sources (here) and from an esbuild CommonJS bundle (built in a temp dir).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hashFiles,
  hashImage,
  ImageDecodeError,
  PdqWorkerError,
  PdqWorkerPool,
  type PdqResult,
} from '../../main/core/matching/pdq';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;
let images: string[];
let expected: PdqResult[];

/** Generated test images: gradients, stripes, checks and noise, as PNG and JPEG. */
async function makeImages(): Promise<string[]> {
  const width = 160;
  const height = 120;
  const patterns: ((x: number, y: number, c: number) => number)[] = [
    (x, y, c) => (x * 255) / width + c * 20,
    (x, y) => (Math.floor(y / 8) % 2) * 255,
    (x, y, c) => ((Math.floor(x / 20) + Math.floor(y / 20)) % 2) * (200 - c * 40),
    (x, y, c) => (x * 7919 + y * 104729 + c * 13) % 251,
  ];
  const paths: string[] = [];
  for (const [i, pattern] of patterns.entries()) {
    const pixels = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 3; c++) pixels[(y * width + x) * 3 + c] = pattern(x, y, c);
      }
    }
    const path = join(dir, `pattern-${i}.${i % 2 ? 'jpg' : 'png'}`);
    const image = sharp(pixels, { raw: { width, height, channels: 3 } });
    await (i % 2 ? image.jpeg({ quality: 90 }) : image.png()).toFile(path);
    paths.push(path);
  }
  return paths;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custody-pdq-pool-'));
  images = await makeImages();
  expected = await Promise.all(images.map((path) => hashImage(path, { dihedral: true })));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PdqWorkerPool from TypeScript sources', () => {
  it('hashes several files in order, equal to hashing in the calling thread', async () => {
    const pool = new PdqWorkerPool({ size: 2 });
    try {
      const many = [...images, ...images, ...images];
      const results = await pool.hashFiles(many, { dihedral: true });
      expect(results.map((result) => result.path)).toEqual(many);
      expect(results.map((result) => (result.ok ? result.pdq : result.error))).toEqual([
        ...expected,
        ...expected,
        ...expected,
      ]);
    } finally {
      await pool.close();
    }
  });

  it('gives an undecodable or missing file an error entry while the others succeed', async () => {
    const text = join(dir, 'statement.jpg');
    await writeFile(text, 'A witness statement, not a picture.\n');
    const missing = join(dir, 'missing.png');
    const [first, bad, second, gone, third] = await hashFiles([
      images[0] ?? '',
      text,
      images[1] ?? '',
      missing,
      images[2] ?? '',
    ]);
    expect([first, second, third].map((result) => result?.ok && result.pdq.hash)).toEqual(
      expected.slice(0, 3).map((result) => result.hash),
    );
    expect(first?.ok && first.pdq.dihedral).toBeUndefined();
    for (const [result, reason, path] of [
      [bad, 'unsupported', text],
      [gone, 'unreadable', missing],
    ] as const) {
      expect(result?.ok).toBe(false);
      if (result?.ok !== false) continue;
      expect(result.path).toBe(path);
      expect(result.error).toBeInstanceOf(ImageDecodeError);
      expect(result.error).toMatchObject({ file: path, reason });
    }
  });

  it('caps the pool at the machine parallelism and refuses a missing worker script', () => {
    expect(new PdqWorkerPool({ size: 10_000 }).size).toBe(availableParallelism());
    expect(new PdqWorkerPool().size).toBe(availableParallelism());
    expect(new PdqWorkerPool({ size: 1 }).size).toBe(1);
    expect(() => new PdqWorkerPool({ workerFile: join(dir, 'nope.cjs') })).toThrow(/does not exist/);
    expect(() => new PdqWorkerPool({ size: 0 })).toThrow(/at least one worker/);
  });

  it('turns a crashed worker into error entries and keeps going with new workers', async () => {
    const crashing = join(dir, 'crashing-worker.cjs');
    await writeFile(
      crashing,
      "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n",
    );
    const results = await hashFiles(images.slice(0, 3), { workerFile: crashing, size: 1 });
    expect(results).toHaveLength(3);
    for (const result of results) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toBeInstanceOf(PdqWorkerError);
    }
  });
});

describe('PdqWorkerPool bundled by esbuild into CommonJS', () => {
  it('finds pdq-worker.cjs beside the bundle and hashes as the sources do', async () => {
    const out = join(dir, 'bundle');
    const sharpEntry = createRequire(join(ROOT, 'package.json')).resolve('sharp');
    // sharp stays external (a native module), required by absolute path since the bundle is outside the repo.
    const sharpExternal = {
      name: 'sharp-external',
      setup(builder: { onResolve: (options: { filter: RegExp }, callback: () => object) => void }) {
        builder.onResolve({ filter: /^sharp$/ }, () => ({ path: sharpEntry, external: true }));
      },
    };
    const common = {
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      logLevel: 'silent',
    } as const;
    await build({
      ...common,
      stdin: {
        contents: [
          "import { hashFiles } from './main/core/matching/pdq';",
          'hashFiles(process.argv.slice(2), { dihedral: true }).then((results) =>',
          '  console.log(JSON.stringify(results.map((r) => (r.ok ? r.pdq : r.error.name)))));',
        ].join('\n'),
        resolveDir: ROOT,
        loader: 'ts',
      },
      outfile: join(out, 'app.cjs'),
      plugins: [sharpExternal],
    });
    await build({
      ...common,
      entryPoints: [join(ROOT, 'main/core/matching/pdq/pdq-worker.ts')],
      outfile: join(out, 'pdq-worker.cjs'),
      plugins: [sharpExternal],
    });
    const notImage = join(dir, 'notes.png');
    await writeFile(notImage, 'not an image');
    const { stdout } = await promisify(execFile)(process.execPath, [
      join(out, 'app.cjs'),
      ...images,
      notImage,
    ]);
    expect(JSON.parse(stdout)).toEqual([...expected, 'ImageDecodeError']);
  });
});
