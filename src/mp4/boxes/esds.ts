// esds: the MPEG-4 elementary stream descriptor, down to AAC's AudioSpecificConfig
// (object type, sample rate, channels).
import { PayloadReader } from './reader.js';

export interface AudioConfig {
  /** 0x40 = MPEG-4 audio (AAC), 0x69/0x6B = MP3. */
  objectTypeIndication: number;
  /** AAC audio object type: 2 = LC, 5 = SBR (HE-AAC), 29 = PS. */
  audioObjectType: number | undefined;
  sampleRate: number | undefined;
  channels: number | undefined;
}

const SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

/** Descriptor length: up to four bytes of 7 bits each. */
function readLength(reader: PayloadReader): number | undefined {
  let length = 0;
  for (let i = 0; i < 4; i++) {
    const byte = reader.u8();
    if (byte === undefined) return undefined;
    length = (length << 7) | (byte & 0x7f);
    if ((byte & 0x80) === 0) return length;
  }
  return length;
}

class BitReader {
  private bit = 0;
  constructor(private readonly bytes: Uint8Array) {}
  read(count: number): number | undefined {
    let value = 0;
    for (let i = 0; i < count; i++) {
      const byte = this.bytes[this.bit >> 3];
      if (byte === undefined) return undefined;
      value = value * 2 + ((byte >> (7 - (this.bit & 7))) & 1);
      this.bit++;
    }
    return value;
  }
}

export function readAudioSpecificConfig(bytes: Uint8Array): Pick<AudioConfig, 'audioObjectType' | 'sampleRate' | 'channels'> {
  const bits = new BitReader(bytes);
  let audioObjectType = bits.read(5);
  if (audioObjectType === 31) {
    const extended = bits.read(6);
    audioObjectType = extended === undefined ? undefined : 32 + extended;
  }
  const readRate = (): number | undefined => {
    const index = bits.read(4);
    return index === 15 ? bits.read(24) : SAMPLE_RATES[index ?? -1];
  };
  const coreRate = readRate();
  const channelConfig = bits.read(4);
  // Channel configuration 7 is 7.1 (8 channels); 1–6 are the channel count itself.
  let channels = channelConfig === undefined || channelConfig === 0 ? undefined : channelConfig === 7 ? 8 : channelConfig;
  // ALS (36) carries its real format in its own config: unknown here, ffprobe decides.
  if (audioObjectType === 36) return { audioObjectType, sampleRate: undefined, channels: undefined };
  // HE-AAC signalled explicitly (SBR 5, PS 29): the output rate follows; parametric stereo makes two channels of one.
  if (audioObjectType === 5 || audioObjectType === 29) {
    const outputRate = readRate();
    if (audioObjectType === 29 && channels === 1) channels = 2;
    return { audioObjectType, sampleRate: outputRate ?? coreRate, channels };
  }
  return { audioObjectType, sampleRate: coreRate, channels };
}

export function readEsds(payload: Uint8Array): AudioConfig | undefined {
  const reader = new PayloadReader(payload);
  if (!reader.fullBoxHeader()) return undefined;
  let objectTypeIndication: number | undefined;
  // Walk descriptors: ES (3) → DecoderConfig (4) → DecoderSpecificInfo (5). Each step advances.
  while (reader.remaining > 2) {
    const tag = reader.u8();
    const length = readLength(reader);
    if (tag === undefined || length === undefined) return undefined;
    if (tag === 3) {
      reader.skip(2); // ES_ID
      const flags = reader.u8() ?? 0;
      if (flags & 0x80) reader.skip(2);
      if (flags & 0x40) reader.skip(reader.u8() ?? 0);
      if (flags & 0x20) reader.skip(2);
    } else if (tag === 4) {
      objectTypeIndication = reader.u8();
      reader.skip(12);
    } else if (tag === 5) {
      if (objectTypeIndication === undefined || length > reader.remaining) return undefined;
      const config = reader.bytes.subarray(reader.offset, reader.offset + length);
      return { objectTypeIndication, ...readAudioSpecificConfig(config) };
    } else if (!reader.skip(length)) {
      break;
    }
  }
  return objectTypeIndication === undefined ? undefined
    : { objectTypeIndication, audioObjectType: undefined, sampleRate: undefined, channels: undefined };
}
