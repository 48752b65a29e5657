/** Latency statistics for the bench: percentiles over repeated timings, in milliseconds. */

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

/** The p-th percentile (0..100) by linear interpolation between the closest ranks. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    min: Math.min(...samples),
    max: Math.max(...samples),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

/** How many times to repeat a measurement: at least `min`, at most `max`, and stop after `budgetMs` once `min` is reached. */
export interface Repeat {
  warmup: number;
  min: number;
  max: number;
  budgetMs: number;
}

export async function timeOnce(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/**
 * Times several variants of the same question, interleaved (A B C, A B C, ...) so that a
 * background merge or a GC pause hits every variant alike instead of skewing one of them.
 */
export async function interleaved<K extends string>(repeat: Repeat, variants: Record<K, () => Promise<unknown>>): Promise<Record<K, Summary>> {
  const names = Object.keys(variants) as K[];
  for (let i = 0; i < repeat.warmup; i++) for (const name of names) await variants[name]();
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  const started = performance.now();
  for (let i = 0; i < repeat.max; i++) {
    if (i >= repeat.min && performance.now() - started > repeat.budgetMs) break;
    for (const name of names) samples[name].push(await timeOnce(variants[name]));
  }
  return Object.fromEntries(names.map((n) => [n, summarize(samples[n])])) as Record<K, Summary>;
}

export const round = (x: number, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);
