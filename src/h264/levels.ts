// H.264 levels (ITU-T H.264 Table A-1) and the frame sizes they allow.

export interface H264Level {
  /** As x264 and ffmpeg take it: "3.0", "3.1", … */
  name: string;
  /** level_idc as stored in avcC / the SPS: 30 for 3.0. */
  idc: number;
  /** Max macroblocks per second. */
  maxMbps: number;
  /** Max frame size in macroblocks. */
  maxFs: number;
  /** Max video bit rate in kbit/s for Baseline/Main (High: ×1.25). */
  maxBrKbps: number;
  /** Max coded picture buffer in kbit for Baseline/Main (High: ×1.25). */
  maxCpbKbit: number;
}

const row = (name: string, idc: number, maxMbps: number, maxFs: number, maxBrKbps: number, maxCpbKbit: number): H264Level =>
  ({ name, idc, maxMbps, maxFs, maxBrKbps, maxCpbKbit });

export const H264_LEVELS: readonly H264Level[] = [
  row('1.0', 10, 1485, 99, 64, 175),
  row('1.1', 11, 3000, 396, 192, 500),
  row('1.2', 12, 6000, 396, 384, 1000),
  row('1.3', 13, 11880, 396, 768, 2000),
  row('2.0', 20, 11880, 396, 2000, 2000),
  row('2.1', 21, 19800, 792, 4000, 4000),
  row('2.2', 22, 20250, 1620, 4000, 4000),
  row('3.0', 30, 40500, 1620, 10000, 10000),
  row('3.1', 31, 108000, 3600, 14000, 14000),
  row('3.2', 32, 216000, 5120, 20000, 20000),
  row('4.0', 40, 245760, 8192, 20000, 25000),
  row('4.1', 41, 245760, 8192, 50000, 62500),
  row('4.2', 42, 522240, 8704, 50000, 62500),
  row('5.0', 50, 589824, 22080, 135000, 135000),
  row('5.1', 51, 983040, 36864, 240000, 240000),
  row('5.2', 52, 2073600, 36864, 240000, 240000),
  row('6.0', 60, 4177920, 139264, 240000, 240000),
  row('6.1', 61, 8355840, 139264, 480000, 480000),
  row('6.2', 62, 16711680, 139264, 800000, 800000),
];

/** "3", "3.0", "30" → the level; undefined when there is no such level. */
export function findLevel(name: string): H264Level | undefined {
  const trimmed = name.trim();
  const asIdc = /^\d{2}$/.test(trimmed) ? Number(trimmed) : undefined;
  const normalized = /^\d$/.test(trimmed) ? `${trimmed}.0` : trimmed;
  return H264_LEVELS.find((level) => level.name === normalized || level.idc === asIdc);
}

export function findLevelByIdc(idc: number): H264Level | undefined {
  return H264_LEVELS.find((level) => level.idc === idc);
}

export const macroblocks = (pixels: number): number => Math.ceil(pixels / 16);

/** Why a frame size and rate break a level, or undefined when they fit. */
export function levelViolation(level: H264Level, width: number, height: number, fps: number): string | undefined {
  const mbWidth = macroblocks(width);
  const mbHeight = macroblocks(height);
  const frameMbs = mbWidth * mbHeight;
  // A-3.1 (f): neither side may exceed sqrt(8 × MaxFS) macroblocks.
  const maxSide = Math.sqrt(8 * level.maxFs);
  if (frameMbs > level.maxFs) return `${frameMbs} macroblocks per frame > ${level.maxFs}`;
  if (mbWidth > maxSide || mbHeight > maxSide) return `a side of ${Math.max(mbWidth, mbHeight)} macroblocks > ${Math.floor(maxSide)}`;
  const mbps = Math.ceil(frameMbs * fps);
  if (mbps > level.maxMbps) return `${mbps} macroblocks/s > ${level.maxMbps}`;
  return undefined;
}

/** The lowest level at or above `from` that the frame fits, if any. */
export function lowestFittingLevel(from: H264Level, width: number, height: number, fps: number): H264Level | undefined {
  return H264_LEVELS.find((level) => level.idc >= from.idc && !levelViolation(level, width, height, fps));
}

const even = (value: number): number => Math.max(2, 2 * Math.floor(value / 2));

/**
 * The largest even frame size with the same aspect ratio (to within rounding) that fits the level
 * at `fps`. Returns the input size when it already fits.
 */
export function fitFrameToLevel(level: H264Level, width: number, height: number, fps: number): { width: number; height: number } {
  if (!levelViolation(level, width, height, fps)) return { width, height };
  const maxSideMbs = Math.floor(Math.sqrt(8 * level.maxFs));
  const maxFrameMbs = Math.min(level.maxFs, Math.floor(level.maxMbps / Math.max(fps, 1e-9)));
  let scale = Math.min(
    Math.sqrt((maxFrameMbs * 256) / (width * height)),
    (maxSideMbs * 16) / width,
    (maxSideMbs * 16) / height,
    1,
  );
  // Shrink in small steps until macroblock rounding fits too (a few iterations at most).
  for (;;) {
    const candidate = { width: even(width * scale), height: even(height * scale) };
    if (!levelViolation(level, candidate.width, candidate.height, fps) || candidate.width <= 16 && candidate.height <= 16) {
      return candidate;
    }
    scale *= 0.99;
  }
}
