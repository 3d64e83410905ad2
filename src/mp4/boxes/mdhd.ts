// mdhd: a track's timescale and duration.
import { PayloadReader } from './reader.js';

export interface MediaHeader {
  timescale: number;
  /** Undefined when the header says "unknown" (all ones). */
  duration: number | undefined;
}

export function readMdhd(payload: Uint8Array): MediaHeader | undefined {
  const reader = new PayloadReader(payload);
  const header = reader.fullBoxHeader();
  if (!header) return undefined;
  const v1 = header.version === 1;
  reader.skip(v1 ? 16 : 8);
  const timescale = reader.u32();
  const duration = v1 ? reader.u64() : reader.u32();
  if (!timescale || duration === undefined) return undefined;
  // All ones means "unknown" (ISO/IEC 14496-12), not 39 hours.
  const unknown = v1 ? duration >= 2 ** 53 - 1 || duration === 0xffffffffffffffff : duration === 0xffffffff;
  return { timescale, duration: unknown ? undefined : duration };
}

/** mvhd has the same layout up to its duration: the movie's timescale and duration. */
export const readMvhd = readMdhd;
