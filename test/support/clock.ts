// A fake clock for code that takes a RetryClock: every sleep returns at once, moves the time on by its
// length and is recorded, so retry tests take no real time and can assert each wait.
import type { RetryClock } from '../../main/core/cybertip/api/retry';

export interface FakeClock extends RetryClock {
  /** Every sleep asked for, in milliseconds, in order. */
  readonly slept: number[];
}

export function fakeClock(options: { start?: number; onSleep?: (ms: number) => void } = {}): FakeClock {
  let now = options.start ?? 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
      options.onSleep?.(ms);
    },
  };
}
