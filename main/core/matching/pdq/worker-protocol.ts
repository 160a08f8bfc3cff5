// The messages between worker-pool.ts and pdq-worker.ts: one job per file, one outcome per job, as plain
// structured-clone data. It holds types only and never runs code of its own.
import type { FrameRange, ImageDecodeFailure } from './decode';
import type { PdqResult } from './pdq';

/** One file to hash. A worker has one job at a time, so outcomes need no job id. */
export interface PdqJob {
  /** The file to read, or the name to give in errors when `bytes` are sent. */
  path: string;
  /** The image's bytes, when the caller has already read them (ingest reads each file once). */
  bytes?: Uint8Array;
  dihedral: boolean;
  maxPixels: number;
  /** Hash these frames of `bytes` (a multi-frame image) instead of the first frame. */
  frames?: FrameRange;
}

/** Why a job failed: a decode failure (the file's fault) or an internal one (a bug, or a crashed worker). */
export type PdqJobFailure =
  | { kind: 'decode'; file: string; reason: ImageDecodeFailure; detail: string }
  | { kind: 'internal'; message: string };

export type PdqJobOutcome =
  | { ok: true; result: PdqResult }
  | { ok: true; frames: Array<{ frame: number; pdq: PdqResult }> }
  | { ok: false; failure: PdqJobFailure };
