// The fuzz runner itself: it counts an untyped throw as a crash and a typed Custody error as an answer,
// counts an input over its time bound as a hang, and shrinks the first failure; otherwise every other
// target's "0 crashes, 0 hangs" would prove nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../main/core/errors';
import { fuzz, fuzzRuns } from './harness';

describe('the fuzz runner', () => {
  it('counts untyped throws as crashes, typed errors as answers, and shrinks the first crash', async () => {
    const figures = await fuzz(
      'self-test crashes',
      fc.integer({ min: 0, max: 1000 }),
      (n) => {
        if (n % 2 === 0) throw new InvalidInputError('even');
        if (n > 500) throw new TypeError(`crash on ${n}`);
      },
      { runs: 300 },
    );
    expect(figures.inputs).toBe(300);
    expect(figures.crashes).toBeGreaterThan(0);
    expect(figures.crashes).toBeLessThan(300);
    expect(figures.hangs).toBe(0);
    const shrunk = Number(/Counterexample: \[(\d+)\]/.exec(figures.failure ?? '')?.[1]);
    expect(shrunk % 2 === 1 && shrunk > 500, `shrunk to ${shrunk}`).toBe(true);
    expect(figures.failure).toMatch(/TypeError: crash on \d+/);
  });

  it('counts an input that outlives its time bound as a hang', async () => {
    const figures = await fuzz(
      'self-test hangs',
      fc.integer({ min: 0, max: 9 }),
      (n) => (n === 7 ? new Promise(() => undefined) : undefined),
      { runs: 40, timeoutMs: 50 },
    );
    expect(figures.hangs).toBeGreaterThan(0);
    expect(figures.crashes).toBe(0);
  });

  it('counts every input of a batched target, fuzzRuns inputs in all unless told otherwise', async () => {
    const sizes: number[] = [];
    const batches = fc.array(fc.nat(), { minLength: 7, maxLength: 7 });
    const told = await fuzz('self-test batches', batches, (batch) => sizes.push(batch.length), {
      batch: 7,
      runs: 10,
    });
    expect(told.inputs).toBe(70);
    expect(sizes).toEqual(Array<number>(10).fill(7));
    const all = await fuzz('self-test all batches', batches, () => undefined, { batch: 7 });
    expect(all.inputs).toBe(Math.ceil(fuzzRuns / 7) * 7);
    expect(all.inputs).toBeGreaterThanOrEqual(fuzzRuns);
  });

  it('treats a typed error as a crash for a target documented never to throw', async () => {
    const figures = await fuzz(
      'self-test never throws',
      fc.constant(1),
      () => {
        throw new InvalidInputError('documented never to throw');
      },
      { runs: 5, typedErrorsAreCrashes: true },
    );
    expect(figures.crashes).toBe(5);
  });
});
