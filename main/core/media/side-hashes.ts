// SHA-1 and MD5 of the original bytes, computed on a worker thread from the same chunks the ingest reads
// (the file is still read once), so the reading thread only does SHA-256 and encryption; a small file's
// are computed in the reading thread, where they cost less than the messages. The worker
// needs nothing but node:crypto and is loaded from source, which works the same in tests, the CLI and
// Electron's main process.
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

const workerSource = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const jobs = new Map();
parentPort.on('message', (m) => {
  if (m.type === 'start') jobs.set(m.id, [createHash('sha1'), createHash('md5')]);
  else if (m.type === 'data') { const h = jobs.get(m.id); h[0].update(m.bytes); h[1].update(m.bytes); }
  else if (m.type === 'abort') jobs.delete(m.id);
  else if (m.type === 'end') {
    const h = jobs.get(m.id);
    jobs.delete(m.id);
    parentPort.postMessage({ id: m.id, sha1: h[0].digest('hex'), md5: h[1].digest('hex') });
  }
});
`;

export interface SideHashJob {
  /** Sends the bytes to the worker; `owned` (the bytes are their whole buffer, unused after) moves them. */
  update(bytes: Uint8Array, owned?: boolean): void;
  digest(): Promise<{ sha1: string; md5: string }>;
  abort(): void;
}

/**
 * Files up to this size are hashed in the reading thread: a few microseconds of hashing cost less than the
 * messages to the worker and back.
 */
export const inPlaceBytes = 256 * 1024;

/** SHA-1 and MD5 in the calling thread, for a small file. */
export function hashInPlace(): SideHashJob {
  const sha1 = createHash('sha1');
  const md5 = createHash('md5');
  return {
    update: (bytes) => {
      sha1.update(bytes);
      md5.update(bytes);
    },
    digest: () => Promise.resolve({ sha1: sha1.digest('hex'), md5: md5.digest('hex') }),
    abort: () => undefined,
  };
}

export class SideHasher {
  readonly #worker = new Worker(workerSource, { eval: true });
  readonly #waiting = new Map<
    number,
    { resolve: (d: { sha1: string; md5: string }) => void; reject: (e: Error) => void }
  >();
  #next = 0;

  constructor() {
    this.#worker.on('message', (m: { id: number; sha1: string; md5: string }) => {
      this.#waiting.get(m.id)?.resolve({ sha1: m.sha1, md5: m.md5 });
      this.#waiting.delete(m.id);
    });
    this.#worker.on('error', (error) => {
      for (const waiting of this.#waiting.values()) waiting.reject(error);
      this.#waiting.clear();
    });
  }

  start(): SideHashJob {
    const id = this.#next++;
    const worker = this.#worker;
    worker.postMessage({ type: 'start', id });
    return {
      update: (bytes, owned = false) =>
        worker.postMessage(
          { type: 'data', id, bytes },
          owned && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
            ? [bytes.buffer as ArrayBuffer]
            : [],
        ),
      digest: () =>
        new Promise((resolve, reject) => {
          this.#waiting.set(id, { resolve, reject });
          worker.postMessage({ type: 'end', id });
        }),
      abort: () => worker.postMessage({ type: 'abort', id }),
    };
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}
