import { describe, expect, it } from 'vitest';
import { type Candidate, ageWarning, chooseFfmpeg } from '../../src/binaries/choose.js';

const candidate = (source: string, major: number, minor: number, missing: string[] = []): Candidate =>
  ({ source, path: `/${source}/ffmpeg`, version: `${major}.${minor}`, libavformat: { major, minor }, missing });

describe('choosing an ffmpeg', () => {
  it('takes the newest capable one, and says why the others were passed over', () => {
    const choice = chooseFfmpeg([candidate('ffmpeg-static', 59, 16), candidate('PATH', 61, 7), candidate('@ffmpeg-installer/ffmpeg', 58, 20)]);
    expect(choice?.chosen.source).toBe('PATH');
    expect(choice?.why).toBe('the newest capable ffmpeg of 3');
    expect(choice?.passedOver.map((other) => other.why)).toEqual([expect.stringMatching(/^older than PATH/), expect.stringMatching(/^older than PATH/)]);
  });

  it('passes over a newer one that lacks what the presets need', () => {
    const choice = chooseFfmpeg([candidate('PATH', 61, 7, ['libx264']), candidate('@ffmpeg-installer/ffmpeg', 58, 20)]);
    expect(choice?.chosen.source).toBe('@ffmpeg-installer/ffmpeg');
    expect(choice?.passedOver[0]?.why).toBe('lacks libx264');
    expect(chooseFfmpeg([candidate('PATH', 61, 7, ['zscale'])])).toBeUndefined();
  });

  it('keeps the order of preference on a tie', () => {
    expect(chooseFfmpeg([candidate('ffmpeg-static', 59, 27), candidate('PATH', 59, 27)])?.chosen.source).toBe('ffmpeg-static');
  });

  it('warns about a build more than 5 years old', () => {
    const now = new Date('2026-12-02');
    expect(ageWarning(candidate('@ffmpeg-installer/ffmpeg', 58, 20), now)).toMatch(/about 2018, more than 5 years old/);
    expect(ageWarning(candidate('PATH', 59, 27), now)).toBeUndefined(); // 2022
    expect(ageWarning(candidate('PATH', 63, 0), now)).toBeUndefined();
  });
});
