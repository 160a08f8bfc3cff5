// The fuzz suite's one runner: a fast-check property over a target, counting crashes (anything thrown but
// the errors the target documents), hangs (an input over its time bound) and peak memory, then shrinking
// the first crash to a replayable counterexample. It never hides a failure: a crash or hang fails the test.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CustodyError } from '../../main/core/errors';

/** Inputs per target: 200 in CI's seeded pass, 10,000 under `npm run fuzz` (CUSTODY_FUZZ_RUNS). */
export const fuzzRuns = positive('CUSTODY_FUZZ_RUNS', 200);

/**
 * The seed of every target (mixed with the target's name): fixed in CI so every run tests the same inputs,
 * set with CUSTODY_FUZZ_SEED to replay a failure or to explore.
 */
export const fuzzSeed = positive('CUSTODY_FUZZ_SEED', 20_261_213);

function positive(name: string, fallback: number): number {
  const given = process.env[name];
  if (given === undefined || given === '') return fallback;
  const value = Number(given);
  if (!Number.isSafeInteger(value) || value < 0 || value > 0xffff_ffff)
    throw new Error(`${name}=${given} is not an integer from 0 to 4294967295.`);
  return value;
}

export interface FuzzFigures {
  target: string;
  inputs: number;
  crashes: number;
  hangs: number;
  slowestMs: number;
  /** Highest resident set size sampled after each input, MiB. */
  peakRssMiB: number;
  seed: number;
}

export interface FuzzOptions {
  /** An input taking longer than this is a hang (default 5 s: the machine running CI is shared). */
  timeoutMs?: number;
  /** Errors the target documents besides Custody's typed errors (default: only CustodyError). */
  expected?: (error: unknown) => boolean;
  /** For targets documented never to throw (they return a problem instead): a typed error is a crash too. */
  typedErrorsAreCrashes?: boolean;
  /** Peak resident memory allowed while the target runs, MiB (default 2048). */
  maxRssMiB?: number;
  /** Inputs for this target when fewer than fuzzRuns make sense for a slow target (scaled the same way). */
  runs?: number;
  /**
   * Inputs in each generated value, for a target that takes its inputs in batches (ingest: one call over
   * many files): the figures count inputs, and the target runs fuzzRuns / batch batches unless `runs` is set.
   */
  batch?: number;
}

/** Generated values a target runs: batches of `batch` inputs, fuzzRuns inputs in all unless `runs` is set. */
function runsOf(options: FuzzOptions): number {
  return options.runs ?? Math.max(1, Math.ceil(fuzzRuns / (options.batch ?? 1)));
}

/** A fixed, replayable seed per target: the suite's seed mixed with the target's name. */
export function targetSeed(name: string): number {
  let hash = fuzzSeed >>> 0;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}

type Verdict = { kind: 'ok' } | { kind: 'crash'; error: unknown } | { kind: 'hang'; ms: number };

async function attempt<T>(
  run: (input: T) => unknown,
  input: T,
  timeoutMs: number,
  expected: (error: unknown) => boolean,
): Promise<Verdict & { ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  try {
    const finished = await Promise.race([Promise.resolve().then(() => run(input)), late]);
    const ms = performance.now() - started;
    if (finished === 'late' || ms > timeoutMs) return { kind: 'hang', ms };
    return { kind: 'ok', ms };
  } catch (error) {
    const ms = performance.now() - started;
    if (expected(error)) return ms > timeoutMs ? { kind: 'hang', ms } : { kind: 'ok', ms };
    return { kind: 'crash', error, ms };
  } finally {
    clearTimeout(timer);
  }
}

/** The start of an input, printed safely whatever its shape. */
function preview(input: unknown): string {
  try {
    return fc.stringify(input).slice(0, 600);
  } catch {
    return '(an input too deep to print)';
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${error.stack ?? ''}`.slice(0, 2000);
  return String(error).slice(0, 2000);
}

/** Runs the property over `runs` inputs and returns its figures, with the shrunk first failure if any. */
export async function fuzz<T>(
  target: string,
  inputs: fc.Arbitrary<T>,
  run: (input: T) => unknown,
  options: FuzzOptions = {},
): Promise<FuzzFigures & { failure?: string }> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const documented = options.expected ?? (() => false);
  const expected = options.typedErrorsAreCrashes
    ? documented
    : (error: unknown) => error instanceof CustodyError || documented(error);
  const batch = options.batch ?? 1;
  const runs = runsOf(options);
  const seed = targetSeed(target);
  const figures: FuzzFigures = { target, inputs: 0, crashes: 0, hangs: 0, slowestMs: 0, peakRssMiB: 0, seed };
  let firstBad: string | undefined;
  await fc.assert(
    fc.asyncProperty(inputs, async (input) => {
      const verdict = await attempt(run, input, timeoutMs, expected);
      figures.inputs += batch;
      figures.slowestMs = Math.max(figures.slowestMs, verdict.ms);
      figures.peakRssMiB = Math.max(figures.peakRssMiB, process.memoryUsage.rss() / 1048576);
      if (verdict.kind === 'crash') figures.crashes++;
      if (verdict.kind === 'hang') figures.hangs++;
      if (verdict.kind !== 'ok' && firstBad === undefined)
        firstBad = `${verdict.kind === 'crash' ? describeError(verdict.error) : `hang: ${verdict.ms.toFixed(0)} ms`}\non ${preview(input)}`;
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
  figures.slowestMs = Math.round(figures.slowestMs);
  figures.peakRssMiB = Math.round(figures.peakRssMiB);
  if (figures.crashes + figures.hangs === 0) return figures;
  // Replays the same inputs, now failing on the first bad one, so fast-check shrinks it and prints the
  // counterexample with its seed and path.
  const shrunk = await fc.check(
    fc.asyncProperty(inputs, async (input) => {
      const verdict = await attempt(run, input, timeoutMs, expected);
      if (verdict.kind === 'crash') throw verdict.error;
      return verdict.kind === 'ok';
    }),
    { numRuns: runs, seed },
  );
  const report = shrunk.failed ? reportOf(shrunk) : 'the failure did not happen again on replay';
  return { ...figures, failure: `${firstBad ?? ''}\n${report}` };
}

/**
 * fast-check's report of a failure, or, when printing the counterexample itself fails (a value nested
 * tens of thousands deep overflows the stack of fc.stringify), its seed and path, which replay it.
 */
function reportOf<T>(details: fc.RunDetails<[T]>): string {
  try {
    return `${fc.defaultReportMessage(details) ?? ''}`.slice(0, 4000);
  } catch {
    return `seed ${details.seed}, path "${details.counterexamplePath ?? ''}" (the counterexample is too deep to print)`;
  }
}

/** Appends a target's figures where `npm run fuzz` collects them (CUSTODY_FUZZ_FIGURES), if set. */
export function recordFigures(figures: object): void {
  const file = process.env.CUSTODY_FUZZ_FIGURES;
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(figures)}\n`);
}

/**
 * One fuzz target as a vitest test: fails on any crash, hang or memory over the bound, naming the seed
 * (CUSTODY_FUZZ_SEED replays the whole suite; the per-target seed and shrunk input are in the message).
 */
export function fuzzTarget<T>(
  target: string,
  inputs: () => fc.Arbitrary<T>,
  run: (input: T) => unknown,
  options: FuzzOptions = {},
): void {
  const runs = runsOf(options);
  const batch = options.batch ?? 1;
  const counted = batch === 1 ? `${runs} inputs` : `${runs * batch} inputs in ${runs} batches of ${batch}`;
  it(
    `${target}: ${counted}, typed errors only, no hang`,
    async () => {
      const figures = await fuzz(target, inputs(), run, options);
      const { failure, ...counts } = figures;
      recordFigures(counts);
      const where = `(CUSTODY_FUZZ_SEED=${fuzzSeed}, target seed ${figures.seed})`;
      expect(
        { crashes: figures.crashes, hangs: figures.hangs },
        `${target} ${where}\n${failure ?? ''}`,
      ).toEqual({
        crashes: 0,
        hangs: 0,
      });
      expect(figures.inputs).toBe(runs * batch);
      expect(figures.peakRssMiB, `${target} peak memory ${where}`).toBeLessThan(options.maxRssMiB ?? 2048);
    },
    Math.max(120_000, (runs * (options.timeoutMs ?? 5_000)) / 10),
  );
}
