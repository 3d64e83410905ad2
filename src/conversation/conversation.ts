// A conversation: chunks handed in order, encoded in parallel by the optimizer's one scheduler, then
// put on one timeline one after another (each waits for its predecessor), with a live HLS playlist.
// What is on the timeline is what its log says (store.ts): a restart resumes, a second process is refused.
import { readFile } from 'node:fs/promises';
import { isInside, realFolder } from '../files/identity.js';
import path from 'node:path';
import { StreamprepError, UsageError, getErrorMessage } from '../errors.js';
import type { Toolchain } from '../binaries/toolchain.js';
import { readSampleList } from '../mp4/sample-list.js';
import { withoutBitrate } from '../mp4/write/sample-description.js';
import type { Preset } from '../presets/preset.js';
import { type Cause, type Failure, failure } from '../report/causes.js';
import type { FileReport } from '../report/types.js';
import { aacLcConfig } from '../aac/adts.js';
import { PLAYLIST_NAME, type PublishedChunk, type TimelineState, chunkAudioOf, chunkSamples, closeTimeline, encoderStart, placeChunk, publishedChunk } from './assembler.js';
import { type AudioEncoder, startAudioEncoder } from './audio-encoder.js';
import { decodeAudio } from './chunk-audio.js';
import { outputOfOtherRun, sha256File } from './chunk-files.js';
import { LiveFeed, publishLive } from './live-chunk.js';
import type { ChunkSource, LogChunk } from './log.js';
import { type ConversationStore, FIRST_SEGMENT_ENDS_SEC, FIRST_SEGMENT_SEC, PART_SEC, notBegun, openStore } from './store.js';

/** Why a chunk is not on the timeline: its file's cause, or the conversation's own. */
export type LeftOutCause = Cause | 'duplicate' | 'late' | 'ended' | 'bad-number';

export interface ConversationChunkReport {
  /** The progressive output's report (as for any optimized file). */
  report: FileReport;
  /** Where the chunk landed on the conversation's timeline; undefined when it could not be added. */
  published: PublishedChunk | undefined;
  /** Why it was not added, when it was not. */
  reason: string | undefined;
  cause?: LeftOutCause | undefined;
  /** It was already on the timeline (an earlier run placed it). */
  resumed?: true | undefined;
}

export type ConversationEvent =
  /** A chunk is on the timeline (`report` undefined: the closing audio of a conversation ended late; `resumed`: placed by an earlier run). */
  /** `url`: the chunk's file relative to the conversation folder's parent, URL-encoded — what a backend forwards to the page. */
  | { type: 'published'; conversation: string; chunk: PublishedChunk; url: string; report: FileReport | undefined; resumed?: true }
  | { type: 'left-out'; conversation: string; input: string; cause: LeftOutCause; reason: string; report: FileReport | undefined }
  /** A part of chunk `chunk` is out (live): `url` as for `published`, `offset`/`bytes` its byte range. */
  | { type: 'part'; conversation: string; chunk: number; url: string; offset: number; bytes: number; durationSec: number; independent: boolean }
  | { type: 'ended'; conversation: string; playlist: string; chunks: number };

export interface ConversationOptions {
  /** The folder for the conversation's playlist and CMAF files (absolute, or relative to the working folder). */
  dir: string;
  onEvent?: ((event: ConversationEvent) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** Replace a conversation already in `dir` (default: resume it from its log). */
  force?: boolean | undefined;
  /**
   * While another process holds the conversation (it is finishing the chunk before), wait this long for
   * it, s (default 0: refused at once). Chunks appended meanwhile are encoded as they arrive.
   */
  waitForOwnerSec?: number | undefined;
  /** Publish chunks read from streams in parts while they are written (default true); false: each when whole. */
  parts?: boolean | undefined;
  /** Chunks will come as streams, published in parts: the playlist announces parts from the start (LL-HLS clients then ask for them). */
  live?: boolean | undefined;
}

export interface AppendOptions {
  /** The chunk's progressive MP4 (absolute, or relative to the working folder). */
  output: string;
  signal?: AbortSignal | undefined;
  /** It is the conversation's last chunk: the conversation ends with it (its audio keeps its final frames). */
  last?: boolean | undefined;
  /** The number in its name, when its order comes from one (watch). */
  number?: number | undefined;
}

export interface AppendStreamOptions {
  /** The chunk's progressive MP4 (absolute, or relative to the working folder). */
  output: string;
  signal?: AbortSignal | undefined;
  /** It is the conversation's last chunk. */
  last?: boolean | undefined;
  /** What reports call the stream (default "-"); a restart recognises the chunk by it. */
  label?: string | undefined;
  /** The container, as ffmpeg names it (default: found from its first bytes). */
  format?: string | undefined;
}

export interface Conversation {
  readonly name: string;
  /** The live playlist (EVENT; ENDLIST once ended). */
  readonly playlist: string;
  /** Settles once the folder is open (locked, its log read); rejects with the reason when it cannot be. */
  readonly ready: Promise<void>;
  /**
   * The next chunk: encoded (in parallel with others) to `output`, then added to the timeline after the
   * chunks appended before it. Resolves once it is on the timeline (or left out, with the reason).
   */
  append(input: string, options: AppendOptions): Promise<ConversationChunkReport>;
  /**
   * The next chunk, read from a stream as it is written (a generator's pipe): encoded as it arrives and
   * published in parts (LL-HLS) the moment each fragment is encoded, once the chunks before it are on the
   * timeline. Resolves once the whole chunk is (its progressive output verified, as any).
   */
  appendStream(stream: AsyncIterable<Uint8Array>, options: AppendStreamOptions): Promise<ConversationChunkReport>;
  /** Lets go of the folder without ending the conversation (another run may go on with it). */
  close(): Promise<void>;
  /** No more chunks: waits for those under way, then ends the playlist and lets go of the folder. */
  end(): Promise<{ chunks: number; playlist: string }>;
  /** Chunks on the timeline so far. */
  readonly chunks: number;
  /** Whether the log says it has ended. */
  readonly ended: boolean;
  /** What the log says of the chunk from the input named `name`, if one is on the timeline. */
  placed(name: string): ChunkSource | undefined;
  /** The highest chunk number on the timeline (watch's order), if any. */
  readonly lastNumber: number | undefined;
}

/** What a conversation needs of an optimizer. */
export interface ConversationHost {
  readonly preset: Preset;
  readonly toolchain: Toolchain;
  /** `onPcm`: the audio the encode hands its AAC encoder, as it is written (see OptimizeCallOptions.onPcm). */
  optimize(request: { input: string; output: string; signal?: AbortSignal | undefined; onPcm?: ((chunk: Uint8Array) => void) | undefined }): Promise<FileReport>;
  /** A stream encoded as it arrives, with its audio and (live) its video fragments tapped. */
  optimizeStream?: ((stream: AsyncIterable<Uint8Array>, request: {
    output: string; signal?: AbortSignal | undefined; label?: string | undefined; format?: string | undefined;
    onPcm: (chunk: Uint8Array) => void; live?: { partSec: number; keyframeAtSec?: number | undefined; onFragments: (chunk: Uint8Array) => void; onInputEnd: () => void } | undefined;
  }) => Promise<FileReport>) | undefined;
  /** How long an input lasts (for a chunk whose report does not say: its output existed, or it was read as a stream). */
  chunkDuration?: ((input: string) => Promise<number | undefined>) | undefined;
}

/** Why a name cannot be a conversation (one plain folder name), or undefined. */
export function conversationNameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'it is empty';
  if (Buffer.byteLength(name) > 200) return 'it is longer than 200 bytes';
  if (name === '.' || name === '..') return 'it is . or ..';
  if (/[/\\]/.test(name)) return 'it holds a path separator';
  if (/[\0-\x1f\x7f]/.test(name)) return 'it holds a control character (a tab, a line break …)';
  return undefined;
}

/** A conversation name becomes a folder name: one plain path segment. */
export function checkConversationName(name: string): void {
  const problem = conversationNameProblem(name);
  if (problem) throw new UsageError(`a conversation name must be one plain folder name: ${JSON.stringify(name)}: ${problem}`);
}

/** The AudioSpecificConfig the conversation's encoder writes (the preset's rate was checked when the conversation opened). */
const audioConfigOf = (state: TimelineState): Uint8Array => {
  const config = aacLcConfig(state.rate, state.channels);
  if (!config) throw new UsageError(`AAC has no sampling rate index for ${state.rate} Hz`);
  return config;
};

/** Interleaved floats from the bytes of a pipe (copied: they may start anywhere). */
function floatsOf(parts: readonly Uint8Array[]): Float32Array {
  const bytes = Buffer.concat(parts);
  const copy = new Uint8Array(bytes.length - (bytes.length % 4));
  copy.set(bytes.subarray(0, copy.length));
  return new Float32Array(copy.buffer);
}

/**
 * How long a chunk's frames may take to come out of the audio encoder before the chunk is published
 * without them (they follow with the next): while it writes, up to 2 s; once it is quiet, 0.3 s.
 */
const SETTLE_MS = 2_000;
const QUIET_MS = 300;

/** The chunk on the timeline that came from the input named `name` (the closing audio has none). */
const placedFrom = (state: TimelineState, name: string): LogChunk | undefined =>
  state.chunks.find((chunk) => !chunk.closing && chunk.source?.name === name);

export function createConversation(host: ConversationHost, name: string, options: ConversationOptions): Conversation {
  checkConversationName(name);
  const dir = path.resolve(options.dir);
  /** A chunk file's URL relative to the folder that holds the conversation's folder. */
  const urlOf = (file: string): string => path.relative(path.dirname(dir), file).split(path.sep).map(encodeURIComponent).join('/');
  const emit = (event: ConversationEvent): void => options.onEvent?.(event);
  const published = (state: TimelineState, entry: LogChunk): PublishedChunk => publishedChunk((relative) => path.join(dir, relative), state, entry);
  const storeOptions = {
    dir, name, force: options.force ?? false, rate: host.preset.audio.sampleRate, channels: host.preset.audio.channels, bitrate: host.preset.audio.bitrateKbps * 1000,
    live: options.live ?? false,
  };
  const opening = (async () => {
    const waitUntil = performance.now() + (options.waitForOwnerSec ?? 0) * 1000;
    for (;;) {
      const opened = await openStore(storeOptions);
      // Another process is finishing its chunk: ask again shortly (it lets go as soon as its chunk is placed).
      if (opened.ok || opened.failure.cause !== 'locked' || performance.now() >= waitUntil || options.signal?.aborted) return opened;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  let store: ConversationStore | undefined;
  const ready = opening.then((opened) => {
    if (!opened.ok) throw new StreamprepError(`conversation ${name}: ${opened.failure.reason}`, opened.failure.cause === 'locked' ? 1 : 2, { reason: opened.failure.reason });
    store = opened.store;
  });
  ready.catch(() => undefined);
  let appended = 0;
  let endRequested = false;
  let chain: Promise<unknown> = ready.catch(() => undefined);

  // The conversation's one audio encoder while this process places chunks: started with the first, fed
  // every chunk's audio in order, finished by the last (or end()).
  let encoder: AudioEncoder | undefined;
  const encoderFor = (state: TimelineState): AudioEncoder => {
    if (!encoder) {
      const { inputStart, preroll } = encoderStart(state);
      encoder = startAudioEncoder(host.toolchain, host.preset, { firstFrame: state.nextFrame, inputStart, preroll, channels: state.channels });
    }
    return encoder;
  };
  options.signal?.addEventListener('abort', () => encoder?.stop(), { once: true });
  /** The encoder's frames not yet published (after finishing it, when `finish`). */
  async function newFrames(state: TimelineState, finish: boolean): Promise<Uint8Array[] | Failure> {
    const current = encoderFor(state);
    if (finish) {
      encoder = undefined;
      const failed = await current.finish();
      if (failed) return failed;
    } else {
      await current.settle(QUIET_MS, SETTLE_MS);
    }
    return current.frames.slice(state.nextFrame - current.firstFrame);
  }

  async function place(input: string, report: FileReport, last: boolean, source: ChunkSource, pcm: readonly Uint8Array[], signal: AbortSignal | undefined): Promise<PublishedChunk | Failure> {
    const current = store as ConversationStore;
    const file = path.resolve(report.output as string);
    const bytes = new Uint8Array(await readFile(file));
    const list = readSampleList(bytes);
    if (!list.ok) return failure('verification', `its samples could not be read: ${list.reason}`);
    const found = list.tracks.find((track) => track.kind === 'video');
    const video = found && { ...found, stsd: withoutBitrate(found.stsd) };
    const audio = list.tracks.find((track) => track.kind === 'audio');
    if (!video || video.samples.length === 0) return failure('verification', 'it has no video');
    const inputSec = report.targetDurationSec ?? (input ? await host.chunkDuration?.(input) : undefined);
    if (report.status === 'skipped' && inputSec !== undefined) {
      // An output that was already there must be this input's: one made from another input (an earlier
      // chunk's, at the same name) lasts otherwise.
      const videoSec = video.presentedSec ?? video.samples.reduce((sum, sample) => sum + sample.duration, 0) / video.timescale;
      if (Math.abs(videoSec - inputSec) > 1 / 18 + 0.02) return failure('collision', `its output ${file} was already there and lasts ${videoSec.toFixed(3)} s, not this input's ${inputSec.toFixed(3)} s (made from another input?); --force encodes it again`);
    }
    const { state } = current;
    const length = chunkSamples(video, audio, state.rate, inputSec);
    // The audio the encode gave its AAC encoder (the source's, one generation); an output not encoded
    // here (relocated, or already there) is decoded instead.
    const decoded = pcm.length > 0 ? floatsOf(pcm) : audio ? await decodeAudio(host.toolchain, file, host.preset, signal) : new Float32Array(0);
    if (!(decoded instanceof Float32Array)) return decoded;
    const chunkAudio = chunkAudioOf(decoded, length, state.channels);
    encoderFor(state).write(chunkAudio);
    const frames = await newFrames(state, last);
    if ('cause' in frames) return frames;
    const placement = placeChunk(state, { bytes, video, length, audio: { frames, config: audioConfigOf(state) }, chunkAudio, source, currentInit: await current.initBytes() });
    await current.place(placement);
    if (last) await current.end(undefined);
    return published(state, placement.entry);
  }

  function append(input: string, call: AppendOptions): Promise<ConversationChunkReport> {
    if (endRequested) return Promise.reject(new UsageError(`conversation ${name} has ended`));
    const position = appended++;
    if (call.last) endRequested = true;
    const signal = call.signal ?? options.signal;
    const pcm: Uint8Array[] = [];
    const encoded = host.optimize({ input, output: call.output, signal, onPcm: (chunk) => pcm.push(chunk) });
    const result = chain.then(async (): Promise<ConversationChunkReport> => {
      const report = await encoded;
      const leftOut = (cause: LeftOutCause, reason: string): ConversationChunkReport => {
        emit({ type: 'left-out', conversation: name, input: report.input, cause, reason, report });
        return { report, published: undefined, reason, cause };
      };
      const opened = await opening;
      if (!opened.ok) return leftOut(opened.failure.cause, opened.failure.reason);
      const { state } = opened.store;
      const source: ChunkSource = { name: path.basename(input), ...(call.number === undefined ? {} : { number: call.number }), sha256: await sha256File(input) };
      // Already on the timeline (an earlier run placed it): the same content stays as it was published.
      const known = placedFrom(state, source.name);
      if (known) {
        if (source.sha256 === undefined || known.source?.sha256 === source.sha256) {
          const chunk = published(state, known);
          emit({ type: 'published', conversation: name, chunk, url: urlOf(chunk.file), report, resumed: true });
          return { report, published: chunk, reason: undefined, resumed: true };
        }
        return leftOut('duplicate', `chunk ${known.index + 1} came from a file of this name with other content, and is already on the timeline`);
      }
      if (state.ended) return leftOut('ended', 'the conversation has ended');
      const [realDir, realInput] = await Promise.all([realFolder(dir), realFolder(path.dirname(path.resolve(input)))]);
      if (realInput === realDir || isInside(realInput, realDir)) {
        return leftOut('collision', `the conversation's folder ${dir} is or holds the input's folder ${path.dirname(path.resolve(input))}: its files could replace inputs`);
      }
      // Another process is writing the chunk's output (two watchers on one inbox): its verified output is
      // waited for, as if this run had made it.
      if (report.status === 'skipped' && report.cause === 'locked' && report.output) {
        const made = await outputOfOtherRun(report.output, signal);
        if (made) Object.assign(report, { cause: 'exists', reason: 'output made by another streamprep run' });
      }
      // A re-run finds the chunk's output already made: it still belongs on the timeline.
      const usable = report.status === 'ok' || (report.status === 'skipped' && report.cause === 'exists');
      if (!usable || !report.output) return leftOut(report.cause ?? 'internal', report.reason ?? 'it was not optimized');
      const last = endRequested && position === appended - 1;
      const added = await place(input, report, last, source, pcm, signal).catch((error: unknown) => failure('write-error', getErrorMessage(error)));
      if ('cause' in added) return leftOut(added.cause, added.reason);
      emit({ type: 'published', conversation: name, chunk: added, url: urlOf(added.file), report });
      return { report, published: added, reason: undefined };
    });
    chain = result.catch(() => undefined);
    return result;
  }

  /** Ends the timeline (once): what the encoder still holds as a closing audio segment, then the log's end. */
  async function finishTimeline(current: ConversationStore): Promise<void> {
    if (current.state.ended) return;
    // What the encoder still holds (a new one, after a restart, from the log's samples).
    // (An encoder that failed leaves the conversation to end without them.)
    const frames = current.state.chunks.length > 0 ? await newFrames(current.state, true) : [];
    const closing = closeTimeline(current.state, 'cause' in frames ? [] : frames, await current.initBytes());
    await current.end(closing);
    const tail = closing && current.state.chunks.at(-1);
    if (tail) {
      const chunk = published(current.state, tail);
      emit({ type: 'published', conversation: name, chunk, url: urlOf(chunk.file), report: undefined });
    }
  }

  function appendStream(stream: AsyncIterable<Uint8Array>, call: AppendStreamOptions): Promise<ConversationChunkReport> {
    if (endRequested) return Promise.reject(new UsageError(`conversation ${name} has ended`));
    if (!host.optimizeStream) return Promise.reject(new UsageError('this conversation cannot read streams'));
    const position = appended++;
    if (call.last) endRequested = true;
    const signal = call.signal ?? options.signal;
    const label = call.label ?? '-';
    const feed = new LiveFeed(host.preset.audio.channels);
    const inParts = options.parts !== false;
    const pcm: Uint8Array[] = [];
    // The conversation's first chunk (no log yet) starts with short segments (FIRST_SEGMENT_ENDS_SEC), the first with a keyframe of its own.
    const first = position === 0 && store === undefined ? notBegun(dir) : Promise.resolve(false);
    const encoded = first.then((opening) => (host.optimizeStream as NonNullable<typeof host.optimizeStream>)(stream, {
      output: call.output, signal, label, format: call.format,
      ...(inParts
        ? { onPcm: feed.onPcm, live: { partSec: PART_SEC, ...(opening ? { keyframeAtSec: FIRST_SEGMENT_SEC } : {}), onFragments: feed.onFragments, onInputEnd: feed.onInputEnd } }
        : { onPcm: (chunk: Uint8Array) => void pcm.push(chunk) }),
    }));
    void encoded.finally(() => feed.end()).catch(() => undefined);
    const result = chain.then(async (): Promise<ConversationChunkReport> => {
      const leftOut = (cause: LeftOutCause, reason: string, report: FileReport): ConversationChunkReport => {
        emit({ type: 'left-out', conversation: name, input: report.input, cause, reason, report });
        return { report, published: undefined, reason, cause };
      };
      const opened = await opening;
      if (!opened.ok) return leftOut(opened.failure.cause, opened.failure.reason, await encoded);
      const current = opened.store;
      if (current.state.ended) return leftOut('ended', 'the conversation has ended', await encoded);
      const source: ChunkSource = { name: path.basename(call.output) };
      if (!inParts) {
        // Published whole, once encoded and verified (as a file's chunk is).
        const report = await encoded;
        if (report.status !== 'ok' || !report.output) return leftOut(report.cause ?? 'internal', report.reason ?? 'it was not optimized', report);
        const last = endRequested && position === appended - 1;
        const added = await place('', report, last, source, pcm, signal).catch((error: unknown) => failure('write-error', getErrorMessage(error)));
        if ('cause' in added) return leftOut(added.cause, added.reason, report);
        emit({ type: 'published', conversation: name, chunk: added, url: urlOf(added.file), report });
        return { report, published: added, reason: undefined };
      }
      const outcome = await publishLive(feed, source, {
        store: current,
        encoderFor,
        audioConfig: audioConfigOf(current.state),
        ...((await first) ? { segmentEndsSec: FIRST_SEGMENT_ENDS_SEC } : {}),
        onPart: (part) => emit({ type: 'part', conversation: name, url: urlOf(path.join(dir, part.file)), ...part }),
      }).catch((error: unknown) => ({ parts: -1, problem: getErrorMessage(error) }));
      const report = await encoded;
      if (outcome.parts <= 0) {
        return leftOut(report.status === 'ok' ? 'write-error' : (report.cause ?? 'internal'), outcome.problem ?? report.reason ?? 'it was not optimized', report);
      }
      // Its parts are out: it is on the timeline as they were published, whatever the end of its encode.
      const entry = current.state.chunks.at(-1) as LogChunk;
      const last = endRequested && position === appended - 1;
      const chunk = published(current.state, entry);
      emit({ type: 'published', conversation: name, chunk, url: urlOf(chunk.file), report });
      if (last) await finishTimeline(current);
      return { report, published: chunk, reason: report.status === 'ok' ? undefined : report.reason };
    });
    chain = result.catch(() => undefined);
    return result;
  }

  return {
    name,
    playlist: path.join(dir, PLAYLIST_NAME),
    ready,
    get chunks() {
      return store?.state.chunks.length ?? 0;
    },
    get ended() {
      return store?.state.ended ?? false;
    },
    get lastNumber() {
      const numbers = (store?.state.chunks ?? []).map((chunk) => chunk.source?.number).filter((n): n is number => n !== undefined);
      return numbers.length > 0 ? Math.max(...numbers) : undefined;
    },
    placed(sourceName) {
      return store && placedFrom(store.state, sourceName)?.source;
    },
    append,
    appendStream,
    async end() {
      endRequested = true;
      // (A chunk already on the timeline when end() comes keeps its audio up to the frame grid: ≤ 128 ms
      // at 24 kHz follow as a closing audio-only segment. Pass `last` with the final chunk, or call end() early.)
      await chain;
      const opened = await opening;
      if (!opened.ok) return { chunks: 0, playlist: path.join(dir, PLAYLIST_NAME) };
      const current = opened.store;
      try {
        await finishTimeline(current);
      } finally {
        await current.close();
      }
      emit({ type: 'ended', conversation: name, playlist: path.join(dir, PLAYLIST_NAME), chunks: current.state.chunks.length });
      return { chunks: current.state.chunks.length, playlist: path.join(dir, PLAYLIST_NAME) };
    },
    async close() {
      await chain;
      encoder?.stop();
      encoder = undefined;
      const opened = await opening;
      if (opened.ok) await opened.store.close();
    },
  };
}
