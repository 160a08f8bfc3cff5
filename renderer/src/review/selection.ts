// Selections are sets of positions in the current queue, so a range can reach items whose page is not
// loaded yet; they are resolved to item ids only when a group action needs them.

/** Every position from `a` to `b`, both included, in either order. */
export function rangeOf(a: number, b: number): Set<number> {
  const [from, to] = a <= b ? [a, b] : [b, a];
  const range = new Set<number>();
  for (let i = from; i <= to; i++) range.add(i);
  return range;
}

/** Every position of a queue of `total` items. */
export function everyIndex(total: number): Set<number> {
  return rangeOf(0, total - 1);
}
