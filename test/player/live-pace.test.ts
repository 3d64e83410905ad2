// The live pace (pure): how much a viewer must have ahead to play a chunk still being written to its end
// without running out again, from how fast the live edge grew — nothing while the generator keeps real time.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_SEC, LivePace, STEP_SEC, expectedChunkSec } from '../../src/player/live-pace.js';

/** Parts of `partSec` arriving at `speed` × real time from wall ms 0 on. */
function arriving(speed: number, partSec: number, until: number): LivePace {
  const pace = new LivePace();
  for (let end = partSec; end <= until + 1e-9; end += partSec) pace.note((end / speed) * 1000, end);
  return pace;
}

describe('the live pace', () => {
  it('measures how fast the live edge grows once it has seen a second of it', () => {
    const half = arriving(0.5, 1 / 3, 4);
    expect(half.rate(8_000)).toBeCloseTo(0.5, 1);
    expect(arriving(1, 1 / 3, 0.67).rate(670)).toBeUndefined(); // two thirds of a second: too soon to say
    expect(arriving(1, 1 / 3, 4).rate(4_000)).toBeCloseTo(1, 1);
  });

  it('a generator at half speed: half of what is still to come must be ahead before playing on (and a step more)', () => {
    const pace = arriving(0.5, 1 / 3, 2);
    // 4 s of the chunk from the playhead to its end (1 s buffered, 3 s to come) at 0.5× → 2 s ahead, and
    // a part's step (media comes a third of a second at a time).
    expect(pace.aheadFor(4, 4_000)).toBeCloseTo(4 * (1 - (pace.rate(4_000) as number)) + STEP_SEC, 6);
    expect(pace.aheadFor(4, 4_000)).toBeGreaterThan(2);
    expect(pace.aheadFor(0.3, 4_000)).toBe(0.3); // never more than what is still to play
    expect(pace.aheadFor(0, 4_000)).toBe(0);
  });

  it('asks for nothing while the generator keeps real time, or before its pace is known', () => {
    expect(arriving(1, 1 / 3, 4).aheadFor(4, 4_000)).toBe(0);
    expect(new LivePace().aheadFor(4, 1_000)).toBe(0);
  });

  it('a live edge that stops growing is slower the longer it stays still', () => {
    const pace = arriving(1, 1 / 3, 2);
    expect(pace.aheadFor(3, 2_000)).toBe(0);
    expect(pace.aheadFor(3, 6_000)).toBeGreaterThan(1.5);
  });

  it('forgets arrivals older than its window: a generator back at real time asks for nothing again', () => {
    const pace = new LivePace();
    for (let end = 1 / 3, t = 0; end <= 3; end += 1 / 3, t += 667) pace.note(t, end); // 0.5×
    const slowUntil = 9 * 667;
    for (let end = 3 + 1 / 3, t = slowUntil + 333; end <= 9; end += 1 / 3, t += 333) pace.note(t, end); // 1×
    expect(pace.aheadFor(3, slowUntil + 333 * 17)).toBe(0);
  });

  it('expects the next chunk to last as the last whole ones did (median of three), 5 s before any', () => {
    expect(expectedChunkSec([])).toBe(DEFAULT_CHUNK_SEC);
    expect(expectedChunkSec([0.04])).toBe(DEFAULT_CHUNK_SEC);
    expect(expectedChunkSec([0.04, 4.04])).toBeCloseTo(4, 6);
    expect(expectedChunkSec([0, 4, 10, 14.5, 20.5])).toBeCloseTo(6, 6); // 6, 4.5, 6 → 6 (the first, 4, is older)
  });
});
