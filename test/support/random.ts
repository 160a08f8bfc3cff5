// The one seeded pseudo-random generator of the tests (mulberry32): a seed gives the same sequence on every
// machine, so a fuzz or kill test that fails replays exactly. For test data and timing only, never keys.

export interface Random {
  readonly seed: number;
  /** An unsigned 32-bit integer. */
  uint32(): number;
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [min, max). */
  int(min: number, max: number): number;
  /** `length` pseudo-random bytes. */
  bytes(length: number): Buffer;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const uint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => uint32() / 0x1_0000_0000;
  return {
    seed,
    uint32,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min)),
    bytes(length) {
      const bytes = Buffer.alloc(length);
      for (let at = 0; at < length; at += 4) {
        const word = uint32();
        for (let i = 0; i < 4 && at + i < length; i++) bytes[at + i] = (word >>> (8 * i)) & 0xff;
      }
      return bytes;
    },
  };
}

/**
 * The seed of a test that must be replayable: the integer in environment variable `name` when it is set,
 * otherwise a fresh one. It is printed either way, so a failing run can be repeated with `name=<seed>`.
 */
export function testSeed(name: string): number {
  const given = process.env[name];
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
      throw new Error(`${name}=${given} is not a seed: give an integer from 0 to 4294967295.`);
    }
    console.log(`${name}=${seed} (from the environment)`);
    return seed;
  }
  const seed = Math.floor(Math.random() * 0x1_0000_0000);
  console.log(`${name}=${seed} (set it to replay this run)`);
  return seed;
}
