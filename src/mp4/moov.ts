// Reads a moov box held in memory: its box tree down to the sample tables, and per-track facts.
// Pure and bounded: depth, box count and every table are checked against the bytes that hold them.
import { parseBoxHeader } from './box-header.js';
import { readHdlr } from './boxes/hdlr.js';
import { readMdhd, readMvhd } from './boxes/mdhd.js';
import { leadingGapSeconds, presentedSeconds, readElst } from './boxes/elst.js';
import { type SampleEntry, readStsd } from './boxes/stsd.js';
import { countTrailingEmptySamples, durationOfFirst, readEntryCount, readFirstChunkOffset, readFirstSampleSize, readStts } from './boxes/tables.js';
import { type TrackHeader, readTkhd } from './boxes/tkhd.js';
import { decodedFrameSize } from '../h264/sps.js';
import { type VideoColour, colourFromCodes } from '../probe/colour.js';

export interface BoxNode {
  type: string;
  /** File offset of the box. */
  offset: number;
  size: number;
  entryCount?: number;
  children?: BoxNode[];
}

export interface TrackInfo {
  id: number | undefined;
  kind: 'video' | 'audio' | 'other';
  handler: string | undefined;
  /** Sample entry fourcc: avc1, hvc1, mp4a, … */
  codec: string | undefined;
  durationSec: number | undefined;
  /** What the edit list presents (priming and end padding left out), when it has one: what players play. */
  presentedSec?: number;
  /** Empty edits before the media (the track starts this late on the movie's timeline), when any. */
  startsAtSec?: number;
  /** The media's timescale (mdhd), ticks per second. */
  timescale?: number;
  sampleCount: number | undefined;
  /** Average frame rate from the sample table (video). */
  fps: number | undefined;
  /** Highest instantaneous rate (1 ÷ shortest sample duration), video only. */
  maxFps: number | undefined;
  /** Frame (coded picture) size: the codec configuration's (H.264 SPS), else the sample entry's. */
  width: number | undefined;
  height: number | undefined;
  /** Display size from tkhd (pixel aspect applied), when it differs from the frame size. */
  displayWidth?: number;
  displayHeight?: number;
  rotation: number;
  /** tkhd's track_enabled flag (ffmpeg's default disposition). */
  enabled?: boolean;
  profile: string | undefined;
  levelIdc: number | undefined;
  /** Protected content (CENC encv/enca, FairPlay, a 'sinf' box): it cannot be decoded without keys. */
  encrypted?: boolean;
  /** From the sample entry's 'fiel' box, when it has one. */
  interlaced?: boolean;
  /** H.264 whose SPS allows field-coded pictures (frame_mbs_only_flag 0): interlaced unless the frames say otherwise. */
  fieldCoding?: boolean;
  /** The colour the sample entry declares ('colr', else the H.264 VUI), as ffmpeg names it. */
  colour?: VideoColour;
  /** Chroma format and bit depth, when the sample entry tells (hvcC). */
  hevc?: { chromaFormat: number; bitDepth: number };
  sampleRate: number | undefined;
  channels: number | undefined;
  /** File offset and size of the first sample. */
  firstSampleOffset: number | undefined;
  firstSampleSize: number | undefined;
}

export interface MoovInfo {
  tree: BoxNode[];
  tracks: TrackInfo[];
  /** How long the movie plays: mvhd's duration when the tracks (edit lists applied) agree, else theirs. */
  durationSec: number | undefined;
  /** What mvhd says, believed or not. */
  movieHeaderSec?: number;
  /** QuickTime compressed movie header (cmov): tracks cannot be read. */
  compressed: boolean;
  fragmented: boolean;
  problems: string[];
}

export interface RawBox {
  node: BoxNode;
  payload: Uint8Array;
  children: RawBox[];
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'dinf', 'mvex', 'cmov', 'moof', 'traf']);
const TABLES = new Set(['stsd', 'stts', 'ctts', 'stss', 'stsc', 'stsz', 'stco', 'co64', 'elst', 'dref']);
const MAX_DEPTH = 8;
// A real moov has ~20 boxes per track; this bound keeps a hostile one's tree small in memory.
export const MAX_MOOV_BOXES = 10_000;

function readChildren(bytes: Uint8Array, fileOffset: number, depth: number, budget: { boxes: number }, problems: string[]): RawBox[] {
  const out: RawBox[] = [];
  let position = 0;
  while (position < bytes.length) {
    if (--budget.boxes < 0) {
      problems.push(`more than ${MAX_MOOV_BOXES} boxes in moov`);
      break;
    }
    const header = parseBoxHeader(bytes.subarray(position), fileOffset + position, fileOffset + bytes.length);
    if (header.status !== 'ok') {
      problems.push(header.status === 'invalid' ? header.reason : `box header cut off at offset ${fileOffset + position}`);
      break;
    }
    if (header.end > fileOffset + bytes.length) {
      problems.push(`box '${header.type}' at offset ${header.start} runs past its parent`);
      break;
    }
    const payload = bytes.subarray(position + header.headerSize, header.end - fileOffset);
    const node: BoxNode = { type: header.type, offset: header.start, size: header.size };
    if (TABLES.has(header.type)) {
      const count = readEntryCount(header.type, payload);
      if (count === undefined) problems.push(`'${header.type}' at offset ${header.start} claims more entries than it holds`);
      else node.entryCount = count;
    }
    const children = CONTAINERS.has(header.type) && depth < MAX_DEPTH
      ? readChildren(payload, header.start + header.headerSize, depth + 1, budget, problems)
      : [];
    if (children.length > 0) node.children = children.map((child) => child.node);
    out.push({ node, payload, children });
    position = header.end - fileOffset;
  }
  return out;
}

/** The boxes of a payload (moov's content, or any container's), down to the sample tables. */
export function readBoxTree(payload: Uint8Array, payloadOffset: number, problems: string[] = []): RawBox[] {
  return readChildren(payload, payloadOffset, 1, { boxes: MAX_MOOV_BOXES }, problems);
}

export const find = (boxes: RawBox[], ...path: string[]): RawBox | undefined => {
  let current: RawBox | undefined;
  let level = boxes;
  for (const type of path) {
    current = level.find((box) => box.node.type === type);
    if (!current) return undefined;
    level = current.children;
  }
  return current;
};

/**
 * A video track's frame size as the decoder outputs it — the SPS's cropped size, or the sample entry's
 * where a decoder takes that instead (decodedFrameSize) — and its display size from tkhd,
 * given only when it differs (anamorphic video, a 3GP's pixel aspect). Pure.
 */
function frameAndDisplay(kind: TrackInfo['kind'], entry: SampleEntry | undefined, header: TrackHeader | undefined): Pick<TrackInfo, 'width' | 'height' | 'displayWidth' | 'displayHeight'> {
  if (kind !== 'video') return { width: undefined, height: undefined };
  const sps = entry?.avc?.sps;
  const fromEntry = entry?.width && entry.height ? { width: entry.width, height: entry.height } : undefined;
  const frame = sps?.width && sps.height ? decodedFrameSize({ width: sps.width, height: sps.height, cropsTopOrLeft: sps.cropsTopOrLeft }, fromEntry) : fromEntry;
  const display = header && header.width > 0 && header.height > 0 ? { width: Math.round(header.width), height: Math.round(header.height) } : undefined;
  const shown = display && frame && (display.width !== frame.width || display.height !== frame.height) ? { displayWidth: display.width, displayHeight: display.height } : {};
  return { width: frame?.width, height: frame?.height, ...shown };
}

function readTrack(trak: RawBox, movieTimescale: number | undefined): TrackInfo {
  const tkhd = find(trak.children, 'tkhd');
  const header = tkhd ? readTkhd(tkhd.payload) : undefined;
  const mdhd = find(trak.children, 'mdia', 'mdhd');
  const media = mdhd ? readMdhd(mdhd.payload) : undefined;
  const hdlr = find(trak.children, 'mdia', 'hdlr');
  const handler = hdlr ? readHdlr(hdlr.payload) : undefined;
  const stbl = find(trak.children, 'mdia', 'minf', 'stbl');
  const stsdBox = stbl && find(stbl.children, 'stsd');
  const entry = stsdBox ? readStsd(stsdBox.payload) : undefined;
  const sttsBox = stbl && find(stbl.children, 'stts');
  const stts = sttsBox ? readStts(sttsBox.payload) : undefined;
  const stszBox = stbl && find(stbl.children, 'stsz');
  const chunkBox = stbl && (find(stbl.children, 'stco') ?? find(stbl.children, 'co64'));
  const kind = handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other';
  const timescale = media?.timescale;
  const elst = find(trak.children, 'edts', 'elst');
  const edits = elst ? readElst(elst.payload) : undefined;
  const presented = presentedSeconds(edits, movieTimescale);
  const gap = leadingGapSeconds(edits, movieTimescale);
  // Empty samples at the end get no packet from a decoder: the track plays up to its last sample with data.
  const empty = stszBox ? countTrailingEmptySamples(stszBox.payload) : 0;
  const playedSamples = stts ? Math.max(0, stts.sampleCount - empty) : undefined;
  const playedTicks = empty > 0 && sttsBox && playedSamples !== undefined ? durationOfFirst(sttsBox.payload, playedSamples) : stts?.totalDuration;
  const mediaSeconds = playedTicks !== undefined && timescale ? playedTicks / timescale : undefined;
  return {
    id: header?.trackId,
    kind,
    handler,
    codec: entry?.format,
    // The sample tables are what plays: a header that contradicts them (or says "unknown") is not believed.
    durationSec: mediaSeconds ?? (media?.duration !== undefined && timescale ? media.duration / timescale : undefined),
    // An edit cannot present more media than the samples hold (an F4V whose last samples are empty).
    ...(presented === undefined ? {} : { presentedSec: empty > 0 && mediaSeconds !== undefined ? Math.min(presented, mediaSeconds) : presented }),
    ...(gap > 0 ? { startsAtSec: gap } : {}),
    ...(timescale ? { timescale } : {}),
    sampleCount: playedSamples,
    fps: kind === 'video' && playedSamples && mediaSeconds ? playedSamples / mediaSeconds : undefined,
    maxFps: kind === 'video' && stts?.minDelta && timescale ? timescale / stts.minDelta : undefined,
    ...frameAndDisplay(kind, entry, header),
    rotation: header?.rotation ?? 0,
    ...(header ? { enabled: header.enabled } : {}),
    ...(entry?.interlaced === undefined ? {} : { interlaced: entry.interlaced }),
    ...(entry?.encrypted ? { encrypted: true } : {}),
    ...(entry?.hevc === undefined ? {} : { hevc: entry.hevc }),
    ...(entry?.avc?.sps?.interlaced ? { fieldCoding: true } : {}),
    ...(entry?.colour ? { colour: colourFromCodes(entry.colour) } : {}),
    profile: entry?.avc?.profile,
    levelIdc: entry?.avc?.levelIdc,
    // ALS (object type 36) keeps its format in its own configuration: unknown here rather than a wrong guess.
    sampleRate: entry?.audio?.audioObjectType === 36 ? undefined : entry?.audio?.sampleRate ?? entry?.sampleRate,
    channels: entry?.audio?.audioObjectType === 36 ? undefined : entry?.audio?.channels ?? entry?.channels,
    firstSampleOffset: chunkBox ? readFirstChunkOffset(chunkBox.node.type as 'stco' | 'co64', chunkBox.payload) : undefined,
    firstSampleSize: stszBox ? readFirstSampleSize(stszBox.payload) : undefined,
  };
}

/** How long a track plays on the movie's timeline: its edit list applied (a late start, a trimmed media), else its samples. Pure. */
export const playedSeconds = (track: TrackInfo): number | undefined => {
  const shown = track.presentedSec ?? track.durationSec;
  return shown === undefined ? undefined : (track.startsAtSec ?? 0) + shown;
};

/**
 * The movie's duration: mvhd's when it agrees with the longest track as it plays (edit lists applied;
 * within 0.5 s or 5 %), else that track's — a header of 0xFFFFFFFF or one that contradicts the samples
 * never makes a 39-hour chunk. Pure.
 */
export function trustedDuration(header: number | undefined, tracks: readonly TrackInfo[]): number | undefined {
  const longest = Math.max(0, ...tracks.filter((track) => track.kind !== 'other').map((track) => playedSeconds(track) ?? 0));
  if (longest <= 0) return header;
  if (header === undefined || Math.abs(header - longest) > Math.max(0.5, 0.05 * longest)) return longest;
  return header;
}

/** `payload` is moov's content; `payloadOffset` its position in the file. */
export function parseMoov(payload: Uint8Array, payloadOffset: number): MoovInfo {
  const problems: string[] = [];
  const children = readBoxTree(payload, payloadOffset, problems);
  const mvhd = find(children, 'mvhd');
  const movie = mvhd ? readMvhd(mvhd.payload) : undefined;
  const tracks = children.filter((child) => child.node.type === 'trak').map((trak) => readTrack(trak, movie?.timescale));
  return {
    tree: children.map((child) => child.node),
    tracks,
    durationSec: trustedDuration(movie?.duration !== undefined && movie.timescale ? movie.duration / movie.timescale : undefined, tracks),
    ...(movie?.duration !== undefined && movie.timescale ? { movieHeaderSec: movie.duration / movie.timescale } : {}),
    compressed: children.some((child) => child.node.type === 'cmov'),
    fragmented: children.some((child) => child.node.type === 'mvex'),
    problems,
  };
}
