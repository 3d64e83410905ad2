// Colour as ffmpeg names it (color_primaries, color_trc, colorspace), from ITU-T H.273 code points
// (MP4 'colr' boxes, H.264 VUI) or from ffprobe's JSON; and what it means for the streaming preset. Pure.

export interface VideoColour {
  primaries?: string | undefined;
  transfer?: string | undefined;
  matrix?: string | undefined;
  /** 'tv' (limited) or 'pc' (full). */
  range?: 'tv' | 'pc' | undefined;
}

const PRIMARIES: Record<number, string> = {
  1: 'bt709', 4: 'bt470m', 5: 'bt470bg', 6: 'smpte170m', 7: 'smpte240m', 8: 'film', 9: 'bt2020', 10: 'smpte428',
  11: 'smpte431', 12: 'smpte432', 22: 'jedec-p22',
};
const TRANSFER: Record<number, string> = {
  1: 'bt709', 4: 'gamma22', 5: 'gamma28', 6: 'smpte170m', 7: 'smpte240m', 8: 'linear', 11: 'iec61966-2-4',
  13: 'iec61966-2-1', 14: 'bt2020-10', 15: 'bt2020-12', 16: 'smpte2084', 17: 'smpte428', 18: 'arib-std-b67',
};
const MATRIX: Record<number, string> = {
  0: 'gbr', 1: 'bt709', 4: 'fcc', 5: 'bt470bg', 6: 'smpte170m', 7: 'smpte240m', 8: 'ycgco', 9: 'bt2020nc', 10: 'bt2020c', 14: 'ictcp',
};

/** H.273 code points → ffmpeg's names; 2 ("unspecified") and unknown codes are left out. */
export function colourFromCodes(codes: { primaries: number; transfer: number; matrix: number; fullRange?: boolean | undefined }): VideoColour {
  return {
    primaries: PRIMARIES[codes.primaries],
    transfer: TRANSFER[codes.transfer],
    matrix: MATRIX[codes.matrix],
    range: codes.fullRange === undefined ? undefined : codes.fullRange ? 'pc' : 'tv',
  };
}

const known = (value: string | undefined): string | undefined => (value && value !== 'unknown' && value !== 'unspecified' && value !== 'reserved' ? value : undefined);

/** ffprobe's stream fields (color_primaries, color_transfer, color_space, color_range). */
export function colourFromProbe(stream: { color_primaries?: string; color_transfer?: string; color_space?: string; color_range?: string }): VideoColour {
  const range = known(stream.color_range);
  return {
    primaries: known(stream.color_primaries),
    transfer: known(stream.color_transfer),
    matrix: known(stream.color_space),
    range: range === 'pc' || range === 'tv' ? range : undefined,
  };
}

export const hasColour = (colour: VideoColour | undefined): boolean =>
  Boolean(colour && (colour.primaries || colour.transfer || colour.matrix));

/** HDR transfer: PQ (SMPTE ST 2084, HDR10) or HLG (ARIB STD-B67). */
export function hdrKind(colour: VideoColour | undefined): 'pq' | 'hlg' | undefined {
  if (colour?.transfer === 'smpte2084') return 'pq';
  if (colour?.transfer === 'arib-std-b67') return 'hlg';
  return undefined;
}

/** Matrices whose SD meaning is BT.601 (ffmpeg names both 625- and 525-line variants). */
export const BT601_MATRICES = new Set(['smpte170m', 'bt470bg']);
