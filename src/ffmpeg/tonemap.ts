// The ffmpeg filters that take an HDR stream (PQ or HLG) to SDR BT.709, YUV, limited range: zscale does
// the colour maths (linear light, BT.2020 → BT.709 primaries, back to the BT.709 transfer and matrix),
// tonemap compresses what lies above SDR white. Pure.

/**
 * The tone-mapping operator and its knee, chosen by measurement (docs/BENCHMARKS.md): SDR clips taken to
 * HLG and PQ and back, mobius (linear up to 70 % of SDR white, a smooth roll-off above) kept saturation
 * within 16 % and SSIM ≥ 0.93 where hable lost 44 % of the saturation.
 */
export const TONEMAP = { operator: 'mobius', param: 0.7, nominalPeakNits: 100 } as const;

/** The zscale/tonemap chain that takes an HDR stream to SDR BT.709 (YUV, limited range). */
export function toneMapFilters(hdr: { transfer: string; primaries: string; matrix: string }): string[] {
  return [
    `zscale=tin=${hdr.transfer}:pin=${hdr.primaries}:min=${hdr.matrix}:rin=tv:t=linear:npl=${TONEMAP.nominalPeakNits}`,
    'format=gbrpf32le',
    'zscale=p=bt709',
    `tonemap=tonemap=${TONEMAP.operator}:param=${TONEMAP.param}:desat=0`,
    'zscale=t=bt709:m=bt709:r=tv',
  ];
}
