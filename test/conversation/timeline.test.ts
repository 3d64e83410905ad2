import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encoderStart } from '../../src/conversation/assembler.js';
import { AAC_FRAME, PREROLL, PRIMING, encoderInputStart, videoTiming } from '../../src/conversation/timeline.js';

describe('where a new audio encoder starts', () => {
  it('reads from the conversation\'s start until a frame after the preroll', () => {
    expect(encoderInputStart(0)).toBe(0);
    expect(encoderInputStart(3)).toBe(0);
    // Frame 10 decodes to timeline samples [9·1024, 10·1024): the encode starts PREROLL before them.
    expect(encoderInputStart(10)).toBe(9 * AAC_FRAME - PREROLL);
  });

  it('starts on the frame grid, never after the frame it must write, and at most 3 frames before it', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), (frame) => {
      const start = encoderInputStart(frame);
      expect(start % AAC_FRAME).toBe(0);
      expect(start).toBeLessThanOrEqual(Math.max(0, (frame - 1) * AAC_FRAME));
      expect(frame * AAC_FRAME - start).toBeLessThanOrEqual(PREROLL + 2 * AAC_FRAME + PRIMING);
    }));
  });

  it('takes its preroll from the kept samples, silence where the log has none', () => {
    const tail = Float32Array.from({ length: 5000 }, (_, i) => i + 1);
    const state = { nextFrame: 10, tail, tailStart: 100_000 - 5000, position: 100_000, channels: 1 };
    const { inputStart, preroll } = encoderStart(state);
    expect(inputStart).toBe(9 * AAC_FRAME - PREROLL);
    // Far before the tail: all silence up to where the tail starts.
    expect(preroll.length).toBe(100_000 - inputStart);
    expect(preroll[0]).toBe(0);
    expect(preroll.at(-1)).toBe(5000);
    const resumed = encoderStart({ nextFrame: 97, tail, tailStart: 95_000, position: 100_000, channels: 1 });
    expect(resumed.inputStart).toBe(96 * AAC_FRAME - PREROLL);
    expect(resumed.preroll[0]).toBe(resumed.inputStart - 95_000 + 1);
    expect(resumed.preroll.at(-1)).toBe(5000);
  });
});

describe('video timing', () => {
  const frames = (count: number, duration: number, cto = 0) => Array.from({ length: count }, () => ({ duration, ctsOffset: cto }));

  it('72 frames of a 4.000 s chunk at 18 fps fill it exactly, starting where the chunk does', () => {
    const timing = videoTiming(frames(72, 1000), 18_000, 0, { start: 96_000, end: 192_000, rate: 24_000, shift: PRIMING }, 90_000);
    expect(timing.decodeTime).toBe(Math.round(((96_000 + PRIMING) * 90_000) / 24_000));
    expect(timing.durations.reduce((a, b) => a + b, 0)).toBe(360_000);
    expect(timing.durations.slice(0, -1).every((d) => d === 5000)).toBe(true);
  });

  it('stretches or shortens the last frame so the video ends where the audio does', () => {
    // 95 frames at 18 fps for a 5.3 s chunk: 5.2778 s of frames, the last held 22.2 ms longer.
    const timing = videoTiming(frames(95, 1), 18, 0, { start: 0, end: 127_200, rate: 24_000, shift: 0 }, 90_000);
    expect(timing.durations.reduce((a, b) => a + b, 0)).toBe(477_000);
    expect(timing.durations.at(-1)).toBe(477_000 - 94 * 5000);
  });

  it('keeps composition offsets relative to the first presented frame (the edit list\'s media time)', () => {
    // Decode order I P B, shown I B P; the edit list skips the one-frame delay (512 ticks at 12 800).
    const timing = videoTiming([{ duration: 512, ctsOffset: 512 }, { duration: 512, ctsOffset: 1024 }, { duration: 512, ctsOffset: 0 }], 12_800, 512, { start: 0, end: 2880, rate: 24_000, shift: 0 }, 90_000);
    expect(timing.ctsOffsets).toEqual([0, 3600, -3600]);
  });
});
