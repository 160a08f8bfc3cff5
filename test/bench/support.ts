// Shared helpers for benchmarks: timing, formatting, and a table printer. Benchmarks print figures and
// ratios against baselines measured in the same run; they never assert on time.
import { performance } from 'node:perf_hooks';

export const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

export async function timed<T>(work: () => Promise<T> | T): Promise<{ seconds: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { seconds: (performance.now() - start) / 1000, value };
}

export function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function table(title: string, rows: Array<Record<string, string>>): void {
  console.log(`\n${title}`);
  if (rows.length === 0) return;
  const headers = Object.keys(rows[0] as Record<string, string>);
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => (r[h] ?? '').length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`;
  console.log(line(headers));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(headers.map((h) => row[h] ?? '')));
}

export function mib(bytes: number): string {
  return `${fmt(bytes / 1024 / 1024)} MiB`;
}
