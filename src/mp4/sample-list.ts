// Every sample of every track of a (non-fragmented) MP4 held in memory: where it lies, how long it
// lasts, its composition offset and whether it is a sync sample — what rewriting a file as fragments
// needs. Pure and bounded: each table is checked against the bytes that hold it.
import { parseBoxHeader } from './box-header.js';
import { readMdhd, readMvhd } from './boxes/mdhd.js';
import { readHdlr } from './boxes/hdlr.js';
import { presentedSeconds, readElst } from './boxes/elst.js';
import { PayloadReader } from './boxes/reader.js';
import { readTkhd } from './boxes/tkhd.js';
import { type RawBox, find, readBoxTree } from './moov.js';
import { box } from './write/box-writer.js';

export interface Sample {
  /** File offset of the sample's bytes. */
  offset: number;
  size: number;
  /** In the track's timescale. */
  duration: number;
  /** Composition time − decode time, in the track's timescale. */
  ctsOffset: number;
  sync: boolean;
}

export interface TrackSamples {
  kind: 'video' | 'audio' | 'other';
  trackId: number;
  timescale: number;
  /** The whole stsd box (header included), as the file has it. */
  stsd: Uint8Array;
  /** tkhd's display size (video). */
  width: number;
  height: number;
  /** The first edit's media_time (priming, or the first composition offset), 0 without an edit list. */
  editMediaTime: number;
  /** What the edit list presents, seconds (undefined without one): the samples' span otherwise. */
  presentedSec: number | undefined;
  samples: Sample[];
}

export type SampleListResult = { ok: true; tracks: TrackSamples[] } | { ok: false; reason: string };

/** Reads a table's entries as rows of `width` u32 values, or undefined when they do not fit. */
function rows(box: RawBox | undefined, width: number, skip = 8): number[][] | undefined {
  if (!box) return undefined;
  const reader = new PayloadReader(box.payload);
  reader.skip(skip - 4);
  const count = reader.u32();
  if (count === undefined || count * width * 4 > reader.remaining) return undefined;
  const out: number[][] = [];
  for (let i = 0; i < count; i++) out.push(Array.from({ length: width }, () => reader.u32() as number));
  return out;
}

function sizes(stsz: RawBox | undefined): number[] | undefined {
  if (!stsz) return undefined;
  const reader = new PayloadReader(stsz.payload);
  reader.skip(4);
  const fixed = reader.u32();
  const count = reader.u32();
  if (fixed === undefined || count === undefined) return undefined;
  if (fixed !== 0) return count <= 10_000_000 ? new Array<number>(count).fill(fixed) : undefined;
  if (count * 4 > reader.remaining) return undefined;
  return Array.from({ length: count }, () => reader.u32() as number);
}

function chunkOffsets(stbl: RawBox): number[] | undefined {
  const stco = find(stbl.children, 'stco');
  if (stco) return rows(stco, 1)?.map(([offset]) => offset as number);
  const co64 = find(stbl.children, 'co64');
  if (!co64) return undefined;
  const reader = new PayloadReader(co64.payload);
  reader.skip(4);
  const count = reader.u32();
  if (count === undefined || count * 8 > reader.remaining) return undefined;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const offset = reader.u64();
    if (offset === undefined) return undefined;
    out.push(offset);
  }
  return out;
}

/** Runs of (count, value) expanded to one value per sample; `fallback` where the table ends early or is absent. */
function expand(runs: number[][] | undefined, total: number, fallback: number, signed = false): number[] {
  const out: number[] = [];
  for (const [count, value] of runs ?? []) {
    const v = signed ? (value as number) | 0 : (value as number);
    for (let i = 0; i < (count as number) && out.length < total; i++) out.push(v);
  }
  while (out.length < total) out.push(fallback);
  return out;
}

function readTrackSamples(trak: RawBox, movieTimescale: number | undefined): TrackSamples | string {
  const mdhd = find(trak.children, 'mdia', 'mdhd');
  const timescale = mdhd ? readMdhd(mdhd.payload)?.timescale : undefined;
  const hdlr = find(trak.children, 'mdia', 'hdlr');
  const handler = hdlr ? readHdlr(hdlr.payload) : undefined;
  const tkhd = find(trak.children, 'tkhd');
  const header = tkhd ? readTkhd(tkhd.payload) : undefined;
  const stbl = find(trak.children, 'mdia', 'minf', 'stbl');
  const stsd = stbl && find(stbl.children, 'stsd');
  if (!timescale || !header || !stbl || !stsd) return 'a track lacks its media header, track header or sample description';
  const sampleSizes = sizes(find(stbl.children, 'stsz'));
  const offsets = chunkOffsets(stbl);
  const stsc = rows(find(stbl.children, 'stsc'), 3);
  if (!sampleSizes || !offsets || !stsc) return 'a sample table (stsz, stco/co64 or stsc) does not fit its box';
  const total = sampleSizes.length;
  const durations = expand(rows(find(stbl.children, 'stts'), 2), total, 0);
  const ctts = find(stbl.children, 'ctts');
  const ctsOffsets = expand(rows(ctts, 2), total, 0, true);
  const stss = rows(find(stbl.children, 'stss'), 1);
  const syncSet = stss ? new Set(stss.map(([index]) => (index as number) - 1)) : undefined;
  const samples: Sample[] = [];
  // stsc: runs of chunks holding the same number of samples; each chunk's samples lie back to back.
  for (let run = 0; run < stsc.length && samples.length < total; run++) {
    const [firstChunk, perChunk] = stsc[run] as [number, number, number];
    const nextFirst = (stsc[run + 1]?.[0] ?? offsets.length + 1) as number;
    for (let chunk = firstChunk; chunk < nextFirst && samples.length < total; chunk++) {
      let at = offsets[chunk - 1];
      if (at === undefined) return `stsc names chunk ${chunk}, but the file has ${offsets.length}`;
      for (let i = 0; i < perChunk && samples.length < total; i++) {
        const index = samples.length;
        const size = sampleSizes[index] as number;
        samples.push({ offset: at, size, duration: durations[index] as number, ctsOffset: ctsOffsets[index] as number, sync: syncSet ? syncSet.has(index) : true });
        at += size;
      }
    }
  }
  if (samples.length !== total) return `the chunk table places ${samples.length} of ${total} samples`;
  const elst = find(trak.children, 'edts', 'elst');
  const edits = elst ? readElst(elst.payload) : undefined;
  const firstShown = edits?.find((edit) => edit.mediaTime !== -1);
  return {
    kind: handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other',
    trackId: header.trackId,
    timescale,
    stsd: box('stsd', stsd.payload),
    width: Math.round(header.width),
    height: Math.round(header.height),
    editMediaTime: firstShown?.mediaTime ?? 0,
    presentedSec: presentedSeconds(edits, movieTimescale),
    samples,
  };
}

/** The tracks of a whole MP4 file held in memory, each with its samples (sample data stays in `bytes`). */
export function readSampleList(bytes: Uint8Array): SampleListResult {
  let position = 0;
  while (position < bytes.length) {
    const header = parseBoxHeader(bytes.subarray(position), position, bytes.length);
    if (header.status !== 'ok') return { ok: false, reason: header.status === 'invalid' ? header.reason : 'a box header is cut off' };
    if (header.type === 'moov') {
      const problems: string[] = [];
      const tree = readBoxTree(bytes.subarray(position + header.headerSize, header.end), position + header.headerSize, problems);
      if (problems.length > 0) return { ok: false, reason: problems[0] as string };
      if (find(tree, 'mvex')) return { ok: false, reason: 'the file is already fragmented' };
      const mvhd = find(tree, 'mvhd');
      const movieTimescale = mvhd ? readMvhd(mvhd.payload)?.timescale : undefined;
      const tracks: TrackSamples[] = [];
      for (const trak of tree.filter((child) => child.node.type === 'trak')) {
        const track = readTrackSamples(trak, movieTimescale);
        if (typeof track === 'string') return { ok: false, reason: track };
        if (track.samples.some((sample) => sample.offset + sample.size > bytes.length)) return { ok: false, reason: 'a sample lies past the end of the file' };
        tracks.push(track);
      }
      return { ok: true, tracks };
    }
    position = header.end;
  }
  return { ok: false, reason: 'no moov box' };
}
