// CMAF writing: an initialization section (ftyp + moov with mvex) and a media segment (moof + mdat) per
// chunk, for one video and at most one AAC audio track. Pure: track descriptions and samples in, bytes out.
import { box, concatBytes, fourcc, fullBox, i32, u16, u32, u64, zeros } from '../mp4/write/box-writer.js';

export interface InitTrack {
  kind: 'video' | 'audio';
  trackId: number;
  timescale: number;
  /** The whole stsd box. */
  stsd: Uint8Array;
  width?: number;
  height?: number;
}

const UNITY_MATRIX = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].map(u32);
const BRANDS = ['iso6', 'cmfc', 'mp41'];

function trak(track: InitTrack): Uint8Array {
  const video = track.kind === 'video';
  const tkhd = fullBox('tkhd', 0, 3, u32(0), u32(0), u32(track.trackId), u32(0), u32(0), zeros(8), u16(0), u16(0), u16(video ? 0 : 0x0100), u16(0),
    ...UNITY_MATRIX, u32((track.width ?? 0) * 0x10000), u32((track.height ?? 0) * 0x10000));
  const mdhd = fullBox('mdhd', 0, 0, u32(0), u32(0), u32(track.timescale), u32(0), u16(0x55c4), u16(0)); // language "und"
  const name = video ? 'VideoHandler' : 'SoundHandler';
  const hdlr = fullBox('hdlr', 0, 0, u32(0), fourcc(video ? 'vide' : 'soun'), zeros(12), fourcc(`${name}\0`));
  const header = video ? fullBox('vmhd', 0, 1, u16(0), zeros(6)) : fullBox('smhd', 0, 0, u16(0), u16(0));
  const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
  const stbl = box('stbl', track.stsd, fullBox('stts', 0, 0, u32(0)), fullBox('stsc', 0, 0, u32(0)), fullBox('stsz', 0, 0, u32(0), u32(0)), fullBox('stco', 0, 0, u32(0)));
  return box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', header, dinf, stbl)));
}

/** ftyp + moov for fragments to follow: the tracks' sample descriptions, no samples. */
export function writeInitSection(tracks: readonly InitTrack[]): Uint8Array {
  const ftyp = box('ftyp', fourcc(BRANDS[0] as string), u32(0), ...BRANDS.map(fourcc));
  const nextId = Math.max(0, ...tracks.map((track) => track.trackId)) + 1;
  const mvhd = fullBox('mvhd', 0, 0, u32(0), u32(0), u32(1000), u32(0), u32(0x00010000), u16(0x0100), zeros(10), ...UNITY_MATRIX, zeros(24), u32(nextId));
  const mvex = box('mvex', ...tracks.map((track) => fullBox('trex', 0, 0, u32(track.trackId), u32(1), u32(0), u32(0), u32(0))));
  return concatBytes([ftyp, box('moov', mvhd, ...tracks.map(trak), mvex)]);
}

const descriptor = (tag: number, ...content: Uint8Array[]): Uint8Array => {
  const body = concatBytes(content);
  if (body.length > 127) throw new Error('descriptor too long');
  return concatBytes([Uint8Array.of(tag, body.length), body]);
};

/** An 'stsd' with one AAC ('mp4a' + esds) sample entry. */
export function aacSampleDescription(config: Uint8Array, sampleRate: number, channels: number, bitrate: number): Uint8Array {
  const be = (value: number, bytes: number): Uint8Array => Uint8Array.from({ length: bytes }, (_, i) => (value >>> (8 * (bytes - 1 - i))) & 0xff);
  const decoderConfig = descriptor(4, Uint8Array.of(0x40, 0x15), be(0, 3), be(bitrate, 4), be(bitrate, 4), descriptor(5, config));
  const esds = fullBox('esds', 0, 0, descriptor(3, be(1, 2), Uint8Array.of(0), decoderConfig, descriptor(6, Uint8Array.of(2))));
  const mp4a = box('mp4a', zeros(6), u16(1), zeros(8), u16(channels), u16(16), u16(0), u16(0), u32(sampleRate * 0x10000), esds);
  return fullBox('stsd', 0, 0, u32(1), mp4a);
}

export interface FragmentSample {
  data: Uint8Array;
  duration: number;
  ctsOffset: number;
  sync: boolean;
}

export interface FragmentTrack {
  trackId: number;
  /** In the track's timescale. */
  decodeTime: number;
  samples: readonly FragmentSample[];
}

const SYNC_FLAGS = 0x02000000; // sample_depends_on = 2: depends on no other sample
const NON_SYNC_FLAGS = 0x01010000; // depends on others, sample_is_non_sync_sample

function traf(track: FragmentTrack, dataOffset: number): Uint8Array {
  const tfhd = fullBox('tfhd', 0, 0x020000, u32(track.trackId)); // default-base-is-moof
  const tfdt = fullBox('tfdt', 1, 0, u64(track.decodeTime));
  // data-offset, and per sample: duration, size, flags, composition offset (signed: version 1) — one
  // buffer for all rows (a field each made a conversation's placing allocate tens of thousands of them).
  const rows = new Uint8Array(16 * track.samples.length);
  const view = new DataView(rows.buffer);
  for (const [i, sample] of track.samples.entries()) {
    view.setUint32(16 * i, sample.duration);
    view.setUint32(16 * i + 4, sample.data.length);
    view.setUint32(16 * i + 8, sample.sync ? SYNC_FLAGS : NON_SYNC_FLAGS);
    view.setInt32(16 * i + 12, sample.ctsOffset);
  }
  const trun = fullBox('trun', 1, 0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800, u32(track.samples.length), i32(dataOffset), rows);
  return box('traf', tfhd, tfdt, trun);
}

/**
 * The tracks' samples cut into fragments of about `seconds` each, by decode time, every track cut at
 * the same moments (so each fragment holds video and the audio that goes with it); with `firstEndSec`,
 * the first fragment ends there (s, on the tracks' clock) and the others follow from it. Pure.
 */
export function splitFragments(tracks: ReadonlyArray<FragmentTrack & { timescale: number }>, seconds: number, firstEndSec?: number): FragmentTrack[][] {
  const start = Math.min(...tracks.filter((track) => track.samples.length > 0).map((track) => track.decodeTime / track.timescale));
  const slot = (at: number): number => (firstEndSec === undefined
    ? Math.max(0, Math.floor((at - start) / seconds + 1e-9))
    : at < firstEndSec - 1e-9 ? 0 : 1 + Math.floor((at - firstEndSec) / seconds + 1e-9));
  const fragments: FragmentTrack[][] = [];
  for (const track of tracks) {
    let time = track.decodeTime;
    for (const sample of track.samples) {
      const k = slot(time / track.timescale);
      while (fragments.length <= k) fragments.push([]);
      const fragment = fragments[k] as FragmentTrack[];
      let part = fragment.find((candidate) => candidate.trackId === track.trackId) as (FragmentTrack & { samples: FragmentSample[] }) | undefined;
      if (!part) fragment.push((part = { trackId: track.trackId, decodeTime: time, samples: [] }));
      part.samples.push(sample);
      time += sample.duration;
    }
  }
  return fragments.filter((fragment) => fragment.some((track) => track.samples.length > 0));
}

/**
 * styp, then one moof + mdat per fragment (sequence numbers from `firstSequence`), each track's data
 * contiguous in its mdat, in the order given.
 */
export function writeMediaSegment(firstSequence: number, fragments: ReadonlyArray<readonly FragmentTrack[]>): Uint8Array {
  const styp = box('styp', fourcc('msdh'), u32(0), fourcc('msdh'), fourcc('msix'), fourcc('cmfs'));
  return concatBytes([styp, ...fragments.flatMap((tracks, k) => fragmentParts(firstSequence + k, tracks))]);
}

/**
 * One fragment: a moof (sequence number `sequenceNumber`) and its mdat, each track's data contiguous, in
 * the order given. AUDIO_FIRST: a conversation's fragments give their audio first — a browser shows a
 * frame only once every track has media at its time, and audio behind half a second of video made the
 * first frame wait for all of it (74 kB on chunks like the users', where the keyframe is a third of it).
 */
export function writeFragment(sequenceNumber: number, tracks: readonly FragmentTrack[]): Uint8Array {
  return concatBytes(fragmentParts(sequenceNumber, tracks));
}

/** A fragment's moof and mdat (see writeFragment). */
function fragmentParts(sequenceNumber: number, tracks: readonly FragmentTrack[]): [Uint8Array, Uint8Array] {
  const present = tracks.filter((track) => track.samples.length > 0);
  const moofWith = (offsets: readonly number[]): Uint8Array =>
    box('moof', fullBox('mfhd', 0, 0, u32(sequenceNumber)), ...present.map((track, i) => traf(track, offsets[i] ?? 0)));
  const moofSize = moofWith(present.map(() => 0)).length;
  const offsets: number[] = [];
  let at = moofSize + 8;
  for (const track of present) {
    offsets.push(at);
    at += track.samples.reduce((sum, sample) => sum + sample.data.length, 0);
  }
  const mdat = box('mdat', ...present.flatMap((track) => track.samples.map((sample) => sample.data)));
  return [moofWith(offsets), mdat];
}
