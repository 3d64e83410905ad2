// What happens to an input's colour under the streaming preset (8-bit 4:2:0 Baseline, which carries
// SDR only): HDR is tone-mapped to SDR BT.709, everything else keeps its colour; and what the output is
// tagged, so that no conversion is left undeclared. Pure.
import { BT601_MATRICES, type VideoColour, hdrKind } from '../probe/colour.js';

export interface ColourTags {
  primaries: string;
  transfer: string;
  matrix: string;
}

export interface ColourPlan {
  /** Tone-map this HDR transfer to SDR BT.709 (zscale linearises, converts primaries; tonemap compresses). */
  hdr?: { kind: 'pq' | 'hlg'; transfer: string; primaries: string; matrix: string } | undefined;
  /** RGB input: converted to YUV with the BT.709 matrix (swscale's default would be BT.601, untagged). */
  fromRgb: boolean;
  /** What the output declares (VUI and colr). */
  tags: ColourTags;
  /** For the report. */
  adaptation: string | undefined;
}

const BT709: ColourTags = { primaries: 'bt709', transfer: 'bt709', matrix: 'bt709' };
const BT601: ColourTags = { primaries: 'smpte170m', transfer: 'smpte170m', matrix: 'smpte170m' };

const RGB_FORMAT = /^(rgb|bgr|gbr|argb|abgr|rgba|bgra|0rgb|rgb0|0bgr|bgr0|pal8|x2rgb|x2bgr)/;

export function planColour(colour: VideoColour | undefined, pixelFormat: string | undefined, displayHeight: number): ColourPlan {
  const kind = hdrKind(colour);
  if (kind) {
    return {
      hdr: { kind, transfer: colour?.transfer as string, primaries: colour?.primaries ?? 'bt2020', matrix: colour?.matrix ?? 'bt2020nc' },
      fromRgb: false,
      tags: BT709,
      adaptation: `HDR (${kind === 'pq' ? 'PQ' : 'HLG'}) tone-mapped to SDR BT.709`,
    };
  }
  if (pixelFormat && RGB_FORMAT.test(pixelFormat)) {
    return { fromRgb: true, tags: BT709, adaptation: 'RGB → YUV with the BT.709 matrix' };
  }
  // SDR YUV keeps its matrix (no conversion happens); it is declared: the source's, or what players
  // assume for its size when it says nothing (BT.601 below 720 lines, BT.709 from 720 up).
  const matrix = colour?.matrix && (colour.matrix === 'bt709' || BT601_MATRICES.has(colour.matrix)) ? colour.matrix : undefined;
  const base = matrix ? (matrix === 'bt709' ? BT709 : { ...BT601, matrix }) : displayHeight >= 720 ? BT709 : BT601;
  const sdrTransfers = new Set(['bt709', 'smpte170m', 'bt470bg', 'gamma22', 'gamma28', 'iec61966-2-1', 'bt2020-10', 'bt2020-12']);
  return {
    fromRgb: false,
    tags: {
      primaries: colour?.primaries && colour.primaries !== 'bt2020' ? colour.primaries : base.primaries,
      transfer: colour?.transfer && sdrTransfers.has(colour.transfer) && !colour.transfer.startsWith('bt2020') ? colour.transfer : base.transfer,
      matrix: base.matrix,
    },
    adaptation: matrix ? undefined : `colour unspecified: tagged ${base.matrix === 'bt709' ? 'BT.709' : 'BT.601'} (by frame height)`,
  };
}
