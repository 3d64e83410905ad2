import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AAC_FRAME, MARGIN, PREROLL, PRIMING, audioCut, audioSegmentStart, videoTiming } from '../../src/conversation/timeline.js';

describe('audio cuts', () => {
  it.each([
    // chunk start, index → where its audio segment starts (on the 1024 grid, ≥ MARGIN before it)
    [0, 0, -PRIMING],
    [105_600, 1, 103_424],
    [4096, 1, 2048],
    [1000, 1, -PRIMING],
    [3072, 1, 1024],
  ])('a chunk starting at sample %i (index %i) has its audio segment start at %i', (start, index, expected) => {
    expect(audioSegmentStart(start, index)).toBe(expected);
    if (index > 0 && expected > -PRIMING) expect(start - expected).toBeGreaterThanOrEqual(MARGIN);
  });

  it('the first chunk keeps its priming frame; later ones drop their preroll', () => {
    // Frame k decodes to input samples [(k − 1)·1024, k·1024): frames 0–101 cover [−1024, 103 424).
    expect(audioCut(0, 0, 105_600, false)).toEqual({ inputStart: 0, inputEnd: 105_600, firstFrame: 0, endFrame: 102, decodeTime: 0 });
    const second = audioCut(1, 105_600, 230_400, false);
    expect(second.inputStart).toBe(103_424 - PREROLL);
    expect(second.firstFrame).toBe(PREROLL / AAC_FRAME + 1);
    expect(second.decodeTime).toBe(103_424 + PRIMING);
    expect(audioCut(1, 105_600, 230_400, true).endFrame).toBeUndefined();
  });

  it('consecutive chunks of any lengths tile the audio timeline with whole frames, no gap, no overlap', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 400_000 }), { minLength: 1, maxLength: 30 }), (lengths) => {
      let start = 0;
      let expectedDecode = 0;
      for (const [index, length] of lengths.entries()) {
        const cut = audioCut(index, start, start + length, index === lengths.length - 1);
        expect(cut.decodeTime).toBe(expectedDecode);
        expect(cut.inputStart).toBeGreaterThanOrEqual(0);
        expect(cut.inputStart).toBeLessThanOrEqual(Math.max(0, start));
        expect(cut.firstFrame).toBeGreaterThanOrEqual(0);
        if (cut.endFrame !== undefined) {
          expect(cut.endFrame).toBeGreaterThanOrEqual(cut.firstFrame);
          // The segment never reaches into the last MARGIN samples the encode saw (where it was cut off).
          const end = cut.decodeTime - PRIMING + (cut.endFrame - cut.firstFrame) * AAC_FRAME;
          expect(end).toBeLessThanOrEqual(Math.max(-PRIMING, start + length - MARGIN));
          expectedDecode += (cut.endFrame - cut.firstFrame) * AAC_FRAME;
        }
        start += length;
      }
    }));
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
