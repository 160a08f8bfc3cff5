// When to call NCMEC again: exponential backoff with jitter, only after failures marked retryable (network,
// timeouts, 5xx), a bounded number of times, cancellable, with every attempt reported to a hook.
// It never retries a refused or ambiguous call, and never sleeps on its own clock when given one.
import { InvalidInputError } from '../../errors';
import { NcmecApiError, NcmecCancelledError, NcmecTransientError } from './errors';

export interface RetryPolicy {
  /** Calls made at most, the first included. */
  maxAttempts: number;
  /** Backoff before the second call; it doubles for each later one. */
  initialDelayMs: number;
  /** No wait is longer, whatever the attempt or NCMEC's Retry-After. */
  maxDelayMs: number;
}

/** Five calls over about a minute: long enough for a server restart, short enough for a person waiting. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 2_000,
  maxDelayMs: 30_000,
};

export interface RetryAttempt {
  /** 1 for the first call. */
  attempt: number;
  /** From the clock's `now()`, when the call started. */
  startedAt: number;
  durationMs: number;
  outcome: 'succeeded' | 'will-retry' | 'gave-up';
  error?: unknown;
  /** The wait before the next call, when there is one. */
  delayMs?: number;
}

export interface RetryClock {
  now(): number;
  /** Resolves after `ms`, or rejects as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface RetryOptions {
  policy?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  /** Called after each attempt, before any wait; an exception from it stops the retries. */
  onAttempt?: (attempt: RetryAttempt) => void;
  clock?: RetryClock;
  /** A number in [0, 1) for jitter. */
  random?: () => number;
  /** Which failures to retry; by default NcmecApiErrors whose `retryable` is true. */
  isRetryable?: (error: unknown) => boolean;
}

export const systemClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

function checkPolicy(policy: RetryPolicy): void {
  const { maxAttempts, initialDelayMs, maxDelayMs } = policy;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) {
    throw new InvalidInputError('A retry policy makes between 1 and 100 attempts.');
  }
  if (!(initialDelayMs >= 0 && maxDelayMs >= initialDelayMs && Number.isFinite(maxDelayMs))) {
    throw new InvalidInputError('A retry policy needs 0 <= initialDelayMs <= maxDelayMs, both finite.');
  }
}

/**
 * The wait after failed attempt `attempt` (1-based): "equal jitter", half of the exponential step plus a
 * random part of the other half, so waits never collapse to zero and clients do not retry in step.
 * NCMEC's Retry-After, when given, is a floor; maxDelayMs caps both.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const step = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  const jittered = step / 2 + (random() * step) / 2;
  return Math.round(Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0)));
}

function defaultRetryable(error: unknown): boolean {
  return error instanceof NcmecApiError && error.retryable;
}

function cancelled(attempts: number, last: unknown): NcmecCancelledError {
  const endpoint = last instanceof NcmecApiError ? last.endpoint : undefined;
  return new NcmecCancelledError({
    ...(endpoint === undefined ? {} : { endpoint }),
    description: `cancelled after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
  });
}

/**
 * Runs `operation` until it succeeds, fails with an error that is not retryable (rethrown as is), or the
 * attempts are used up (the last error is rethrown). Cancelling `signal` stops the waits and rejects with
 * NcmecCancelledError; `operation` gets the signal to pass on to its call.
 */
export async function withRetry<T>(
  operation: (attempt: number, signal: AbortSignal | undefined) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  checkPolicy(policy);
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const isRetryable = options.isRetryable ?? defaultRetryable;
  const { signal, onAttempt } = options;
  let last: unknown;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw cancelled(attempt - 1, last);
    const startedAt = clock.now();
    let value: T;
    try {
      value = await operation(attempt, signal);
    } catch (error) {
      last = error;
      const durationMs = clock.now() - startedAt;
      if (!isRetryable(error) || attempt >= policy.maxAttempts || signal?.aborted) {
        onAttempt?.({ attempt, startedAt, durationMs, outcome: 'gave-up', error });
        throw isRetryable(error) && signal?.aborted ? cancelled(attempt, error) : error;
      }
      const retryAfter = error instanceof NcmecTransientError ? error.retryAfterMs : undefined;
      const delayMs = backoffDelay(attempt, policy, random, retryAfter);
      onAttempt?.({ attempt, startedAt, durationMs, outcome: 'will-retry', error, delayMs });
      try {
        await clock.sleep(delayMs, signal);
      } catch (sleepError) {
        throw signal?.aborted ? cancelled(attempt, error) : sleepError;
      }
      continue;
    }
    onAttempt?.({ attempt, startedAt, durationMs: clock.now() - startedAt, outcome: 'succeeded' });
    return value;
  }
}
