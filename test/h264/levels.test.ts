import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findLevel, fitFrameToLevel, levelViolation, lowestFittingLevel, macroblocks } from '../../src/h264/levels.js';

const level30 = findLevel('3.0')!;

describe('H.264 levels', () => {
  it.each([['3', 30], ['3.0', 30], ['30', 30], ['3.1', 31], ['4', 40], ['5.2', 52]])('finds level %s', (name, idc) => {
    expect(findLevel(name)?.idc).toBe(idc);
  });

  it.each(['3.3', '7', 'x', ''])('has no level %s', (name) => {
    expect(findLevel(name)).toBeUndefined();
  });

  it.each([
    [720, 480, 18, true],   // 45×30 = 1350 MBs
    [720, 576, 25, true],   // 45×36 = 1620 MBs, 40 500 MB/s: the exact limits
    [720, 576, 30, false],  // 48 600 MB/s
    [1280, 720, 18, false], // 3600 MBs
    [1920, 1080, 18, false],
    [1808, 112, 18, true],  // 113 MBs wide: the widest side allowed
    [1824, 96, 18, false],  // 114 MBs wide: beyond sqrt(8 × 1620)
  ])('%dx%d at %d fps fits 3.0: %s', (width, height, fps, fits) => {
    expect(levelViolation(level30, width, height, fps) === undefined).toBe(fits);
  });

  it('raises to the lowest level that fits', () => {
    expect(lowestFittingLevel(level30, 1920, 1080, 18)?.name).toBe('4.0');
    expect(lowestFittingLevel(level30, 1280, 720, 30)?.name).toBe('3.1');
    expect(lowestFittingLevel(level30, 640, 360, 18)?.name).toBe('3.0');
  });

  it('scales 1080p to fit 3.0 with its aspect ratio', () => {
    const { width, height } = fitFrameToLevel(level30, 1920, 1080, 18);
    expect(macroblocks(width) * macroblocks(height)).toBeLessThanOrEqual(1620);
    expect(width % 2 + height % 2).toBe(0);
    expect(Math.abs(width / height - 16 / 9)).toBeLessThan(0.01);
    expect(width).toBeGreaterThan(800);
  });

  it('leaves a frame that fits as it is', () => {
    expect(fitFrameToLevel(level30, 512, 512, 18)).toEqual({ width: 512, height: 512 });
  });

  it('always finds an even size that fits, keeping the aspect ratio', () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 4096 }), fc.integer({ min: 8, max: 4096 }), fc.integer({ min: 1, max: 60 }),
        (halfWidth, halfHeight, fps) => {
          // The planner makes sizes even before fitting them.
          const width = halfWidth * 2;
          const height = halfHeight * 2;
          const fitted = fitFrameToLevel(level30, width, height, fps);
          expect(levelViolation(level30, fitted.width, fitted.height, fps)).toBeUndefined();
          expect(fitted.width % 2).toBe(0);
          expect(fitted.height % 2).toBe(0);
          expect(fitted.width).toBeLessThanOrEqual(width);
          const scaledDown = fitted.width < width && fitted.width > 64 && fitted.height > 64;
          if (scaledDown) expect(Math.abs(fitted.width / fitted.height / (width / height) - 1)).toBeLessThan(0.05);
        }),
      { numRuns: 400 },
    );
  });
});
