// Hybrid logical clock (Kulkarni et al., 2014): wall-clock milliseconds plus a counter, so entries from
// several workstations order consistently even when their clocks disagree or go backwards.

export interface Hlc {
  /** Milliseconds since the epoch, never less than any earlier stamp's. */
  wall: number;
  /** Breaks ties between stamps with the same wall time. */
  count: number;
}

/** The next stamp after `last` at physical time `now`. */
export function tick(last: Hlc, now: number): Hlc {
  if (now > last.wall) return { wall: now, count: 0 };
  return { wall: last.wall, count: last.count + 1 };
}

/** The stamp after receiving `remote` (for sync): later than both `last` and `remote`. */
export function receive(last: Hlc, remote: Hlc, now: number): Hlc {
  const wall = Math.max(last.wall, remote.wall, now);
  if (wall === last.wall && wall === remote.wall)
    return { wall, count: Math.max(last.count, remote.count) + 1 };
  if (wall === last.wall) return { wall, count: last.count + 1 };
  if (wall === remote.wall) return { wall, count: remote.count + 1 };
  return { wall, count: 0 };
}

export function compareHlc(a: Hlc, b: Hlc): number {
  return a.wall - b.wall || a.count - b.count;
}
