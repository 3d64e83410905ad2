// Reads what planning needs from an H.264 sequence parameter set (the first SPS in avcC): whether
// frames may be field-coded (frame_mbs_only_flag = 0 means interlaced) and the VUI colour description.
// Pure; never throws: a short or odd SPS yields undefined fields.

export interface SpsFacts {
  /** frame_mbs_only_flag was 0: pictures may be coded as fields (interlaced video). */
  interlaced: boolean;
  /** The decoded frame size (macroblocks, field pairs and cropping applied): what ffprobe reports. */
  width?: number;
  height?: number;
  /** The SPS crops its top or left edge (a container's smaller size is then not used by decoders). */
  cropsTopOrLeft?: boolean;
  /** H.273 code points from the VUI, when it has a colour description. */
  colour?: { primaries: number; transfer: number; matrix: number; fullRange: boolean };
}

/** Exp-Golomb bit reader over an RBSP (emulation prevention bytes removed). */
class BitReader {
  private bit = 0;
  constructor(private readonly bytes: Uint8Array) {}

  u(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) {
      const byte = this.bytes[this.bit >> 3];
      if (byte === undefined) throw new RangeError('end of SPS');
      value = value * 2 + ((byte >> (7 - (this.bit & 7))) & 1);
      this.bit++;
    }
    return value;
  }

  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) {
      if (++zeros > 31) throw new RangeError('bad Exp-Golomb code');
    }
    return 2 ** zeros - 1 + this.u(zeros);
  }

  se(): number {
    const value = this.ue();
    return value % 2 === 1 ? (value + 1) / 2 : -value / 2;
  }
}

/** NAL payload → RBSP: 00 00 03 xx drops the 03. */
export function unescapeRbsp(nal: Uint8Array): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const byte of nal) {
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}

const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

function skipScalingList(bits: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + bits.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

/** `nal` is one SPS NAL unit, its one-byte header included. */
export function parseSps(nal: Uint8Array): SpsFacts | undefined {
  if (nal.length < 4 || ((nal[0] as number) & 0x1f) !== 7) return undefined;
  const bits = new BitReader(unescapeRbsp(nal.subarray(1)));
  try {
    const profileIdc = bits.u(8);
    bits.u(16); // constraint flags, level_idc
    bits.ue(); // seq_parameter_set_id
    let chromaFormat = 1;
    if (HIGH_PROFILES.has(profileIdc)) {
      chromaFormat = bits.ue();
      if (chromaFormat === 3) bits.u(1); // separate_colour_plane_flag
      bits.ue(); // bit_depth_luma_minus8
      bits.ue(); // bit_depth_chroma_minus8
      bits.u(1); // qpprime_y_zero_transform_bypass_flag
      if (bits.u(1)) {
        for (let i = 0; i < (chromaFormat === 3 ? 12 : 8); i++) {
          if (bits.u(1)) skipScalingList(bits, i < 6 ? 16 : 64);
        }
      }
    }
    bits.ue(); // log2_max_frame_num_minus4
    const pocType = bits.ue();
    if (pocType === 0) bits.ue();
    else if (pocType === 1) {
      bits.u(1);
      bits.se();
      bits.se();
      const cycle = bits.ue();
      if (cycle > 255) return undefined;
      for (let i = 0; i < cycle; i++) bits.se();
    }
    bits.ue(); // max_num_ref_frames
    bits.u(1); // gaps_in_frame_num_value_allowed_flag
    const widthInMbs = bits.ue() + 1;
    const heightInMapUnits = bits.ue() + 1;
    const frameMbsOnly = bits.u(1) === 1;
    if (!frameMbsOnly) bits.u(1); // mb_adaptive_frame_field_flag
    bits.u(1); // direct_8x8_inference_flag
    const [left, right, top, bottom] = bits.u(1) ? [bits.ue(), bits.ue(), bits.ue(), bits.ue()] : [0, 0, 0, 0];
    // Cropping is counted in chroma samples (2 for 4:2:0 and 4:2:2 across, 2 for 4:2:0 down), doubled down for fields.
    const cropX = chromaFormat === 1 || chromaFormat === 2 ? 2 : 1;
    const cropY = (chromaFormat === 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
    const width = widthInMbs * 16 - cropX * (left + right);
    const height = (frameMbsOnly ? 1 : 2) * heightInMapUnits * 16 - cropY * (top + bottom);
    const facts: SpsFacts = { interlaced: !frameMbsOnly, ...(width > 0 && height > 0 ? { width, height } : {}), ...(top || left ? { cropsTopOrLeft: true } : {}) };
    if (!bits.u(1)) return facts; // no VUI
    if (bits.u(1) && bits.u(8) === 255) bits.u(32); // aspect_ratio_info: Extended_SAR
    if (bits.u(1)) bits.u(1); // overscan
    if (bits.u(1)) {
      bits.u(3); // video_format
      const fullRange = bits.u(1) === 1;
      if (bits.u(1)) facts.colour = { primaries: bits.u(8), transfer: bits.u(8), matrix: bits.u(8), fullRange };
    }
    return facts;
  } catch {
    return undefined;
  }
}

/**
 * The frame size an H.264 decoder outputs (FFmpeg's rule): the SPS's cropped size, or the container's
 * (sample entry) size where that is smaller within the same macroblocks and the SPS crops neither top
 * nor left — a QuickTime file whose SPS says 640x466 and whose sample entry says 640x465 decodes to 465
 * rows. Pure.
 */
export function decodedFrameSize(sps: { width: number; height: number; cropsTopOrLeft?: boolean }, container: { width: number; height: number } | undefined): { width: number; height: number } {
  const align = (value: number): number => Math.ceil(value / 16) * 16;
  if (!container || container.width <= 0 || container.height <= 0 || sps.cropsTopOrLeft) return { width: sps.width, height: sps.height };
  const fits = align(container.width) === align(sps.width) && align(container.height) === align(sps.height)
    && container.width <= sps.width && container.height <= sps.height;
  return fits ? { width: container.width, height: container.height } : { width: sps.width, height: sps.height };
}
