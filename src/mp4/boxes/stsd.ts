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

const VISUAL = new Set(['avc1', 'avc3', 'hvc1', 'hev1', 'mp4v', 'av01', 'vp09', 'apcn', 'apch', 'apcs', 'apco', 'ap4h', 'jpeg', 'mjpa']);
/** Sample entries of protected streams (ISO/IEC 23001-7 CENC, FairPlay). */
const PROTECTED = new Set(['encv', 'enca', 'encs', 'enct', 'encm', 'drmi', 'drms']);
const AUDIO = new Set(['mp4a', 'ac-3', 'ec-3', 'Opus', 'fLaC', 'lpcm', 'sowt', 'twos', 'ipcm', 'alac', '.mp3']);

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
    return {
      format,
      ...(findChild(children, 'sinf') ? { encrypted: true } : {}),
      channels,
      sampleRate: rate === undefined ? undefined : rate / 65536,
      audio: esds ? readEsds(esds) : undefined,
    };
  }
  return { format };
}
