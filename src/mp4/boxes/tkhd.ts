// tkhd: a track's presentation width and height (16.16 fixed point) and its display matrix.
import { PayloadReader } from './reader.js';

export interface TrackHeader {
  trackId: number;
  width: number;
  height: number;
  /** Display rotation from the matrix, degrees 0, 90, 180 or 270, as ffprobe reports it (counterclockwise). */
  rotation: number;
  /** track_enabled (flags bit 0): what ffmpeg reports as the default disposition. */
  enabled: boolean;
}

export function readTkhd(payload: Uint8Array): TrackHeader | undefined {
  const reader = new PayloadReader(payload);
  const header = reader.fullBoxHeader();
  if (!header) return undefined;
  const v1 = header.version === 1;
  reader.skip(v1 ? 16 : 8); // creation, modification time
  const trackId = reader.u32();
  reader.skip(4 + (v1 ? 8 : 4) + 8 + 2 + 2 + 2 + 2); // reserved, duration, reserved, layer, group, volume, reserved
  const matrix: number[] = [];
  for (let i = 0; i < 9; i++) {
    const value = reader.u32();
    if (value === undefined) return undefined;
    matrix.push(value | 0);
  }
  const width = reader.u32();
  const height = reader.u32();
  if (trackId === undefined || width === undefined || height === undefined) return undefined;
  const [a = 0, b = 0] = matrix;
  // As libavutil's av_display_rotation_get: −atan2(b, a).
  const rotation = ((Math.round((-Math.atan2(b, a) * 180) / Math.PI / 90) * 90) % 360 + 360) % 360;
  return { trackId, width: width / 65536, height: height / 65536, rotation, enabled: (header.flags & 1) !== 0 };
}
