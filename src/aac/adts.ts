// ADTS: AAC frames as an encoder writes them to a pipe, each behind a 7- or 9-byte header. Reads the
// frames (payloads without headers) and the AudioSpecificConfig an MP4 sample entry needs. Pure.

export interface AdtsStream {
  /** Raw AAC access units, 1024 samples each. */
  frames: Uint8Array[];
  /** MPEG-4 audio object type (2 = AAC-LC). */
  objectType: number;
  sampleRate: number;
  channels: number;
  /** The 2-byte AudioSpecificConfig. */
  config: Uint8Array;
}

export const ADTS_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

export type AdtsResult = ({ ok: true } & AdtsStream) | { ok: false; reason: string };

export function readAdts(bytes: Uint8Array): AdtsResult {
  const frames: Uint8Array[] = [];
  let format: { objectType: number; rateIndex: number; channels: number } | undefined;
  let at = 0;
  while (at < bytes.length) {
    if (at + 7 > bytes.length) return { ok: false, reason: `${bytes.length - at} stray byte(s) after the last ADTS frame` };
    const b = bytes.subarray(at, at + 7);
    if (b[0] !== 0xff || ((b[1] as number) & 0xf6) !== 0xf0) return { ok: false, reason: `no ADTS sync word at byte ${at}` };
    const protectionAbsent = ((b[1] as number) & 1) === 1;
    const objectType = (((b[2] as number) >> 6) & 3) + 1;
    const rateIndex = ((b[2] as number) >> 2) & 0xf;
    const channels = (((b[2] as number) & 1) << 2) | ((b[3] as number) >> 6);
    const length = (((b[3] as number) & 3) << 11) | ((b[4] as number) << 3) | ((b[5] as number) >> 5);
    const rawBlocks = ((b[6] as number) & 3) + 1;
    const headerSize = protectionAbsent ? 7 : 9;
    if (rawBlocks !== 1) return { ok: false, reason: `ADTS frame at byte ${at} holds ${rawBlocks} raw blocks (one is supported)` };
    if (length < headerSize || at + length > bytes.length) return { ok: false, reason: `ADTS frame at byte ${at} is cut off` };
    if (rateIndex >= ADTS_RATES.length || channels === 0) return { ok: false, reason: `ADTS frame at byte ${at} has no usable rate or channel configuration` };
    if (format && (format.objectType !== objectType || format.rateIndex !== rateIndex || format.channels !== channels)) {
      return { ok: false, reason: `the audio format changes at byte ${at}` };
    }
    format ??= { objectType, rateIndex, channels };
    frames.push(bytes.subarray(at + headerSize, at + length));
    at += length;
  }
  if (!format) return { ok: false, reason: 'no ADTS frames' };
  const config = audioSpecificConfig(format.objectType, format.rateIndex, format.channels);
  return { ok: true, frames, objectType: format.objectType, sampleRate: ADTS_RATES[format.rateIndex] as number, channels: format.channels, config };
}

/** The 2-byte AudioSpecificConfig of an object type, a sampling-rate index and a channel configuration. */
export const audioSpecificConfig = (objectType: number, rateIndex: number, channels: number): Uint8Array =>
  Uint8Array.of((objectType << 3) | (rateIndex >> 1), ((rateIndex & 1) << 7) | (channels << 3));

/** The AudioSpecificConfig of AAC-LC at `rate` and `channels` (what ffmpeg's AAC encoder writes); undefined for a rate ADTS cannot name. */
export function aacLcConfig(rate: number, channels: number): Uint8Array | undefined {
  const rateIndex = ADTS_RATES.indexOf(rate);
  return rateIndex === -1 ? undefined : audioSpecificConfig(2, rateIndex, channels);
}
