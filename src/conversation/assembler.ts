// Assembly, as a pure step: (the timeline so far, a verified chunk) → (the chunk's CMAF file, its log
// entry). The timeline is what the log says (stateFromLog); files, locks and encoders stay outside
// (conversation.ts, store.ts). Each chunk file is its initialization section, then its media in
// half-second fragments (video with its share of the continuous audio).
import { createHash } from 'node:crypto';
import type { TrackSamples } from '../mp4/sample-list.js';
import { concatBytes } from '../mp4/write/box-writer.js';
import { aacSampleDescription, splitFragments, writeInitSection, writeMediaSegment } from './cmaf.js';
import { type ChunkSource, type LogChunk, type LogEntry, type LogOpen, type LogPart, type LogPartRange, type LogPartStart, bytesFromBase64, bytesToBase64, floatsFromBase64, floatsToBase64 } from './log.js';
import { fillSilence } from './padding.js';
import { AAC_FRAME, PRIMING, encoderInputStart, videoTiming } from './timeline.js';

/** The video timescale of every conversation: fine enough that boundaries round by < 6 µs. */
export const VIDEO_TIMESCALE = 90_000;
export const PLAYLIST_NAME = 'playlist.m3u8';
/** How much media each fragment of a chunk holds, seconds. */
export const FRAGMENT_SEC = 0.5;
const VIDEO_TRACK = 1;
const AUDIO_TRACK = 2;

export interface PublishedChunk {
  /** 0-based place in the conversation. */
  index: number;
  /** The chunk's CMAF file (absolute). */
  file: string;
  /** Where it starts on the conversation's timeline and how long it lasts, seconds. */
  startSec: number;
  durationSec: number;
  /** It starts a new initialization section (its parameters differ from the chunk before). */
  discontinuity: boolean;
  /** Why, when it does. */
  discontinuityReason: string | undefined;
  /**
   * How many parts it was published in while it was written (each announced by a `part` event), when it
   * was: a front end that enqueued those parts does not enqueue the whole chunk again.
   */
  parts?: number;
}

/** The timeline as its log left it. */
export interface TimelineState {
  generation: number;
  rate: number;
  channels: number;
  /** The audio bit rate the sample description announces, bits/s. */
  bitrate: number;
  chunks: LogChunk[];
  ended: boolean;
  /** Timeline samples placed so far. */
  position: number;
  /** The next fragment's sequence number (mfhd): increasing over the whole conversation. */
  sequence: number;
  /** Frames of the conversation's one audio encode published so far (frame k starts at decode time k·1024). */
  nextFrame: number;
  /** The samples a new encoder starts from to go on at `nextFrame` (interleaved, from timeline sample `tailStart` to `position`). */
  tail: Float32Array;
  tailStart: number;
  /** The initialization section in force: the chunk whose file starts with it, and its video description. */
  init: { from: number; videoStsd: Uint8Array } | undefined;
  /** The chunk being published in parts (live), until its own entry closes it. */
  open: OpenChunk | undefined;
}

/** A chunk published in parts so far. */
export interface OpenChunk extends LogPartStart {
  index: number;
  file: string;
  parts: LogPartRange[];
  /** Its file's size so far. */
  size: number;
  /** Video decode time after the last published frame, 90 kHz. */
  videoEnd: number;
  /** Its first fragment's sequence number. */
  firstSequence: number;
}

export const chunkFileName = (generation: number, index: number): string =>
  `${generation > 1 ? `g${generation}-` : ''}${String(index + 1).padStart(4, '0')}.mp4`;

export const initialState = (open: LogOpen): TimelineState => ({
  generation: open.generation, rate: open.rate, channels: open.channels, bitrate: open.bitrate, chunks: [], ended: false,
  position: 0, sequence: 1, nextFrame: 0, tail: new Float32Array(0), tailStart: 0, init: undefined, open: undefined,
});

/** The state after one more entry. */
export function applyEntry(state: TimelineState, entry: LogEntry): TimelineState {
  if (entry.type === 'open') return initialState(entry);
  if (entry.type === 'end') return { ...state, ended: true };
  if (entry.type === 'part') return applyPart(state, entry);
  const { audio } = entry;
  return {
    ...state,
    open: undefined,
    chunks: [...state.chunks, entry],
    position: entry.closing ? state.position : entry.start + entry.length,
    sequence: entry.nextSequence,
    nextFrame: audio.nextFrame,
    tail: floatsFromBase64(audio.tail),
    tailStart: audio.tailStart,
    init: { from: entry.initFrom, videoStsd: bytesFromBase64(entry.videoStsd) },
  };
}

function applyPart(state: TimelineState, part: LogPart): TimelineState {
  const range = { offset: part.offset, bytes: part.bytes, durationSec: part.durationSec, independent: part.independent, ...(part.segment ? { segment: true as const } : {}) };
  const open: OpenChunk = part.first
    ? { ...part.first, index: part.chunk, file: part.file, parts: [range], size: part.offset + part.bytes, videoEnd: part.videoEnd, firstSequence: state.sequence }
    : { ...(state.open as OpenChunk), parts: [...(state.open as OpenChunk).parts, range], size: part.offset + part.bytes, videoEnd: part.videoEnd };
  return {
    ...state,
    open,
    sequence: part.nextSequence,
    nextFrame: part.nextFrame,
    init: part.first ? { from: part.first.initFrom, videoStsd: bytesFromBase64(part.first.videoStsd) } : state.init,
  };
}

export const stateFromLog = (entries: readonly LogEntry[]): TimelineState | undefined => {
  const [open, ...rest] = entries;
  return open?.type === 'open' ? rest.reduce(applyEntry, initialState(open)) : undefined;
};

/**
 * The chunk's length on the timeline, in samples: its input's duration when known and close to what the
 * output presents, else what the output presents (the longer of its video and audio: an input whose audio
 * ends early still lasts as long as its video, and its video must never reach into the next chunk's).
 */
export function chunkSamples(video: TrackSamples, audio: TrackSamples | undefined, rate: number, inputSec?: number): number {
  const span = (track: TrackSamples): number => track.presentedSec ?? track.samples.reduce((sum, sample) => sum + sample.duration, 0) / track.timescale;
  const output = Math.max(span(video), audio ? span(audio) : 0);
  const seconds = inputSec !== undefined && Number.isFinite(inputSec) && inputSec > 0 && Math.abs(inputSec - output) <= 0.25 ? inputSec : output;
  return Math.max(1, Math.round(seconds * rate));
}

/**
 * The chunk's own audio on the timeline: exactly `length` samples per channel (a view when it has enough;
 * else the timeline's silence after it, padding.ts); `position`: the timeline's interleaved index of its first.
 */
export function chunkAudioOf(decoded: Float32Array, length: number, channels: number, position: number): Float32Array {
  if (decoded.length >= length * channels) return decoded.subarray(0, length * channels);
  const out = new Float32Array(length * channels);
  out.set(decoded);
  return fillSilence(out, decoded.length, position);
}

/** Where a new encoder (after a restart) starts to go on at conversation frame `frame`, and the samples it needs from the timeline. */
export function encoderStart(state: Pick<TimelineState, 'nextFrame' | 'tail' | 'tailStart' | 'position' | 'channels'>): { inputStart: number; preroll: Float32Array } {
  const inputStart = encoderInputStart(state.nextFrame);
  const preroll = new Float32Array((state.position - inputStart) * state.channels);
  // The kept samples where the log has them (a crash may have lost some: silence there).
  const from = Math.max(0, inputStart - state.tailStart) * state.channels;
  const kept = state.tail.subarray(from, from + preroll.length);
  preroll.set(kept, Math.max(0, state.tailStart - inputStart) * state.channels);
  return { inputStart, preroll };
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export interface ConversationAudio {
  /** The AAC frames out of the conversation's encode since the last published one (from `state.nextFrame`). */
  frames: readonly Uint8Array[];
  /** Their AudioSpecificConfig. */
  config: Uint8Array;
}

export interface VerifiedChunk {
  /** The progressive output's bytes, its video (sample description without bit rates). */
  bytes: Uint8Array;
  video: TrackSamples;
  length: number;
  /** The conversation's audio published with it. */
  audio: ConversationAudio;
  /** The chunk's own audio on the timeline (`length` samples per channel), as fed to the encoder. */
  chunkAudio: Float32Array;
  source: ChunkSource;
  /** The initialization section in force (the first bytes of chunk `state.init.from`'s file). */
  currentInit: Uint8Array | undefined;
}

export interface Placement {
  /** The chunk's file name in the conversation's folder, and its whole content. */
  file: string;
  content: Uint8Array;
  entry: LogChunk;
}

const audioSamples = (frames: readonly Uint8Array[]) => frames.map((data) => ({ data, duration: AAC_FRAME, ctsOffset: 0, sync: true }));

/** The next chunk on the timeline: its file and its log entry. Pure. */
export function placeChunk(state: TimelineState, chunk: VerifiedChunk): Placement {
  const { rate, channels } = state;
  const index = state.chunks.length;
  const { video, length } = chunk;
  const end = state.position + length;
  const timing = videoTiming(video.samples, video.timescale, video.editMediaTime, { start: state.position, end, rate, shift: PRIMING }, VIDEO_TIMESCALE);
  const reason = state.init === undefined ? undefined : sameBytes(state.init.videoStsd, video.stsd) ? undefined : 'its video differs from the chunk before in size, profile, level or codec configuration';
  const newInit = state.init === undefined || reason !== undefined || chunk.currentInit === undefined;
  const init = newInit
    ? writeInitSection([
      { kind: 'video', trackId: VIDEO_TRACK, timescale: VIDEO_TIMESCALE, stsd: video.stsd, width: video.width, height: video.height },
      { kind: 'audio', trackId: AUDIO_TRACK, timescale: rate, stsd: aacSampleDescription(chunk.audio.config, rate, channels, state.bitrate) },
    ])
    : (chunk.currentInit as Uint8Array);
  // Fragments of half a second, video with its audio: a player that appends while the chunk downloads
  // starts after the first, not after the whole chunk. Each fragment's audio comes first (AUDIO_FIRST),
  // and the first holds only the first frame: a browser shows a frame once the fragment that holds it is
  // whole, so the first frame needs its keyframe's bytes, not half a second's.
  const firstFrame = video.samples.length > 0 ? (timing.decodeTime + (timing.durations[0] as number)) / VIDEO_TIMESCALE : undefined;
  const fragments = splitFragments([
    { trackId: AUDIO_TRACK, timescale: rate, decodeTime: state.nextFrame * AAC_FRAME, samples: audioSamples(chunk.audio.frames) },
    {
      trackId: VIDEO_TRACK,
      timescale: VIDEO_TIMESCALE,
      decodeTime: timing.decodeTime,
      samples: video.samples.map((sample, i) => ({ data: chunk.bytes.subarray(sample.offset, sample.offset + sample.size), duration: timing.durations[i] as number, ctsOffset: timing.ctsOffsets[i] as number, sync: sample.sync })),
    },
  ], FRAGMENT_SEC, firstFrame);
  const segment = writeMediaSegment(state.sequence, fragments);
  const content = concatBytes([init, segment]);
  const file = chunkFileName(state.generation, index);
  const nextFrame = state.nextFrame + chunk.audio.frames.length;
  const entry: LogChunk = {
    type: 'chunk', index, file, bytes: content.length, sha256: sha256(content), initBytes: init.length, segmentBytes: segment.length,
    start: state.position, length, extinfSec: length / rate,
    sequence: state.sequence, nextSequence: state.sequence + fragments.length,
    discontinuity: reason !== undefined, ...(reason ? { discontinuityReason: reason } : {}),
    initFrom: newInit ? index : (state.init as { from: number }).from, videoStsd: bytesToBase64(video.stsd),
    source: chunk.source,
    audio: { ...keptTail(state, chunk.chunkAudio, end, nextFrame), nextFrame },
  };
  return { file, content, entry };
}

/** The samples a new encoder would start from to go on at `nextFrame` (its preroll), as the log keeps them. */
export function keptTail(state: TimelineState, chunkAudio: Float32Array, end: number, nextFrame: number): { tail: string; tailStart: number } {
  const { channels } = state;
  const from = Math.min(end, encoderInputStart(nextFrame));
  // The kept samples of (the tail before, then the chunk's audio), copied once: only what is kept.
  const chunkStart = end - chunkAudio.length / channels;
  const keepFrom = Math.max(from, chunkStart - state.tail.length / channels);
  const kept = new Float32Array((end - keepFrom) * channels);
  const fromTail = Math.max(0, chunkStart - keepFrom) * channels;
  if (fromTail > 0) kept.set(state.tail.subarray(state.tail.length - fromTail));
  kept.set(chunkAudio.subarray(Math.max(0, keepFrom - chunkStart) * channels), fromTail);
  return { tail: floatsToBase64(kept), tailStart: end - kept.length / channels };
}

/**
 * The closing audio of a conversation ended after its last chunk was placed: the encoder's final frames
 * (what it held back, and the padded last one) as an audio-only segment; undefined when there are none.
 */
export function closeTimeline(state: TimelineState, frames: readonly Uint8Array[], currentInit: Uint8Array | undefined): Placement | undefined {
  if (frames.length === 0 || !currentInit || !state.init) return undefined;
  const index = state.chunks.length;
  const decodeTime = state.nextFrame * AAC_FRAME;
  const segment = writeMediaSegment(state.sequence, [[{ trackId: AUDIO_TRACK, decodeTime, samples: audioSamples(frames) }]]);
  const content = concatBytes([currentInit, segment]);
  const file = chunkFileName(state.generation, index);
  const start = decodeTime - PRIMING;
  // It lies mostly inside the last chunk's span (the encoder held it back): the playlist counts only what
  // its last frame reaches past the conversation's end, so the EXTINF values add up to the media's length.
  const beyond = Math.max(0, decodeTime + frames.length * AAC_FRAME - PRIMING - state.position);
  return {
    file,
    content,
    entry: {
      type: 'chunk', index, file, bytes: content.length, sha256: sha256(content), initBytes: currentInit.length, segmentBytes: segment.length,
      start, length: frames.length * AAC_FRAME, extinfSec: beyond / state.rate,
      sequence: state.sequence, nextSequence: state.sequence + 1, discontinuity: false,
      initFrom: state.init.from, videoStsd: bytesToBase64(state.init.videoStsd), closing: true,
      audio: { tail: '', tailStart: state.position, nextFrame: state.nextFrame + frames.length },
    },
  };
}

/** What a placed chunk is, for events and callers. */
export const publishedChunk = (dir: (file: string) => string, state: Pick<TimelineState, 'rate'>, entry: LogChunk): PublishedChunk => ({
  index: entry.index,
  file: dir(entry.file),
  startSec: entry.start / state.rate,
  durationSec: entry.length / state.rate,
  discontinuity: entry.discontinuity,
  discontinuityReason: entry.discontinuityReason,
  ...(entry.parts && entry.parts.length > 0 ? { parts: entry.parts.length } : {}),
});
