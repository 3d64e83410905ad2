import { describe, expect, it } from 'vitest';
import { median, scalingEfficiency, spread } from '../../src/bench/stats.js';
import { parseLevels } from '../../src/cli/parse-options.js';
import { parsePsnr, parseSsim } from '../../src/ffmpeg/stderr.js';

describe('bench statistics', () => {
  it('takes medians and spreads', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(spread([0.5, 0.2, 0.9])).toEqual({ median: 0.5, min: 0.2, max: 0.9 });
  });

  it('measures efficiency against linear scaling from the lowest level', () => {
    expect(scalingEfficiency([{ concurrency: 1, throughput: 10 }, { concurrency: 2, throughput: 18 }, { concurrency: 4, throughput: 20 }]))
      .toEqual([1, 0.9, 0.5]);
    expect(scalingEfficiency([{ concurrency: 2, throughput: 20 }, { concurrency: 4, throughput: 30 }])).toEqual([1, 0.75]);
  });

  it('reads concurrency levels', () => {
    expect(parseLevels('1,2, 4,2')).toEqual([1, 2, 4]);
    expect(() => parseLevels('0,2')).toThrow();
    expect(() => parseLevels('two')).toThrow();
  });
});

describe('quality filters output', () => {
  it('reads SSIM and PSNR summary lines', () => {
    const stderr = '[Parsed_ssim_4 @ 0x1] SSIM Y:0.962 (14.2) U:0.98 (17.1) V:0.98 (17.3) All:0.9671 (14.82)\n'
      + '[Parsed_psnr_5 @ 0x2] PSNR y:32.91 u:37.20 v:37.55 average:33.86 min:30.12 max:36.01\n';
    expect(parseSsim(stderr)).toBe(0.9671);
    expect(parsePsnr(stderr)).toBe(33.86);
    expect(parsePsnr('PSNR y:inf u:inf v:inf average:inf min:inf max:inf')).toBe(Number.POSITIVE_INFINITY);
    expect(parseSsim('nothing')).toBeUndefined();
  });
});
