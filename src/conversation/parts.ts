// Publishing a chunk while it is written, as a pure step: (the timeline, one fragment of the live encode
// and the audio frames out so far) → (the bytes appended to the chunk's file, the part's log entry); and
// (the timeline, the chunk's end) → the chunk's own entry. The chunk's file is its initialization section
// and then exactly its parts, in order: published bytes never change, the file only grows.
import { createHash } from 'node:crypto';
import type { StreamSample } from '../mp4/fragment-stream.js';
import { concatBytes } from '../mp4/write/box-writer.js';
import { type OpenChunk, type TimelineState, VIDEO_TIMESCALE, chunkFileName, keptTail } from './assembler.js';
import { aacSampleDescription, writeFragment, writeInitSection } from './cmaf.js';
import { type ChunkSource, type LogChunk, type LogPart, bytesToBase64 } from './log.js';
import { AAC_FRAME, PRIMING } from './timeline.js';

const VIDEO_TRACK = 1;
const AUDIO_TRACK = 2;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

export interface LiveVideo {
  /** The live encode's video track: its timescale, and its sample description (without bit rates). */
  timescale: number;
  stsd: Uint8Array;
  width: number;
  height: number;
  /** Presentation time of the chunk's first frame in the encode, its timescale: that frame is the chunk's start. */
  firstPts: number;
}

export interface PartInput {
  video: LiveVideo;
  /** One fragment of the live encode: its decode time and samples (the encode's timescale). */
  decodeTime: number;
  samples: readonly StreamSample[];
  /** The conversation's audio frames out since the last published one (from `state.nextFrame`). */
  audioFrames: readonly Uint8Array[];
  /** Their AudioSpecificConfig. */
  audioConfig: Uint8Array;
  /** The initialization section in force (the first bytes of chunk `state.init.from`'s file). */
  currentInit: Uint8Array | undefined;
  /** It starts a new segment (LogPartRange.segment): the part before carries its audio to its end. */
  segmentStart?: boolean | undefined;
  /** Where the chunk comes from (logged with its first part). */
  source?: ChunkSource | undefined;
}

export interface PartPlacement {
  /** The chunk's file name in the conversation's folder, and the bytes to append to it. */
  file: string;
  append: Uint8Array;
  entry: LogPart;
}

/** A chunk's video start on the 90-kHz timeline: where timeline sample `position` is (after the audio priming). */
export const videoStartOf = (position: number, rate: number): number => Math.round(((position + PRIMING) * VIDEO_TIMESCALE) / rate);

/** The next part of the chunk being written (the first one opens the chunk at the timeline's end). Pure. */
export function placePart(state: TimelineState, input: PartInput): PartPlacement {
  const { video } = input;
  const opening = state.open === undefined;
  const index = opening ? state.chunks.length : (state.open as OpenChunk).index;
  const file = opening ? chunkFileName(state.generation, index) : (state.open as OpenChunk).file;
  const videoStart = opening ? videoStartOf(state.position, state.rate) : (state.open as OpenChunk).videoStart;
  // Frames keep their times relative to the chunk's first, on the 90-kHz timeline.
  const at = (sourceTime: number): number => videoStart + Math.round(((sourceTime - video.firstPts) * VIDEO_TIMESCALE) / video.timescale);
  let dts = input.decodeTime;
  const samples = input.samples.map((sample) => {
    const start = at(dts);
    dts += sample.duration;
    return { data: sample.data, duration: Math.max(1, at(dts) - start), ctsOffset: Math.round((sample.ctsOffset * VIDEO_TIMESCALE) / video.timescale), sync: sample.sync };
  });
  const first = at(input.decodeTime);
  const videoEnd = at(dts);
  let init: Uint8Array = new Uint8Array(0);
  let start: LogPart['first'];
  if (opening) {
    const reason = state.init === undefined ? undefined : sameBytes(state.init.videoStsd, video.stsd) ? undefined : 'its video differs from the chunk before in size, profile, level or codec configuration';
    const newInit = state.init === undefined || reason !== undefined || input.currentInit === undefined;
    init = newInit
      ? writeInitSection([
        { kind: 'video', trackId: VIDEO_TRACK, timescale: VIDEO_TIMESCALE, stsd: video.stsd, width: video.width, height: video.height },
        { kind: 'audio', trackId: AUDIO_TRACK, timescale: state.rate, stsd: aacSampleDescription(input.audioConfig, state.rate, state.channels, state.bitrate) },
      ])
      : (input.currentInit as Uint8Array);
    start = {
      start: state.position, initBytes: init.length, initFrom: newInit ? index : (state.init as { from: number }).from, videoStsd: bytesToBase64(video.stsd),
      discontinuity: reason !== undefined, ...(reason ? { discontinuityReason: reason } : {}), videoStart,
      ...(input.source ? { source: input.source } : {}),
    };
  }
  // Its audio first (AUDIO_FIRST in cmaf.ts).
  const fragment = writeFragment(state.sequence, [
    { trackId: AUDIO_TRACK, decodeTime: state.nextFrame * AAC_FRAME, samples: input.audioFrames.map((data) => ({ data, duration: AAC_FRAME, ctsOffset: 0, sync: true })) },
    { trackId: VIDEO_TRACK, decodeTime: first, samples },
  ]);
  const offset = opening ? init.length : (state.open as OpenChunk).size;
  return {
    file,
    append: concatBytes([init, fragment]),
    entry: {
      type: 'part', chunk: index, file, offset, bytes: fragment.length, sha256: sha256(fragment),
      durationSec: (videoEnd - first) / VIDEO_TIMESCALE, independent: samples[0]?.sync ?? false, videoEnd,
      ...(!opening && input.segmentStart ? { segment: true as const } : {}),
      nextSequence: state.sequence + 1, nextFrame: state.nextFrame + input.audioFrames.length,
      ...(start ? { first: start } : {}),
    },
  };
}

/** Where the chunk being written ends on the timeline (a sample): where its video ends. */
export const openChunkEnd = (state: TimelineState): number => {
  const open = state.open as OpenChunk;
  return Math.max(open.start + 1, Math.round((open.videoEnd * state.rate) / VIDEO_TIMESCALE) - PRIMING);
};

export interface LiveChunkEnd {
  /** Where it came from (default: what its first part logged). */
  source: ChunkSource | undefined;
  /** The chunk's own audio as fed to the encoder: exactly up to openChunkEnd (silence where it had none). */
  chunkAudio: Float32Array;
  /** SHA-256 of its whole file as written. */
  sha256: string;
}

/** The entry that closes the chunk being written: a segment of all its parts. Pure. */
export function closeLiveChunk(state: TimelineState, end: LiveChunkEnd): LogChunk {
  const open = state.open as OpenChunk;
  const finish = openChunkEnd(state);
  const length = finish - open.start;
  return {
    type: 'chunk', index: open.index, file: open.file, bytes: open.size, sha256: end.sha256, initBytes: open.initBytes, segmentBytes: open.size - open.initBytes,
    start: open.start, length, extinfSec: length / state.rate,
    sequence: open.firstSequence, nextSequence: state.sequence,
    discontinuity: open.discontinuity, ...(open.discontinuityReason ? { discontinuityReason: open.discontinuityReason } : {}),
    initFrom: open.initFrom, videoStsd: open.videoStsd,
    ...(end.source ?? open.source ? { source: end.source ?? open.source } : {}),
    audio: { ...keptTail(state, end.chunkAudio, finish, state.nextFrame), nextFrame: state.nextFrame },
    parts: open.parts,
  };
}
