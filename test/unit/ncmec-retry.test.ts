// The retry policy for CyberTipline calls: growing, jittered, capped waits; retries only for failures marked
// retryable; a bounded number of attempts; cancellation; and a hook that sees every attempt. Time is a fake.
import { describe, expect, it } from 'vitest';
import {
  NcmecAmbiguousError,
  NcmecCancelledError,
  NcmecTransientError,
  NcmecValidationError,
} from '../../main/core/cybertip/api/errors';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  systemClock,
  withRetry,
  type RetryAttempt,
} from '../../main/core/cybertip/api/retry';
import { InvalidInputError } from '../../main/core/errors';
import { fakeClock } from '../support/clock';

const policy = { maxAttempts: 4, initialDelayMs: 1_000, maxDelayMs: 5_000 };

const transient = () => new NcmecTransientError({ endpoint: 'upload', httpStatus: 503 });

/** An operation failing with `failures` in turn, then answering 'done'. */
function flaky(...failures: Error[]): { operation: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    operation: async () => {
      const failure = failures[calls++];
      if (failure) throw failure;
      return 'done';
    },
  };
}

describe('backoffDelay', () => {
  it('doubles each attempt, keeps at least half of the step, and never exceeds the cap', () => {
    expect([1, 2, 3].map((n) => backoffDelay(n, policy, () => 0))).toEqual([500, 1_000, 2_000]);
    expect([1, 2, 3].map((n) => backoffDelay(n, policy, () => 0.999_999))).toEqual([1_000, 2_000, 4_000]);
    expect(backoffDelay(10, policy, () => 0.999_999)).toBe(5_000);
    expect(backoffDelay(10, policy, () => 0)).toBe(2_500);
  });

  it("takes NCMEC's Retry-After as a floor, within the cap", () => {
    expect(backoffDelay(1, policy, () => 0, 3_000)).toBe(3_000);
    expect(backoffDelay(1, policy, () => 0, 3_600_000)).toBe(5_000);
  });
});

describe('withRetry', () => {
  it('retries transient failures with growing waits and reports every attempt', async () => {
    const clock = fakeClock({ start: 1_000_000 });
    const attempts: RetryAttempt[] = [];
    const { operation, calls } = flaky(transient(), transient());
    const value = await withRetry(operation, {
      policy,
      clock,
      random: () => 0.5,
      onAttempt: (attempt) => attempts.push(attempt),
    });
    expect(value).toBe('done');
    expect(calls()).toBe(3);
    expect(clock.slept).toEqual([750, 1_500]);
    expect(attempts.map(({ attempt, outcome, delayMs }) => ({ attempt, outcome, delayMs }))).toEqual([
      { attempt: 1, outcome: 'will-retry', delayMs: 750 },
      { attempt: 2, outcome: 'will-retry', delayMs: 1_500 },
      { attempt: 3, outcome: 'succeeded', delayMs: undefined },
    ]);
    expect(attempts[2]?.startedAt).toBe(1_000_000 + 750 + 1_500);
  });

  it('never retries a refused, ambiguous or unknown failure, and rethrows it unchanged', async () => {
    const refusals = [
      new NcmecValidationError({ endpoint: 'submit', responseCode: 4100, description: 'cvc-complex-type' }),
      new NcmecAmbiguousError({ endpoint: 'submit', description: 'no answer' }),
      new Error('a bug'),
    ];
    for (const refusal of refusals) {
      const clock = fakeClock();
      const { operation, calls } = flaky(refusal);
      const attempts: RetryAttempt[] = [];
      const error = await withRetry(operation, { policy, clock, onAttempt: (a) => attempts.push(a) }).catch(
        (e: unknown) => e,
      );
      expect(error).toBe(refusal);
      expect(calls()).toBe(1);
      expect(clock.slept).toEqual([]);
      expect(attempts.map((a) => a.outcome)).toEqual(['gave-up']);
    }
  });

  it('gives up after maxAttempts with the last failure', async () => {
    const failures = [transient(), transient(), transient(), transient(), transient()];
    const { operation, calls } = flaky(...failures);
    const clock = fakeClock();
    const error = await withRetry(operation, { policy, clock }).catch((e: unknown) => e);
    expect(calls()).toBe(4);
    expect(error).toBe(failures[3]);
    expect(clock.slept).toHaveLength(3);
  });

  it('honours Retry-After and a custom idea of retryable', async () => {
    const clock = fakeClock();
    const slowDown = new NcmecTransientError({ endpoint: 'fileinfo', httpStatus: 429 }, 4_000);
    await withRetry(flaky(slowDown).operation, { policy, clock, random: () => 0 });
    expect(clock.slept).toEqual([4_000]);
    const { operation, calls } = flaky(new Error('flaky disk'));
    await withRetry(operation, { policy, clock: fakeClock(), isRetryable: () => true });
    expect(calls()).toBe(2);
  });

  it('stops with NcmecCancelledError when cancelled before starting or while waiting', async () => {
    const before = flaky();
    const aborted = await withRetry(before.operation, { signal: AbortSignal.abort() }).catch(
      (e: unknown) => e,
    );
    expect(aborted).toBeInstanceOf(NcmecCancelledError);
    expect(before.calls()).toBe(0);

    const controller = new AbortController();
    const clock = fakeClock({ onSleep: () => controller.abort() });
    const during = flaky(transient(), transient());
    const cancelled = await withRetry(during.operation, { policy, clock, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(cancelled).toBeInstanceOf(NcmecCancelledError);
    expect(cancelled).toMatchObject({ endpoint: 'upload', retryable: false });
    expect(during.calls()).toBe(1);
  });

  it('keeps an ambiguous failure even when the caller cancelled during the call', async () => {
    const controller = new AbortController();
    const ambiguous = new NcmecAmbiguousError({ endpoint: 'submit', description: 'cancelled' });
    const error = await withRetry(
      async () => {
        controller.abort();
        throw ambiguous;
      },
      { signal: controller.signal, clock: fakeClock() },
    ).catch((e: unknown) => e);
    expect(error).toBe(ambiguous);
  });

  it('stops when the attempt hook fails, and refuses a policy without bounds', async () => {
    const hookFailure = new Error('ledger unavailable');
    for (const { operation, calls } of [flaky(transient()), flaky()]) {
      const error = await withRetry(operation, {
        clock: fakeClock(),
        onAttempt: () => {
          throw hookFailure;
        },
      }).catch((e: unknown) => e);
      expect(error).toBe(hookFailure);
      expect(calls()).toBe(1);
    }
    for (const bad of [
      { maxAttempts: 0 },
      { maxAttempts: 1.5 },
      { initialDelayMs: -1 },
      { maxDelayMs: Infinity },
    ]) {
      await expect(withRetry(async () => 1, { policy: bad })).rejects.toBeInstanceOf(InvalidInputError);
    }
  });

  it('uses the system clock by default, whose sleep a signal interrupts', async () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThan(1);
    const started = Date.now();
    await systemClock.sleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const sleeping = systemClock.sleep(10_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
    await expect(sleeping).rejects.toBeInstanceOf(DOMException);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
