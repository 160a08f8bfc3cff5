// Hashing many image files with PDQ in worker threads, so the main thread (and the UI it serves) stays
// responsive: a small pool, results in input order, one file's failure never aborting the others. It never
// hashes in the calling thread and never holds pixels: workers decode and hash by path.
//
// Where the worker script is: `workerFile`, or by default `pdq-worker` beside this module, with this
// module's own extension. From TypeScript sources (vitest, tsx) that is pdq-worker.ts, started with tsx's
// loader; in an esbuild bundle it is `pdq-worker.cjs` (or .js) in the bundle's directory, so the build must
// emit main/core/matching/pdq/pdq-worker.ts as that second entry point, next to the bundle that uses the pool.
// sharp asks to be loaded in the main thread before any worker (on glibc Linux), so its shared libraries
// outlive the threads.
import 'sharp';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CustodyError, InvalidInputError } from '../../errors';
import { DEFAULT_MAX_PIXELS, ImageDecodeError, type FrameRange } from './decode';
import type { PdqResult } from './pdq';
import type { PdqJob, PdqJobFailure, PdqJobOutcome } from './worker-protocol';

/** A worker failed on a file for a reason other than the file itself (a bug, or a crashed thread). */
export class PdqWorkerError extends CustodyError {
  constructor(
    readonly file: string,
    cause: string,
  ) {
    super(
      'INTERNAL',
      `PDQ hashing of "${file}" failed inside its worker (${cause}). The file was not hashed; try it again.`,
    );
  }
}

export type PdqFileResult =
  | { path: string; ok: true; pdq: PdqResult }
  | { path: string; ok: false; error: ImageDecodeError | PdqWorkerError };

/** PDQ of further frames of one multi-frame image: each frame hashed, or why they could not be. */
export type PdqFramesResult =
  | { ok: true; frames: Array<{ frame: number; pdq: PdqResult }> }
  | { ok: false; error: ImageDecodeError | PdqWorkerError };

export interface PdqPoolOptions {
  /** Worker threads; default and maximum os.availableParallelism(). */
  size?: number;
  /** The worker script; default `pdq-worker` beside this module (see the header of worker-pool.ts). */
  workerFile?: string;
  /** Refuse images with more pixels than this. Default DEFAULT_MAX_PIXELS. */
  maxPixels?: number;
}

export interface HashFilesOptions {
  /** Also compute the 8 dihedral hashes of each file. */
  dihedral?: boolean;
}

const WORKER_NAME = 'pdq-worker';

function thisModuleFile(): string {
  // An esbuild CJS bundle defines __filename (import.meta is empty there); ESM under tsx has only
  // import.meta.url; vitest has both.
  return typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
}

/** The default worker script: `pdq-worker` with this module's extension, in this module's directory. */
export function defaultPdqWorkerFile(): string {
  const here = thisModuleFile();
  return join(dirname(here), `${WORKER_NAME}${extname(here)}`);
}

/** A TypeScript worker needs tsx's loader (a dev dependency; bundled builds use a JavaScript worker). */
function workerExecArgv(workerFile: string): string[] | undefined {
  if (extname(workerFile) !== '.ts') return undefined;
  const loader = createRequire(thisModuleFile()).resolve('tsx');
  return ['--import', pathToFileURL(loader).href];
}

interface Pending {
  job: PdqJob;
  settle: (outcome: PdqJobOutcome) => void;
}

interface Slot {
  worker: Worker;
  current: Pending | undefined;
}

function errorOf(path: string, failure: PdqJobFailure): ImageDecodeError | PdqWorkerError {
  return failure.kind === 'decode'
    ? new ImageDecodeError(failure.file, failure.reason, failure.detail)
    : new PdqWorkerError(path, failure.message);
}

function fileResult(path: string, outcome: PdqJobOutcome): PdqFileResult {
  if (!outcome.ok) return { path, ok: false, error: errorOf(path, outcome.failure) };
  if ('result' in outcome) return { path, ok: true, pdq: outcome.result };
  return { path, ok: false, error: new PdqWorkerError(path, 'the worker answered with frames') };
}

/**
 * A pool of PDQ worker threads, started on demand and kept (unreferenced, so they never hold the process
 * open) until close(). Safe to share: concurrent hashFiles calls queue fairly.
 */
export class PdqWorkerPool {
  readonly size: number;
  readonly workerFile: string;
  readonly #maxPixels: number;
  readonly #execArgv: string[] | undefined;
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  #closed = false;

  constructor(options: PdqPoolOptions = {}) {
    const limit = availableParallelism();
    const size = options.size ?? limit;
    if (!Number.isInteger(size) || size < 1) {
      throw new InvalidInputError(`A PDQ pool needs at least one worker, not ${size}.`);
    }
    this.size = Math.min(size, limit);
    this.workerFile = options.workerFile ?? defaultPdqWorkerFile();
    if (!existsSync(this.workerFile)) {
      throw new InvalidInputError(
        `The PDQ worker script ${this.workerFile} does not exist. Build ${basename(this.workerFile)} beside ` +
          'the bundle, or pass workerFile.',
      );
    }
    this.#maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
    this.#execArgv = workerExecArgv(this.workerFile);
  }

  /** PDQ of each file, in the order given; a file that fails gives an error entry, never a rejection. */
  async hashFiles(paths: readonly string[], options: HashFilesOptions = {}): Promise<PdqFileResult[]> {
    if (this.#closed) throw new InvalidInputError('This PDQ pool is closed; create a new one.');
    const dihedral = options.dihedral ?? false;
    return Promise.all(
      paths.map(
        (path) =>
          new Promise<PdqFileResult>((resolve) => {
            this.#queue.push({
              job: { path, dihedral, maxPixels: this.#maxPixels },
              settle: (outcome) => resolve(fileResult(path, outcome)),
            });
            this.#dispatch();
          }),
      ),
    );
  }

  /** PDQ of an image already in memory; `name` appears in errors. Fails with an error entry, never a rejection. */
  async hashBytes(name: string, bytes: Uint8Array, options: HashFilesOptions = {}): Promise<PdqFileResult> {
    if (this.#closed) throw new InvalidInputError('This PDQ pool is closed; create a new one.');
    return new Promise<PdqFileResult>((resolve) => {
      this.#queue.push({
        job: { path: name, bytes, dihedral: options.dihedral ?? false, maxPixels: this.#maxPixels },
        settle: (outcome) => resolve(fileResult(name, outcome)),
      });
      this.#dispatch();
    });
  }

  /**
   * PDQ of frames of a multi-frame image already in memory (the first frame is hashBytes'), decoded a few
   * at a time within the pool's pixel limit. Fails with an error entry, never a rejection.
   */
  async hashFrames(name: string, bytes: Uint8Array, frames: FrameRange): Promise<PdqFramesResult> {
    if (this.#closed) throw new InvalidInputError('This PDQ pool is closed; create a new one.');
    return new Promise<PdqFramesResult>((resolve) => {
      this.#queue.push({
        job: { path: name, bytes, dihedral: false, maxPixels: this.#maxPixels, frames },
        settle: (outcome) => {
          if (!outcome.ok) resolve({ ok: false, error: errorOf(name, outcome.failure) });
          else resolve({ ok: true, frames: 'frames' in outcome ? outcome.frames : [] });
        },
      });
      this.#dispatch();
    });
  }

  /** Stop every worker. Files still queued or in progress get a PdqWorkerError entry. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of this.#queue.splice(0)) {
      pending.settle({ ok: false, failure: { kind: 'internal', message: 'the pool was closed' } });
    }
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const slot = this.#slots.find((candidate) => candidate.current === undefined) ?? this.#spawn();
      if (!slot) return;
      const pending = this.#queue.shift();
      if (!pending) return;
      slot.current = pending;
      slot.worker.ref();
      slot.worker.postMessage(pending.job);
    }
  }

  #spawn(): Slot | undefined {
    if (this.#closed || this.#slots.length >= this.size) return undefined;
    const worker = new Worker(this.workerFile, this.#execArgv ? { execArgv: this.#execArgv } : {});
    const slot: Slot = { worker, current: undefined };
    let crash = 'the worker stopped';
    worker.on('message', (outcome: PdqJobOutcome) => {
      const pending = slot.current;
      if (!pending) return;
      slot.current = undefined;
      worker.unref();
      pending.settle(outcome);
      this.#dispatch();
    });
    worker.on('error', (error) => {
      crash = error.message;
    });
    worker.on('exit', (code) => {
      this.#slots.splice(this.#slots.indexOf(slot), 1);
      const pending = slot.current;
      slot.current = undefined;
      if (pending) {
        pending.settle({ ok: false, failure: { kind: 'internal', message: `${crash}, exit code ${code}` } });
      }
      this.#dispatch();
    });
    this.#slots.push(slot);
    return slot;
  }
}

/** One-shot: hash the files with a pool of its own, closed afterwards. See PdqWorkerPool.hashFiles. */
export async function hashFiles(
  paths: readonly string[],
  options: HashFilesOptions & PdqPoolOptions = {},
): Promise<PdqFileResult[]> {
  const pool = new PdqWorkerPool({
    ...options,
    size: Math.max(1, Math.min(options.size ?? paths.length, availableParallelism())),
  });
  try {
    return await pool.hashFiles(paths, options);
  } finally {
    await pool.close();
  }
}
