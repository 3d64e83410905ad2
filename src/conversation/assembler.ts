// Puts verified chunks, one after another, on the conversation's timeline: each chunk's CMAF file
// (its initialization section, then one fragment with its video and its share of the continuous audio)
// and the HLS playlist, each written whole (temporary name, flush, rename). One chunk at a time.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Toolchain } from '../binaries/toolchain.js';
import { writeFileAtomic } from '../files/temp-output.js';
import { readSampleList, type TrackSamples } from '../mp4/sample-list.js';
import { withoutBitrate } from '../mp4/write/sample-description.js';
import type { Preset } from '../presets/preset.js';
import { type Failure, failure } from '../report/causes.js';
import { aacSampleDescription, splitFragments, writeInitSection, writeMediaSegment } from './cmaf.js';
import { decodeAudio, encodeAudio } from './chunk-audio.js';
import { formatPlaylist, type PlaylistEntry, playlistUri } from './playlist.js';
import { AAC_FRAME, MARGIN, PREROLL, PRIMING, audioCut, videoTiming } from './timeline.js';

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
}

export interface AssemblerOptions {
  /** The conversation's folder (absolute). */
  dir: string;
  toolchain: Toolchain;
  preset: Preset;
  signal?: AbortSignal | undefined;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * The chunk's length on the timeline, in samples: its input's duration when known and close to what the
 * output presents (an input whose audio ends early still lasts as long as its video), else what the
 * output's audio presents, else its video.
 */
export function chunkSamples(video: TrackSamples, audio: TrackSamples | undefined, rate: number, inputSec?: number): number {
  const span = (track: TrackSamples): number => track.presentedSec ?? track.samples.reduce((sum, sample) => sum + sample.duration, 0) / track.timescale;
  const output = Math.max(span(video), audio ? span(audio) : 0);
  const seconds = inputSec !== undefined && Number.isFinite(inputSec) && inputSec > 0 && Math.abs(inputSec - output) <= 0.25 ? inputSec : audio ? span(audio) : span(video);
  return Math.max(1, Math.round(seconds * rate));
}

export function createAssembler(options: AssemblerOptions) {
  const { dir, toolchain, preset } = options;
  const rate = preset.audio.sampleRate;
  const channels = preset.audio.channels;
  const keep = (PREROLL + MARGIN + 2 * AAC_FRAME) * channels;
  const entries: PlaylistEntry[] = [];
  let position = 0;
  let tail = new Float32Array(0);
  let tailStart = 0;
  let current: { videoStsd: Uint8Array; bytes: Uint8Array } | undefined;
  let ended = false;
  /** The next fragment's sequence number (mfhd): increasing over the whole conversation. */
  let sequence = 1;
  /** The last chunk's audio frames past its segment (the next chunk's encode would have covered them). */
  let leftover: { frames: Uint8Array[]; decodeTime: number; samples: number } | undefined;

  const writePlaylist = (): Promise<void> => writeFileAtomic(path.join(dir, PLAYLIST_NAME), formatPlaylist(entries, ended));

  /** The chunk's CMAF file (initialization section, then its segment), and its playlist entry. */
  async function writeChunkFile(index: number, segment: Uint8Array, durationSec: number, discontinuity: boolean): Promise<string> {
    const init = (current as { bytes: Uint8Array }).bytes;
    const name = `${String(index + 1).padStart(4, '0')}.mp4`;
    const target = path.join(dir, name);
    const content = new Uint8Array(init.length + segment.length);
    content.set(init);
    content.set(segment, init.length);
    await writeFileAtomic(target, content);
    entries.push({ uri: playlistUri(name), durationSec, initBytes: init.length, segmentBytes: segment.length, discontinuity });
    return target;
  }

  /** `inputSec`: how long the chunk's input lasts, when known (its report's duration). */
  async function add(file: string, last: boolean, inputSec?: number): Promise<PublishedChunk | Failure> {
    if (ended) return failure('refused', 'the conversation has ended');
    const bytes = new Uint8Array(await readFile(file));
    const list = readSampleList(bytes);
    if (!list.ok) return failure('verification', `its samples could not be read: ${list.reason}`);
    const found = list.tracks.find((track) => track.kind === 'video');
    const video = found && { ...found, stsd: withoutBitrate(found.stsd) };
    const audio = list.tracks.find((track) => track.kind === 'audio');
    if (!video || video.samples.length === 0) return failure('verification', 'it has no video');
    const length = chunkSamples(video, audio, rate, inputSec);

    // This chunk's audio, exactly `length` samples (silence where it has none), after the kept tail.
    const decoded = audio ? await decodeAudio(toolchain, file, preset, options.signal) : new Float32Array(0);
    if (!(decoded instanceof Float32Array)) return decoded;
    const chunkAudio = new Float32Array(length * channels);
    chunkAudio.set(decoded.subarray(0, chunkAudio.length));
    const index = entries.length;
    const cut = audioCut(index, position, position + length, last);
    const timeline = new Float32Array(tail.length + chunkAudio.length);
    timeline.set(tail);
    timeline.set(chunkAudio, tail.length);
    const encoded = await encodeAudio(toolchain, preset, timeline.subarray((cut.inputStart - tailStart) * channels), options.signal);
    if ('cause' in encoded) return encoded;
    const frames = encoded.frames.slice(cut.firstFrame, cut.endFrame);
    const segmentEnd = cut.endFrame === undefined ? undefined : cut.decodeTime + frames.length * AAC_FRAME;
    leftover = segmentEnd === undefined ? undefined : {
      frames: encoded.frames.slice(cut.endFrame),
      decodeTime: segmentEnd,
      samples: position + length + PRIMING - segmentEnd,
    };

    const timing = videoTiming(video.samples, video.timescale, video.editMediaTime, { start: position, end: position + length, rate, shift: PRIMING }, VIDEO_TIMESCALE);
    const reason = current === undefined ? undefined : sameBytes(current.videoStsd, video.stsd) ? undefined : 'its video differs from the chunk before in size, profile, level or codec configuration';
    if (current === undefined || reason !== undefined) {
      current = {
        videoStsd: video.stsd,
        bytes: writeInitSection([
          { kind: 'video', trackId: VIDEO_TRACK, timescale: VIDEO_TIMESCALE, stsd: video.stsd, width: video.width, height: video.height },
          { kind: 'audio', trackId: AUDIO_TRACK, timescale: rate, stsd: aacSampleDescription(encoded.config, rate, channels, preset.audio.bitrateKbps * 1000) },
        ]),
      };
    }
    // Fragments of half a second, video with its audio: a player that appends while the chunk downloads
    // starts after the first, not after the whole chunk.
    const fragments = splitFragments([
      {
        trackId: VIDEO_TRACK,
        timescale: VIDEO_TIMESCALE,
        decodeTime: timing.decodeTime,
        samples: video.samples.map((sample, i) => ({ data: bytes.subarray(sample.offset, sample.offset + sample.size), duration: timing.durations[i] as number, ctsOffset: timing.ctsOffsets[i] as number, sync: sample.sync })),
      },
      { trackId: AUDIO_TRACK, timescale: rate, decodeTime: cut.decodeTime, samples: frames.map((data) => ({ data, duration: AAC_FRAME, ctsOffset: 0, sync: true })) },
    ], FRAGMENT_SEC);
    const segment = writeMediaSegment(sequence, fragments);
    sequence += fragments.length;
    const target = await writeChunkFile(index, segment, length / rate, reason !== undefined);
    const startSec = position / rate;
    position += length;
    // Keep only what the next chunk's encode reads before its start.
    const kept = Math.min(timeline.length, keep);
    tail = timeline.slice(timeline.length - kept);
    tailStart = position - kept / channels;
    if (last) ended = true;
    await writePlaylist();
    return { index, file: target, startSec, durationSec: length / rate, discontinuity: reason !== undefined, discontinuityReason: reason };
  }

  return {
    add,
    /**
     * Ends the playlist (EXT-X-ENDLIST); nothing can be added after. When the last chunk was added
     * without `last`, its final audio frames (≤ 128 ms at 24 kHz) follow as a closing audio-only segment.
     */
    async end(): Promise<PublishedChunk | undefined> {
      if (ended) return undefined;
      ended = true;
      let tail: PublishedChunk | undefined;
      if (leftover && leftover.frames.length > 0 && leftover.samples > 0) {
        const index = entries.length;
        const segment = writeMediaSegment(sequence++, [[{ trackId: AUDIO_TRACK, decodeTime: leftover.decodeTime, samples: leftover.frames.map((data) => ({ data, duration: AAC_FRAME, ctsOffset: 0, sync: true })) }]]);
        const durationSec = leftover.samples / rate;
        const file = await writeChunkFile(index, segment, durationSec, false);
        tail = { index, file, startSec: (leftover.decodeTime - PRIMING) / rate, durationSec, discontinuity: false, discontinuityReason: undefined };
      }
      await writePlaylist();
      return tail;
    },
    get chunks(): number {
      return entries.length;
    },
    get ended(): boolean {
      return ended;
    },
  };
}

export type Assembler = ReturnType<typeof createAssembler>;
