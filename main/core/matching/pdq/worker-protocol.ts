// The messages between worker-pool.ts and pdq-worker.ts: one job per file, one outcome per job, as plain
// structured-clone data. It holds types only and never runs code of its own.
import type { ImageDecodeFailure } from './decode';
import type { PdqResult } from './pdq';

/** One file to hash. A worker has one job at a time, so outcomes need no job id. */
export interface PdqJob {
  path: string;
  dihedral: boolean;
  maxPixels: number;
}

/** Why a job failed: a decode failure (the file's fault) or an internal one (a bug, or a crashed worker). */
export type PdqJobFailure =
  | { kind: 'decode'; file: string; reason: ImageDecodeFailure; detail: string }
  | { kind: 'internal'; message: string };

export type PdqJobOutcome = { ok: true; result: PdqResult } | { ok: false; failure: PdqJobFailure };
