// The timeline's silence (padding.ts): triangular dither at ±1 LSB of 16-bit audio where a chunk's audio
// stops short, never exact zeros (ffmpeg's AAC encoder spends ~30 % more time on a conversation with zero
// gaps: bench/conversation-throughput.mjs). Pure.
import { describe, expect, it } from 'vitest';
import { DITHER_PEAK, fillSilence, silenceAt } from '../../src/conversation/padding.js';

describe('fillSilence', () => {
  it('writes only the range it is given', () => {
    const samples = new Float32Array(8).fill(0.5);
    fillSilence(samples, 3, 0, 6);
    expect([...samples.subarray(0, 3)]).toEqual([0.5, 0.5, 0.5]);
    expect([...samples.subarray(6)]).toEqual([0.5, 0.5]);
    for (const value of samples.subarray(3, 6)) expect(value).not.toBe(0.5);
  });

  it('is inaudible dither: within ±1 LSB of 16-bit audio, centred, with the power of triangular dither, no exact zeros', () => {
    const samples = fillSilence(new Float32Array(200_000));
    let sum = 0;
    let power = 0;
    let zeros = 0;
    for (const value of samples) {
      expect(Math.abs(value)).toBeLessThanOrEqual(DITHER_PEAK);
      sum += value;
      power += value * value;
      if (value === 0) zeros++;
    }
    expect(Math.abs(sum / samples.length)).toBeLessThan(DITHER_PEAK / 100);
    // Triangular on [−peak, peak]: variance peak² / 6.
    expect(power / samples.length / (DITHER_PEAK ** 2 / 6)).toBeGreaterThan(0.95);
    expect(power / samples.length / (DITHER_PEAK ** 2 / 6)).toBeLessThan(1.05);
    expect(zeros).toBeLessThan(5);
  });

  it('is a function of the place on the timeline: the same place gives the same samples, another place others', () => {
    const a = fillSilence(new Float32Array(1000), 0, 48_000);
    const b = fillSilence(new Float32Array(1500), 500, 47_500);
    expect([...b.subarray(500)]).toEqual([...a]);
    expect(Math.fround(silenceAt(48_000))).toBe(a[0]);
    const other = fillSilence(new Float32Array(1000), 0, 96_000);
    expect([...other]).not.toEqual([...a]);
  });

  it('has no correlation between neighbours (white, not a tone)', () => {
    const samples = fillSilence(new Float32Array(100_000), 0, 7);
    let lag = 0;
    let power = 0;
    for (let i = 1; i < samples.length; i++) {
      lag += (samples[i] as number) * (samples[i - 1] as number);
      power += (samples[i] as number) ** 2;
    }
    expect(Math.abs(lag / power)).toBeLessThan(0.02);
  });
});
