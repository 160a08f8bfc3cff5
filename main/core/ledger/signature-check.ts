// Checks Ed25519 signatures in bulk for ledger verification. Full verification of a large ledger is
// dominated by signature checks, so they run on worker threads with libsodium (sodium-native, about twice
// OpenSSL's verify rate here), in batches; without sodium it falls back to Node's crypto on this thread.
// Signing always uses Node's crypto: the signatures are standard Ed25519 either way.
import { createPublicKey, verify } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface SignatureJob {
  message: Uint8Array;
  /** 64 bytes. */
  signature: Uint8Array;
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
}

export interface SignatureChecker {
  /** Index of the first job whose signature does not verify, or -1 when all do. */
  check(jobs: readonly SignatureJob[]): Promise<number>;
  close(): Promise<void>;
}

const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

interface Sodium {
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

function loadSodium(): Sodium | null {
  const path = sodiumPath();
  if (!path) return null;
  try {
    return createRequire(path)(path) as Sodium;
  } catch {
    return null;
  }
}

/** Checks on this thread: libsodium when it loads, else Node's crypto. For small batches and fallbacks. */
export function inThreadChecker(): SignatureChecker {
  const sodium = loadSodium();
  const keys = new Map<string, ReturnType<typeof createPublicKey>>();
  const nodeVerify = (job: SignatureJob): boolean => {
    const id = Buffer.from(job.publicKey).toString('hex');
    let key = keys.get(id);
    if (!key) {
      key = createPublicKey({ key: Buffer.concat([spkiPrefix, job.publicKey]), format: 'der', type: 'spki' });
      keys.set(id, key);
    }
    return verify(null, job.message, key, job.signature);
  };
  const valid = sodium
    ? (job: SignatureJob) => sodium.crypto_sign_verify_detached(job.signature, job.message, job.publicKey)
    : nodeVerify;
  return {
    async check(jobs) {
      return jobs.findIndex((job) => !valid(job));
    },
    async close() {},
  };
}

/** Worker source: verifies packed batches with libsodium. Plain JavaScript, loaded with `eval`. */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const sodium = require(workerData.sodium);
parentPort.on('message', ({ id, packed }) => {
  const bytes = Buffer.from(packed);
  let at = 0;
  let index = 0;
  let bad = -1;
  while (at < bytes.length) {
    const signature = bytes.subarray(at, at + 64);
    const key = bytes.subarray(at + 64, at + 96);
    const length = bytes.readUInt32BE(at + 96);
    const message = bytes.subarray(at + 100, at + 100 + length);
    if (!sodium.crypto_sign_verify_detached(signature, message, key)) { bad = index; break; }
    at += 100 + length;
    index++;
  }
  parentPort.postMessage({ id, bad });
});
`;

function sodiumPath(): string | null {
  try {
    const resolver =
      typeof require === 'function' ? require : createRequire(join(process.cwd(), 'package.json'));
    return resolver.resolve('sodium-native');
  } catch {
    return null;
  }
}

function pack(jobs: readonly SignatureJob[]): ArrayBuffer {
  const size = jobs.reduce((sum, j) => sum + 100 + j.message.length, 0);
  const out = Buffer.alloc(size);
  let at = 0;
  for (const job of jobs) {
    out.set(job.signature, at);
    out.set(job.publicKey, at + 64);
    out.writeUInt32BE(job.message.length, at + 96);
    out.set(job.message, at + 100);
    at += 100 + job.message.length;
  }
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
}

/** A pool of worker threads with libsodium; falls back to inThreadChecker when sodium cannot load. */
export function parallelChecker(threads = Math.max(1, availableParallelism())): SignatureChecker {
  const sodium = sodiumPath();
  if (!sodium) return inThreadChecker();
  const workers = Array.from(
    { length: threads },
    () => new Worker(workerSource, { eval: true, workerData: { sodium } }),
  );
  const waiting = new Map<number, { resolve: (bad: number) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let turn = 0;
  for (const worker of workers) {
    worker.on('message', ({ id, bad }: { id: number; bad: number }) => {
      waiting.get(id)?.resolve(bad);
      waiting.delete(id);
    });
    worker.on('error', (error) => {
      for (const pending of waiting.values()) pending.reject(error);
      waiting.clear();
    });
  }
  return {
    check(jobs) {
      if (jobs.length === 0) return Promise.resolve(-1);
      const id = nextId++;
      const worker = workers[turn++ % workers.length] as Worker;
      const packed = pack(jobs);
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, packed }, [packed]);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
