// A progressive, faststart MP4 from a video-only MP4 and AAC frames made elsewhere (a conversation's one
// continuous audio encode): the video track as its encoder wrote it (every box kept but the chunk tables),
// an audio track of the frames whose edit list trims what is not the chunk's (the decoder's pre-roll), and
// the samples interleaved by time, so a player's first frame needs only the file's first bytes. Pure.
import { parseBoxHeader } from '../box-header.js';
import { readMvhd } from '../boxes/mdhd.js';
import { type RawBox, find, readBoxTree } from '../moov.js';
import { readSampleList } from '../sample-list.js';
import { box, fourcc, fullBox, i32, u16, u32, u32Table, zeros } from './box-writer.js';

export interface ProgressiveAudio {
  /** Raw AAC frames (no ADTS headers), 1024 samples each, in decode order. */
  frames: readonly Uint8Array[];
  /** The whole 'stsd' box that describes them. */
  stsd: Uint8Array;
  /** Samples per second (the audio track's timescale). */
  rate: number;
  /** Samples the frames decode to before the first presented one (the decoder's pre-roll and priming). */
  skip: number;
  /** Samples presented from there on. */
  presented: number;
}

export type ProgressiveResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

const AAC_FRAME = 1024;
const UNITY_MATRIX = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].map(u32);
/** Chunk-table boxes the writer makes anew; every other box of the video track is copied as it is. */
const CHUNK_TABLES = new Set(['stsc', 'stsz', 'stco', 'co64']);

/** A box as it was read (its content unchanged). */
const copy = (raw: RawBox): Uint8Array => box(raw.node.type, raw.payload);

interface Chunk {
  track: 'video' | 'audio';
  /** The samples it holds, their sizes in order. */
  sizes: number[];
  /** Offset from the start of mdat's content. */
  at: number;
}

/** stsc, stsz and stco for one track's chunks, with mdat's content starting at file offset `base`. */
function chunkTables(chunks: readonly Chunk[], base: number): Uint8Array[] {
  const runs: Array<[number, number]> = [];
  for (const [i, chunk] of chunks.entries()) {
    if (runs.at(-1)?.[1] !== chunk.sizes.length) runs.push([i + 1, chunk.sizes.length]);
  }
  const sizes = chunks.flatMap((chunk) => chunk.sizes);
  return [
    fullBox('stsc', 0, 0, u32(runs.length), u32Table(runs.flatMap(([first, count]) => [first, count, 1]))),
    fullBox('stsz', 0, 0, u32(0), u32(sizes.length), u32Table(sizes)),
    fullBox('stco', 0, 0, u32(chunks.length), u32Table(chunks.map((chunk) => base + chunk.at))),
  ];
}

/** The same box with its children rebuilt by `child` (containers on the way to the sample table). */
const rebuild = (raw: RawBox, child: (inner: RawBox) => Uint8Array): Uint8Array => box(raw.node.type, ...raw.children.map(child));

/** The video-only file `file` with `audio` as a second track (none when undefined), moov first. */
export function withAudioTrack(file: Uint8Array, given: ProgressiveAudio | undefined): ProgressiveResult {
  const audio = given ?? { frames: [], stsd: new Uint8Array(0), rate: 1, skip: 0, presented: 0 };
  const list = readSampleList(file);
  if (!list.ok) return { ok: false, reason: list.reason };
  if (list.tracks.length !== 1 || list.tracks[0]?.kind !== 'video') return { ok: false, reason: 'it is not one video track alone' };
  const video = list.tracks[0];
  let ftyp: Uint8Array | undefined;
  let moov: RawBox[] | undefined;
  for (let position = 0; position < file.length;) {
    const header = parseBoxHeader(file.subarray(position), position, file.length);
    if (header.status !== 'ok') break;
    if (header.type === 'ftyp') ftyp = file.subarray(position, header.end);
    if (header.type === 'moov') moov = readBoxTree(file.subarray(position + header.headerSize, header.end), position + header.headerSize);
    position = header.end;
  }
  const mvhd = moov && find(moov, 'mvhd');
  const trak = moov?.find((raw) => raw.node.type === 'trak');
  const movieTimescale = mvhd && readMvhd(mvhd.payload)?.timescale;
  if (!ftyp || !moov || !mvhd || !trak || !movieTimescale) return { ok: false, reason: 'its ftyp, mvhd or track is missing' };
  if (given && (audio.skip < 0 || audio.presented <= 0 || audio.skip + audio.presented > audio.frames.length * AAC_FRAME)) {
    return { ok: false, reason: `${audio.frames.length} audio frames do not hold ${audio.skip} + ${audio.presented} samples` };
  }

  // Interleaved by time, audio first at a tie: each video sample after the audio that plays before it ends.
  const chunks: Chunk[] = [];
  let at = 0;
  const add = (track: Chunk['track'], size: number): void => {
    const last = chunks.at(-1);
    if (last?.track === track) last.sizes.push(size);
    else chunks.push({ track, sizes: [size], at });
    at += size;
  };
  let frame = 0;
  let decodeTime = 0;
  for (const sample of video.samples) {
    decodeTime += sample.duration;
    const until = (decodeTime - video.editMediaTime) / video.timescale;
    while (frame < audio.frames.length && ((frame + 1) * AAC_FRAME - audio.skip) / audio.rate <= until) add('audio', (audio.frames[frame++] as Uint8Array).length);
    add('video', sample.size);
  }
  while (frame < audio.frames.length) add('audio', (audio.frames[frame++] as Uint8Array).length);
  const audioId = Math.max(...list.tracks.map((track) => track.trackId)) + 1;
  const movieTicks = (samples: number, rate: number): number => Math.round((samples * movieTimescale) / rate);
  const audioDuration = movieTicks(audio.presented, audio.rate);
  const videoChunks = chunks.filter((chunk) => chunk.track === 'video');
  const audioChunks = chunks.filter((chunk) => chunk.track === 'audio');

  const moovWith = (base: number): Uint8Array => {
    const videoTrak = rebuild(trak, (child) => child.node.type !== 'mdia' ? copy(child)
      : rebuild(child, (inner) => inner.node.type !== 'minf' ? copy(inner)
        : rebuild(inner, (leaf) => leaf.node.type !== 'stbl' ? copy(leaf)
          : box('stbl', ...leaf.children.filter((table) => !CHUNK_TABLES.has(table.node.type)).map(copy), ...chunkTables(videoChunks, base)))));
    const audioTrak = box('trak',
      fullBox('tkhd', 0, 3, u32(0), u32(0), u32(audioId), u32(0), u32(audioDuration), zeros(8), u16(0), u16(1), u16(0x0100), u16(0), ...UNITY_MATRIX, u32(0), u32(0)),
      box('edts', fullBox('elst', 0, 0, u32(1), u32(audioDuration), i32(audio.skip), u32(0x00010000))),
      box('mdia',
        fullBox('mdhd', 0, 0, u32(0), u32(0), u32(audio.rate), u32(audio.frames.length * AAC_FRAME), u16(0x55c4), u16(0)),
        fullBox('hdlr', 0, 0, u32(0), fourcc('soun'), zeros(12), fourcc('SoundHandler\0')),
        box('minf',
          fullBox('smhd', 0, 0, u16(0), u16(0)),
          box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1))),
          box('stbl', audio.stsd, fullBox('stts', 0, 0, u32(1), u32(audio.frames.length), u32(AAC_FRAME)), ...chunkTables(audioChunks, base)))));
    const others = moov.filter((raw) => raw.node.type !== 'mvhd').map((raw) => (raw === trak ? videoTrak : copy(raw)));
    return given ? box('moov', patchMvhd(mvhd.payload, audioDuration, audioId + 1), ...others, audioTrak) : box('moov', copy(mvhd), ...others);
  };
  const moovSize = moovWith(0).length;
  const base = ftyp.length + moovSize + 8;
  if (base + at > 0xffffffff) return { ok: false, reason: 'it is too large for 32-bit chunk offsets' };
  const out = new Uint8Array(base + at);
  out.set(ftyp, 0);
  out.set(moovWith(base), ftyp.length);
  const view = new DataView(out.buffer);
  view.setUint32(ftyp.length + moovSize, 8 + at);
  out.set(fourcc('mdat') as Uint8Array, ftyp.length + moovSize + 4);
  let videoIndex = 0;
  let audioIndex = 0;
  let write = base;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.sizes.length; i++) {
      const sample = chunk.track === 'video' ? video.samples[videoIndex++] : undefined;
      const bytes = sample ? file.subarray(sample.offset, sample.offset + sample.size) : audio.frames[audioIndex++] as Uint8Array;
      out.set(bytes, write);
      write += bytes.length;
    }
  }
  return { ok: true, bytes: out };
}

/** mvhd with its duration at least `duration` and the next track ID `nextId`. */
function patchMvhd(payload: Uint8Array, duration: number, nextId: number): Uint8Array {
  const bytes = payload.slice();
  const view = new DataView(bytes.buffer);
  const version = bytes[0];
  if (version === 1) {
    if (Number(view.getBigUint64(20)) < duration) view.setBigUint64(20, BigInt(duration));
  } else if (view.getUint32(16) < duration) {
    view.setUint32(16, duration);
  }
  view.setUint32(bytes.length - 4, nextId);
  return box('mvhd', bytes);
}
