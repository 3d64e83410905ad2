import { describe, expect, it } from 'vitest';
import { toneMapFilters } from '../../src/ffmpeg/tonemap.js';
import { planColour } from '../../src/plan/colour-plan.js';
import { colourFromCodes, colourFromProbe, hdrKind } from '../../src/probe/colour.js';

describe('colour facts', () => {
  it('names H.273 code points as ffmpeg does, leaving "unspecified" out', () => {
    expect(colourFromCodes({ primaries: 9, transfer: 18, matrix: 9, fullRange: false }))
      .toEqual({ primaries: 'bt2020', transfer: 'arib-std-b67', matrix: 'bt2020nc', range: 'tv' });
    expect(colourFromCodes({ primaries: 2, transfer: 2, matrix: 2 })).toEqual({ primaries: undefined, transfer: undefined, matrix: undefined, range: undefined });
    expect(colourFromProbe({ color_primaries: 'bt2020', color_transfer: 'smpte2084', color_space: 'bt2020nc', color_range: 'tv' }))
      .toEqual({ primaries: 'bt2020', transfer: 'smpte2084', matrix: 'bt2020nc', range: 'tv' });
    expect(colourFromProbe({ color_transfer: 'unknown' }).transfer).toBeUndefined();
  });

  it.each([['smpte2084', 'pq'], ['arib-std-b67', 'hlg'], ['bt709', undefined], [undefined, undefined]])('transfer %s is HDR %s', (transfer, kind) => {
    expect(hdrKind({ transfer })).toBe(kind);
  });
});

describe('planColour', () => {
  it.each([
    // colour, pixel format, display height → HDR?, from RGB?, tags, note
    [{ primaries: 'bt2020', transfer: 'arib-std-b67', matrix: 'bt2020nc' }, 'yuv420p10le', 1080, 'hlg', false, ['bt709', 'bt709', 'bt709'], /HDR \(HLG\) tone-mapped to SDR BT\.709/],
    [{ transfer: 'smpte2084' }, 'yuv420p10le', 2160, 'pq', false, ['bt709', 'bt709', 'bt709'], /HDR \(PQ\)/],
    [{ primaries: 'bt709', transfer: 'bt709', matrix: 'bt709' }, 'yuv420p', 720, undefined, false, ['bt709', 'bt709', 'bt709'], undefined],
    [{ primaries: 'smpte170m', transfer: 'smpte170m', matrix: 'smpte170m' }, 'yuv420p', 480, undefined, false, ['smpte170m', 'smpte170m', 'smpte170m'], undefined],
    [{ matrix: 'bt470bg' }, 'yuv420p', 576, undefined, false, ['smpte170m', 'smpte170m', 'bt470bg'], undefined],
    [undefined, 'yuv420p', 480, undefined, false, ['smpte170m', 'smpte170m', 'smpte170m'], /tagged BT\.601 \(by frame height\)/],
    [undefined, 'yuv420p', 1080, undefined, false, ['bt709', 'bt709', 'bt709'], /tagged BT\.709 \(by frame height\)/],
    [undefined, 'rgb24', 480, undefined, true, ['bt709', 'bt709', 'bt709'], /RGB → YUV with the BT\.709 matrix/],
  ] as const)('%j %s %i', (colour, pixelFormat, height, hdr, fromRgb, tags, note) => {
    const plan = planColour(colour, pixelFormat, height);
    expect(plan.hdr?.kind).toBe(hdr);
    expect(plan.fromRgb).toBe(fromRgb);
    expect([plan.tags.primaries, plan.tags.transfer, plan.tags.matrix]).toEqual(tags);
    if (note) expect(plan.adaptation).toMatch(note);
    else expect(plan.adaptation).toBeUndefined();
  });

  it('tone-maps through linear light with the measured operator, ending in BT.709 limited range', () => {
    const plan = planColour({ primaries: 'bt2020', transfer: 'smpte2084', matrix: 'bt2020nc' }, 'yuv420p10le', 1080);
    expect(toneMapFilters(plan.hdr as NonNullable<typeof plan.hdr>)).toEqual([
      'zscale=tin=smpte2084:pin=bt2020:min=bt2020nc:rin=tv:t=linear:npl=100',
      'format=gbrpf32le',
      'zscale=p=bt709',
      'tonemap=tonemap=mobius:param=0.7:desat=0',
      'zscale=t=bt709:m=bt709:r=tv',
    ]);
  });
});
