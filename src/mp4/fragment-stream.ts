// A fragmented MP4 read as it is written (an encoder's pipe): its one video track's description once its
// moov is there, then each fragment's samples (bytes, duration, composition offset, sync) as soon as its
// moof and mdat are whole. Pure: bytes in, values out; bounded like every box reader here.
import { parseBoxHeader } from './box-header.js';
import { readMdhd } from './boxes/mdhd.js';
import { readHdlr } from './boxes/hdlr.js';
import { PayloadReader } from './boxes/reader.js';
import { readTkhd } from './boxes/tkhd.js';
import { find, readBoxTree } from './moov.js';
import { box } from './write/box-writer.js';

export interface StreamTrack {
  trackId: number;
  timescale: number;
  /** The whole stsd box. */
  stsd: Uint8Array;
  width: number;
  height: number;
}

export interface StreamSample {
  data: Uint8Array;
  duration: number;
  ctsOffset: number;
  sync: boolean;
}

export interface StreamFragment {
  /** Base decode time (tfdt), in the track's timescale. */
  decodeTime: number;
  samples: StreamSample[];
}

const SAMPLE_IS_NON_SYNC = 0x00010000;

interface Defaults { duration: number; size: number; flags: number }

/** The video track of an empty moov (ftyp + moov of a fragmented file), with its trex defaults. */
function readInit(payload: Uint8Array, offset: number): { track: StreamTrack; defaults: Defaults } | string {
  const problems: string[] = [];
  const tree = readBoxTree(payload, offset, problems);
  if (problems.length > 0) return problems[0] as string;
  for (const trak of tree.filter((child) => child.node.type === 'trak')) {
    const hdlr = find(trak.children, 'mdia', 'hdlr');
    if (!hdlr || readHdlr(hdlr.payload) !== 'vide') continue;
    const mdhd = find(trak.children, 'mdia', 'mdhd');
    const tkhd = find(trak.children, 'tkhd');
    const stsd = find(trak.children, 'mdia', 'minf', 'stbl', 'stsd');
    const timescale = mdhd ? readMdhd(mdhd.payload)?.timescale : undefined;
    const header = tkhd ? readTkhd(tkhd.payload) : undefined;
    if (!timescale || !header || !stsd) return 'its video track lacks a media header, track header or sample description';
    const trex = find(tree, 'mvex')?.children.find((child) => child.node.type === 'trex' && new DataView(child.payload.buffer, child.payload.byteOffset).getUint32(4) === header.trackId);
    const reader = trex && new PayloadReader(trex.payload);
    reader?.skip(12);
    const defaults = { duration: reader?.u32() ?? 0, size: reader?.u32() ?? 0, flags: reader?.u32() ?? 0 };
    return { track: { trackId: header.trackId, timescale, stsd: box('stsd', stsd.payload), width: Math.round(header.width), height: Math.round(header.height) }, defaults };
  }
  return 'it has no video track';
}

/** The video track's samples in one moof + mdat (their bytes sliced from `bytes`, which starts at the moof). */
function readFragment(bytes: Uint8Array, moofSize: number, track: StreamTrack, defaults: Defaults): StreamFragment | string | undefined {
  const problems: string[] = [];
  const tree = readBoxTree(bytes.subarray(8, moofSize), 8, problems);
  if (problems.length > 0) return problems[0] as string;
  for (const traf of tree.filter((child) => child.node.type === 'traf')) {
    const tfhd = find(traf.children, 'tfhd');
    if (!tfhd) return 'a track fragment has no header';
    const header = new PayloadReader(tfhd.payload);
    const flags = (header.u32() as number) & 0xffffff;
    if (header.u32() !== track.trackId) continue;
    if (flags & 0x1) return 'a track fragment names an explicit base offset (only default-base-is-moof is read)';
    if (flags & 0x2) header.skip(4);
    const duration = flags & 0x8 ? (header.u32() as number) : defaults.duration;
    const size = flags & 0x10 ? (header.u32() as number) : defaults.size;
    const sampleFlags = flags & 0x20 ? (header.u32() as number) : defaults.flags;
    const tfdt = find(traf.children, 'tfdt');
    if (!tfdt) return 'a track fragment has no decode time (tfdt)';
    const time = new PayloadReader(tfdt.payload);
    const version = (time.u32() as number) >>> 24;
    const decodeTime = version === 1 ? time.u64() : time.u32();
    if (decodeTime === undefined) return 'a track fragment\'s decode time is cut off';
    const samples: StreamSample[] = [];
    for (const trun of traf.children.filter((child) => child.node.type === 'trun')) {
      const run = new PayloadReader(trun.payload);
      const word = run.u32() as number;
      const runVersion = word >>> 24;
      const runFlags = word & 0xffffff;
      const count = run.u32();
      if (count === undefined) return 'a track run is cut off';
      const dataOffset = runFlags & 0x1 ? run.u32() : undefined;
      const firstFlags = runFlags & 0x4 ? run.u32() : undefined;
      if (dataOffset === undefined) return 'a track run has no data offset';
      const perSample = [0x100, 0x200, 0x400, 0x800].filter((bit) => runFlags & bit).length * 4;
      if (count * perSample > run.remaining) return 'a track run claims more samples than it holds';
      let at = dataOffset;
      for (let i = 0; i < count; i++) {
        const sampleDuration = runFlags & 0x100 ? (run.u32() as number) : duration;
        const sampleSize = runFlags & 0x200 ? (run.u32() as number) : size;
        const flagsHere = runFlags & 0x400 ? (run.u32() as number) : i === 0 && firstFlags !== undefined ? firstFlags : sampleFlags;
        const raw = runFlags & 0x800 ? (run.u32() as number) : 0;
        const ctsOffset = runVersion === 1 ? raw | 0 : raw;
        if (at + sampleSize > bytes.length) return 'a sample lies past its mdat';
        samples.push({ data: bytes.slice(at, at + sampleSize), duration: sampleDuration, ctsOffset, sync: (flagsHere & SAMPLE_IS_NON_SYNC) === 0 });
        at += sampleSize;
      }
    }
    return { decodeTime, samples };
  }
  return undefined;
}

/**
 * Reads a fragmented MP4 as its bytes come: `push` returns the video track once its moov is whole and
 * every fragment whose moof and mdat are whole. A stream it cannot read throws, with the reason.
 */
export class FragmentStreamReader {
  private pending = new Uint8Array(0);
  private init: { track: StreamTrack; defaults: Defaults } | undefined;

  get track(): StreamTrack | undefined {
    return this.init?.track;
  }

  push(chunk: Uint8Array): { track: StreamTrack | undefined; fragments: StreamFragment[] } {
    const joined = new Uint8Array(this.pending.length + chunk.length);
    joined.set(this.pending);
    joined.set(chunk, this.pending.length);
    const fragments: StreamFragment[] = [];
    let at = 0;
    let found: StreamTrack | undefined;
    for (;;) {
      // (A stream has no end to measure against: a short tail is the start of the next box.)
      const header = parseBoxHeader(joined.subarray(at), at, Number.MAX_SAFE_INTEGER);
      if (header.status !== 'ok') {
        if (header.status === 'invalid') throw new Error(`the fragment stream is unreadable: ${header.reason}`);
        break;
      }
      if (header.toEnd) throw new Error('the fragment stream has a box of unknown size');
      if (header.end > joined.length) break;
      if (header.type === 'moov') {
        const init = readInit(joined.subarray(at + header.headerSize, header.end), at + header.headerSize);
        if (typeof init === 'string') throw new Error(`the fragment stream's moov: ${init}`);
        this.init = init;
        found = init.track;
      } else if (header.type === 'moof') {
        // The moof and the mdat after it, both whole.
        const mdat = parseBoxHeader(joined.subarray(header.end), header.end, Number.MAX_SAFE_INTEGER);
        if (mdat.status !== 'ok' || mdat.end > joined.length) break;
        if (mdat.type !== 'mdat') throw new Error('the fragment stream has a moof without its mdat');
        if (!this.init) throw new Error('the fragment stream has a fragment before its moov');
        const fragment = readFragment(joined.subarray(at, mdat.end), header.end - at, this.init.track, this.init.defaults);
        if (typeof fragment === 'string') throw new Error(`the fragment stream: ${fragment}`);
        if (fragment) fragments.push(fragment);
        at = mdat.end;
        continue;
      }
      at = header.end;
    }
    this.pending = joined.slice(at);
    return { track: found, fragments };
  }
}
