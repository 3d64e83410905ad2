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
