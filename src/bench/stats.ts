// Summary statistics for benchmark runs. Pure.

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The p-th percentile (nearest rank), undefined for no values. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The median of the values that are known (finite), undefined when none is. */
export function medianOf(values: ReadonlyArray<number | undefined>): number | undefined {
  const known = values.filter((value): value is number => value !== undefined && Number.isFinite(value));
  return known.length > 0 ? median(known) : undefined;
}

export const spread = (values: readonly number[]): Spread =>
  ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

/**
 * Scaling efficiency of each concurrency level against linear scaling from the lowest level measured:
 * throughput(c) ÷ (throughput(lowest) × c ÷ lowest). 1.0 is perfect.
 */
export function scalingEfficiency(levels: ReadonlyArray<{ concurrency: number; throughput: number }>): number[] {
  const base = [...levels].sort((a, b) => a.concurrency - b.concurrency)[0];
  if (!base) return [];
  return levels.map((level) => level.throughput / (base.throughput * (level.concurrency / base.concurrency)));
}
