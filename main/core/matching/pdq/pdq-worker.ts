// Worker-thread entry of the PDQ pool: hashes the files worker-pool.ts sends, one at a time, and answers
// each job with its result or its failure. It never throws a job's error out of the thread.
import { parentPort } from 'node:worker_threads';
import { ImageDecodeError } from './decode';
import { hashFrames, hashImage } from './hash-image';
import type { PdqJob, PdqJobFailure, PdqJobOutcome } from './worker-protocol';

if (!parentPort) {
  throw new Error('pdq-worker runs only as a worker thread started by worker-pool.ts.');
}
const port = parentPort;

function failureOf(error: unknown): PdqJobFailure {
  if (error instanceof ImageDecodeError) {
    return { kind: 'decode', file: error.file, reason: error.reason, detail: error.detail };
  }
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}

async function run(job: PdqJob): Promise<PdqJobOutcome> {
  const options = { dihedral: job.dihedral, maxPixels: job.maxPixels, name: job.path };
  try {
    if (job.frames && job.bytes)
      return { ok: true, frames: await hashFrames(job.bytes, job.frames, options) };
    return { ok: true, result: await hashImage(job.bytes ?? job.path, options) };
  } catch (error) {
    return { ok: false, failure: failureOf(error) };
  }
}

port.on('message', (job: PdqJob) => {
  void run(job).then((outcome) => port.postMessage(outcome));
});
