import { describe, expect, it } from 'vitest';
import { threadsFor } from '../../src/schedule/thread-plan.js';

describe('threadsFor', () => {
  it.each([
    [2, 12, 1], [2, 2, 1], [2, 1, 2],
    [8, 100, 1], [8, 8, 1], [8, 3, 2], [8, 2, 4], [8, 1, 8],
    [1, 5, 1], [1, 1, 1],
  ])('%d cores, %d jobs side by side → %d thread(s)', (cores, left, threads) => {
    expect(threadsFor(cores, left)).toBe(threads);
  });
});
