// stsd: the first sample entry of a track — its codec fourcc, coded size or audio format, and the
// configuration boxes inside it (avcC, esds).
import { parseBoxHeader } from '../box-header.js';
import { type AvcConfig, readAvcC } from './avcc.js';
import { type ColourCodes, readColr } from './colr.js';
import { type AudioConfig, readEsds } from './esds.js';
import { PayloadReader } from './reader.js';

export interface SampleEntry {
  format: string;
  /** Visual entries. */
  width?: number;
  height?: number;
  avc?: AvcConfig;
  /** From a 'fiel' box: two fields per frame means interlaced. */
  interlaced?: boolean;
  /** From 'colr' (nclx/nclc), else the H.264 SPS's VUI: H.273 code points. */
  colour?: ColourCodes;
  /** HEVC (hvcC): chroma format (1 = 4:2:0, 2 = 4:2:2, 3 = 4:4:4) and luma bit depth. */
  hevc?: { chromaFormat: number; bitDepth: number };
  /** Audio entries: from the sample entry itself, then esds when present. */
  channels?: number;
  sampleRate?: number;
  audio?: AudioConfig;
  /** Protected content: an encv/enca (CENC) or FairPlay entry, or a 'sinf' box in the entry. */
  encrypted?: boolean;
}

const VISUAL = new Set(['avc1', 'avc3', 'hvc1', 'hev1', 'mp4v', 'av01', 'vp09', 'vp08', 'apcn', 'apch', 'apcs', 'apco', 'ap4h', 'jpeg', 'mjpa', 's263', 'h263']);
/** Sample entries of protected streams (ISO/IEC 23001-7 CENC, FairPlay). */
const PROTECTED = new Set(['encv', 'enca', 'encs', 'enct', 'encm', 'drmi', 'drms']);
const AUDIO = new Set(['mp4a', 'ac-3', 'ec-3', 'Opus', 'fLaC', 'lpcm', 'sowt', 'twos', 'ipcm', 'alac', '.mp3', 'samr', 'sawb']);

/** AC-3 audio coding mode → full-bandwidth channels (1+1 dual mono counts two). */
const ACMOD_CHANNELS = [2, 1, 2, 3, 3, 4, 4, 5];
const AC3_RATES = [48000, 44100, 32000];

/** dac3 (AC-3) or dec3 (E-AC-3, its first independent substream): sample rate and channels with LFE. */
function readDolbyConfig(type: 'dac3' | 'dec3', bytes: Uint8Array): { sampleRate: number | undefined; channels: number } | undefined {
  const bit = (offset: number, count: number): number | undefined => {
    let value = 0;
    for (let i = 0; i < count; i++) {
      const byte = bytes[(offset + i) >> 3];
      if (byte === undefined) return undefined;
      value = value * 2 + ((byte >> (7 - ((offset + i) & 7))) & 1);
    }
    return value;
  };
  // dac3: fscod(2) bsid(5) bsmod(3) acmod(3) lfeon(1). dec3: data_rate(13) num_ind_sub(3), then
  // fscod(2) bsid(5) reserved(1) asvc(1) bsmod(3) acmod(3) lfeon(1) for the first substream.
  const [fscodAt, acmodAt] = type === 'dac3' ? [0, 10] : [16, 28];
  const fscod = bit(fscodAt, 2);
  const bsid = bit(fscodAt + 2, 5);
  const acmod = bit(acmodAt, 3);
  const lfe = bit(acmodAt + 3, 1);
  if (fscod === undefined || acmod === undefined || lfe === undefined) return undefined;
  // AC-3's reduced-rate streams (bsid 9: half, 10: quarter) decode at a fraction of fscod's rate.
  const divisor = type === 'dac3' && bsid !== undefined && bsid > 8 && bsid <= 10 ? 2 ** (bsid - 8) : 1;
  const rate = AC3_RATES[fscod];
  return { sampleRate: rate === undefined ? undefined : rate / divisor, channels: (ACMOD_CHANNELS[acmod] ?? 2) + lfe };
}

/** Finds a child box by type in bytes that hold a sequence of boxes. */
function findChild(bytes: Uint8Array, type: string): Uint8Array | undefined {
  let position = 0;
  while (position + 8 <= bytes.length) {
    const header = parseBoxHeader(bytes.subarray(position), position, bytes.length);
    if (header.status !== 'ok') return undefined;
    if (header.type === type) return bytes.subarray(position + header.headerSize, header.end);
    position = header.end;
  }
  return undefined;
}

export function readStsd(payload: Uint8Array): SampleEntry | undefined {
  const reader = new PayloadReader(payload);
  if (!reader.fullBoxHeader() || !reader.u32()) return undefined;
  const entryBytes = reader.rest();
  const header = parseBoxHeader(entryBytes, 0, entryBytes.length);
  if (header.status !== 'ok') return undefined;
  const entry = new PayloadReader(entryBytes.subarray(header.headerSize, header.end));
  const format = header.type;
  entry.skip(8); // reserved(6) + data_reference_index(2)
  if (PROTECTED.has(format)) return { format, encrypted: true };
  if (VISUAL.has(format)) {
    entry.skip(16);
    const width = entry.u16();
    const height = entry.u16();
    entry.skip(50);
    const children = entry.rest();
    const avcC = findChild(children, 'avcC');
    const fiel = findChild(children, 'fiel');
    const hvcC = findChild(children, 'hvcC');
    const colr = findChild(children, 'colr');
    const avc = avcC ? readAvcC(avcC) : undefined;
    const colour = (colr && readColr(colr)) ?? avc?.sps?.colour;
    return {
      format, width, height, avc,
      ...(findChild(children, 'sinf') ? { encrypted: true } : {}),
      ...(colour ? { colour } : {}),
      // HEVCDecoderConfigurationRecord: chromaFormat in byte 16, bitDepthLumaMinus8 in byte 17.
      ...(hvcC && hvcC.length >= 18 ? { hevc: { chromaFormat: (hvcC[16] as number) & 3, bitDepth: ((hvcC[17] as number) & 7) + 8 } } : {}),
      ...(fiel && fiel.length >= 1 ? { interlaced: fiel[0] === 2 } : {}),
    };
  }
  if (AUDIO.has(format)) {
    const version = entry.u16() ?? 0; // QuickTime sound description version
    entry.skip(6);
    const channels = entry.u16();
    entry.skip(6);
    const rate = entry.u32();
    if (version === 1) entry.skip(16);
    if (version === 2) entry.skip(36);
    const children = entry.rest();
    // In QuickTime files esds may sit inside a 'wave' box.
    const esds = findChild(children, 'esds') ?? findChild(findChild(children, 'wave') ?? new Uint8Array(), 'esds');
    // The sample entry's own channels and rate are often placeholders (2, and the core rate): the
    // codec's configuration says what a decoder outputs.
    const dolby = format === 'ac-3' || format === 'ec-3' ? findChild(children, format === 'ac-3' ? 'dac3' : 'dec3') : undefined;
    const dolbyConfig = dolby && readDolbyConfig(format === 'ac-3' ? 'dac3' : 'dec3', dolby);
    const dOps = format === 'Opus' ? findChild(children, 'dOps') : undefined;
    const opus = dOps && dOps.length >= 2 ? { channels: dOps[1] as number, sampleRate: 48000 } : undefined; // Opus always decodes at 48 kHz
    // AMR is mono by definition (the entry's channel field is a placeholder): narrowband 8 kHz, wideband 16 kHz.
    // ALACSpecificConfig (an 'alac' box, in QuickTime inside 'wave'; after version and flags): numChannels at byte 9, sampleRate at 20.
    const alacBox = format === 'alac' ? findChild(children, 'alac') ?? findChild(findChild(children, 'wave') ?? new Uint8Array(), 'alac') : undefined;
    const alac = alacBox && alacBox.length >= 28 ? { channels: alacBox[13] as number, sampleRate: new DataView(alacBox.buffer, alacBox.byteOffset + 24, 4).getUint32(0) } : undefined;
    const amr = format === 'samr' ? { channels: 1, sampleRate: 8000 } : format === 'sawb' ? { channels: 1, sampleRate: 16000 } : undefined;
    return {
      format,
      ...(findChild(children, 'sinf') ? { encrypted: true } : {}),
      channels: dolbyConfig?.channels ?? opus?.channels ?? amr?.channels ?? (alac?.channels || undefined) ?? channels,
      sampleRate: dolbyConfig?.sampleRate ?? opus?.sampleRate ?? amr?.sampleRate ?? (alac?.sampleRate || undefined) ?? (rate === undefined ? undefined : rate / 65536),
      audio: esds ? readEsds(esds) : undefined,
    };
  }
  return { format };
}
