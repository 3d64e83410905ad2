// The live bench's measures, from what a page recorded: glass to glass per chunk against the generator's
// clock, visible waits per chunk, the interval at each boundary, the latency at the end; a failed run is
// counted, never measured. Pure.
import { describe, expect, it } from 'vitest';
import { measureLive, summarizeLive } from '../../src/browser/live-measures.js';

// Two chunks of 1 s on the media timeline (starting at 0.0427 s, after the audio priming), 18 fps,
// presented from wall 10 800 ms on; a 300-ms wait before the second chunk.
const starts = [0.0427, 1.0427];
const frames: Array<[number, number]> = [];
for (let k = 0; k < 36; k++) frames.push([0.0427 + k / 18, 10_800 + k * (1000 / 18) + (k >= 18 ? 300 : 0)]);

describe('the live bench\'s measures', () => {
  const run = measureLive({ frames, waits: [{ at: 1.0, since: 11_800, ms: 300 }, { at: 0.5, since: 11_000, ms: 20 }], errors: [], ended: true }, [10_000, 11_000], 12_000, starts);

  it('glass to glass: each chunk\'s first presented frame after its generator started', () => {
    expect(run.glassToGlassMs[0]).toBeCloseTo(800, 6);
    expect(run.glassToGlassMs[1]).toBeCloseTo(10_800 + 18 * (1000 / 18) + 300 - 11_000, 6);
  });

  it('counts a wait a viewer sees (two frames or more) against the chunk it happened in; the boundary interval includes it', () => {
    expect(run.waits).toEqual([1, 0]);
    expect(run.boundaryMs[0]).toBeCloseTo(1000 / 18 + 300, 6);
    expect(run.endLatencyMs).toBeCloseTo(frames.at(-1)![1] - 12_000, 6);
  });

  it('tells waits at a boundary from waits inside a chunk, and counts the boundaries a slow generator missed', () => {
    expect(run.boundaryWaits).toBe(1); // at 1.0 s: the second chunk starts at 1.0427 s
    expect(run.otherWaits).toBe(0); // the 20-ms one is not visible
    expect(run.missedBoundaries).toBe(0); // the generator began chunk 2 one chunk (1 s) after chunk 1
    const slow = measureLive({ frames, waits: [{ at: 0.6, since: 11_000, ms: 500 }, { at: 1.0, since: 12_000, ms: undefined }], errors: [], ended: true }, [10_000, 12_000], 14_000, starts);
    expect(slow.missedBoundaries).toBe(1);
    expect([slow.boundaryWaits, slow.otherWaits]).toEqual([1, 1]);
    const summary = summarizeLive('player-parts', 'link', 0.5, [slow]);
    expect([summary.boundaryWaits, summary.otherWaits, summary.missedBoundaries]).toEqual([1, 1, 1]);
  });

  it('summarizes completed runs only: a failed one is counted as failed', () => {
    const summary = summarizeLive('player-parts', 'link', 1, [run, { error: 'timed out' }, run]);
    expect(summary.failedRuns).toBe(1);
    expect(summary.firstChunkMs).toBeCloseTo(800, 6);
    expect(summary.stallRatePercent).toBe(50);
    const none = summarizeLive('player-parts', 'link', 1, [{ error: 'timed out' }]);
    expect(none.firstChunkMs).toBeUndefined();
    expect(none.failedRuns).toBe(1);
  });
});
