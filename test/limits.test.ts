import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS, clampDelay } from '../src/limits.js';
import { encodeTimeoutMs } from '../src/pipeline/resolved-job.js';

describe('timer delays', () => {
  it.each([
    [1000, 1000],
    [0, 0],
    [-5, 0],
    [Number.NaN, 0],
    [2 ** 31, MAX_TIMER_MS],
    [Number.POSITIVE_INFINITY, MAX_TIMER_MS],
  ])('clampDelay(%d) = %d', (input, expected) => {
    expect(clampDelay(input)).toBe(expected);
  });

  it.each([
    [5, 160_000],
    [30 * 3600, MAX_TIMER_MS], // a header that claims 30 h: no overflow
    [1e300, MAX_TIMER_MS],
    [Number.POSITIVE_INFINITY, 60_000 + 20_000 * 90],
    [undefined, 60_000 + 20_000 * 90],
  ])('an encode of %s s may run %d ms', (duration, expected) => {
    expect(encodeTimeoutMs(duration)).toBe(expected);
  });
});
