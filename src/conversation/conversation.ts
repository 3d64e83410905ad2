// A conversation: chunks handed in order, encoded in parallel by the optimizer's one scheduler, then
// put on one timeline one after another (each waits for its predecessor), with a live HLS playlist.
// What is on the timeline is what its log says (store.ts): a restart resumes, a second process is refused.
import { readFile } from 'node:fs/promises';
import { isInside, realFolder } from '../files/identity.js';
import path from 'node:path';
import { StreamprepError, UsageError, getErrorMessage } from '../errors.js';
import { readSampleList } from '../mp4/sample-list.js';
import { withoutBitrate } from '../mp4/write/sample-description.js';
import { type Failure, failure } from '../report/causes.js';
import type { FileReport } from '../report/types.js';
import { aacLcConfig } from '../aac/adts.js';
import { PLAYLIST_NAME, type PublishedChunk, type TimelineState, chunkAudioOf, chunkSamples, closeTimeline, encoderStart, placeChunk, publishedChunk } from './assembler.js';
import { type AudioEncoder, startAudioEncoder } from './audio-encoder.js';
import { decodeAudio, floatCount, floatsOf } from './chunk-audio.js';
import { fillSilence } from './padding.js';
import { type AudioSpan, deferredAudio } from './progressive-audio.js';
import { outputOfOtherRun, sha256File } from './chunk-files.js';
import { LiveFeed, publishLive } from './live-chunk.js';
import type { ChunkSource, LogChunk } from './log.js';
import { type ConversationStore, PART_SEC, firstSegmentEndsSec, notBegun, openStore } from './store.js';
import {
  type AppendLiveOptions, type AppendOptions, type AppendStreamOptions, type Conversation, type ConversationChunkReport, type ConversationEvent,
  type ConversationHost, type ConversationOptions, type LeftOutCause, type LiveTap, checkConversationName, partEnqueue,
} from './conversation-api.js';

export * from './conversation-api.js';

interface Tap extends LiveTap {
  readonly feed: LiveFeed;
}

/** The AudioSpecificConfig the conversation's encoder writes (the preset's rate was checked when the conversation opened). */
const audioConfigOf = (state: TimelineState): Uint8Array => {
  const config = aacLcConfig(state.rate, state.channels);
  if (!config) throw new UsageError(`AAC has no sampling rate index for ${state.rate} Hz`);
  return config;
};

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
  // Parts of `partSec`; the first chunk's first segment is two of them (its keyframe after them), then one-part segments.
  const partSec = options.partSec ?? PART_SEC;
  const firstSegmentEnds = firstSegmentEndsSec(partSec);
  /** A chunk file's URL relative to the folder that holds the conversation's folder. */
  const urlOf = (file: string): string => path.relative(path.dirname(dir), file).split(path.sep).map(encodeURIComponent).join('/');
  const emit = (event: ConversationEvent): void => options.onEvent?.(event);
  const published = (state: TimelineState, entry: LogChunk): PublishedChunk => publishedChunk((relative) => path.join(dir, relative), state, entry);
  const storeOptions = {
    dir, name, force: options.force ?? false, rate: host.preset.audio.sampleRate, channels: host.preset.audio.channels, bitrate: host.preset.audio.bitrateKbps * 1000,
    live: options.live ?? false, partSec,
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
  // The conversation's folder, as the file system names it: resolved once (its lock is held inside it).
  let realDirResolved: Promise<string> | undefined;
  const realDirOnce = (): Promise<string> => (realDirResolved ??= realFolder(dir));
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

  /** `encoded`: the output's bytes when they are at hand (not yet under its name: its audio is added later). */
  async function place(input: string, report: FileReport, last: boolean, source: ChunkSource, pcm: readonly Uint8Array[], signal: AbortSignal | undefined, encoded?: Uint8Array): Promise<{ chunk: PublishedChunk; span: AudioSpan } | Failure> {
    const current = store as ConversationStore;
    const file = path.resolve(report.output as string);
    const bytes: Uint8Array = encoded ?? await readFile(file);
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
    const decoded = pcm.length > 0 ? undefined : audio ? await decodeAudio(host.toolchain, file, host.preset, signal) : new Float32Array(0);
    if (decoded && !(decoded instanceof Float32Array)) return decoded;
    const floats = decoded ? decoded.length : floatCount(pcm);
    // (Where its audio stops short of its video: the timeline's silence, not zeros — see padding.ts.)
    const chunkAudio = decoded
      ? chunkAudioOf(decoded, length, state.channels, state.position * state.channels)
      : fillSilence(floatsOf(pcm, length * state.channels), floats, state.position * state.channels);
    const available = floats / state.channels;
    const span = { source: encoderFor(state), start: state.position, presented: Math.min(length, available) };
    span.source.write(chunkAudio);
    const frames = await newFrames(state, last);
    if ('cause' in frames) return frames;
    const placement = placeChunk(state, { bytes, video, length, audio: { frames, config: audioConfigOf(state) }, chunkAudio, source, currentInit: await current.initBytes() });
    await current.place(placement);
    if (last) await current.end(undefined);
    return { chunk: published(state, placement.entry), span };
  }

  /** Runs `step` once the chunks appended before are on the timeline (or left out). */
  function enqueue<T>(step: () => Promise<T>): Promise<T> {
    const result = chain.then(step);
    chain = result.catch(() => undefined);
    return result;
  }

  function append(input: string, call: AppendOptions): Promise<ConversationChunkReport> {
    if (endRequested) return Promise.reject(new UsageError(`conversation ${name} has ended`));
    const position = appended++;
    if (call.last) endRequested = true;
    const signal = call.signal ?? options.signal;
    const pcm: Uint8Array[] = [];
    const request = { input, output: call.output, signal, onPcm: (chunk: Uint8Array) => void pcm.push(chunk) };
    const encoded = host.optimizeDeferred?.(request) ?? host.optimize(request).then((report) => ({ report, deferred: undefined }));
    const placed = enqueue(async () => {
      const { report, deferred } = await encoded;
      const outcome = await placeWhole(input, report, call, position, pcm, signal, deferred?.video);
      // A last chunk left out: no audio follows, so the timeline ends here (outputs waiting for their audio
      // get it). Not when interrupted: the conversation stays open for the run that goes on with it.
      if (host.optimizeDeferred && call.last && !outcome.published && !signal?.aborted && store && !store.state.ended) await finishTimeline(store);
      return { ...outcome, deferred };
    });
    return placed.then(async ({ deferred, span, ...outcome }) => (deferred ? { ...outcome, report: await deferred.finish(await deferredAudio(host, span, pcm, signal)) } : outcome));
  }

  /** A chunk that is not on the timeline: said, and reported. */
  const leaveOut = (report: FileReport, cause: LeftOutCause, reason: string): ConversationChunkReport => {
    emit({ type: 'left-out', conversation: name, input: report.input, cause, reason, report });
    return { report, published: undefined, reason, cause };
  };

  /**
   * A chunk encoded whole (its report in hand) on the timeline after those before it, or left out with the
   * reason; `encoded`: its output's bytes, when its audio is added later (with `span`).
   */
  async function placeWhole(
    input: string, report: FileReport, call: AppendOptions, position: number, pcm: readonly Uint8Array[], signal: AbortSignal | undefined, encoded?: Uint8Array,
  ): Promise<ConversationChunkReport & { span?: AudioSpan }> {
    const leftOut = (cause: LeftOutCause, reason: string): ConversationChunkReport => leaveOut(report, cause, reason);
    const opened = await opening;
    if (!opened.ok) return leftOut(opened.failure.cause, opened.failure.reason);
    const { state } = opened.store;
    const source: ChunkSource = { name: path.basename(input), ...(call.number === undefined ? {} : { number: call.number }), sha256: await sha256File(input) };
    // Already on the timeline (an earlier run placed it): the same content stays as it was published. (A
    // chunk published in parts while it was written says only its name.)
    const known = placedFrom(state, source.name);
    if (known) {
      if (source.sha256 === undefined || known.source?.sha256 === undefined || known.source.sha256 === source.sha256) {
        const chunk = published(state, known);
        emit({ type: 'published', conversation: name, chunk, url: urlOf(chunk.file), report, resumed: true });
        return { report, published: chunk, reason: undefined, resumed: true };
      }
      return leftOut('duplicate', `chunk ${known.index + 1} came from a file of this name with other content, and is already on the timeline`);
    }
    if (state.ended) return leftOut('ended', 'the conversation has ended');
    const [realDir, realInput] = await Promise.all([realDirOnce(), realFolder(path.dirname(path.resolve(input)))]);
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
    const added = await place(input, report, last, source, pcm, signal, encoded).catch((error: unknown) => failure('write-error', getErrorMessage(error)));
    if ('cause' in added) return leftOut(added.cause, added.reason);
    emit({ type: 'published', conversation: name, chunk: added.chunk, url: urlOf(added.chunk.file), report });
    return { report, published: added.chunk, reason: undefined, span: added.span };
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

  /** Taps for a live encode of the next chunk: its fragments and audio, held until it is published. */
  function tapLive({ keyframe }: { keyframe: boolean }): Tap {
    const feed = new LiveFeed(host.preset.audio.channels);
    return {
      feed,
      onPcm: feed.onPcm,
      live: { partSec, ...(keyframe ? { keyframeAtSec: firstSegmentEnds[0] } : {}), onFragments: feed.onFragments, onInputEnd: feed.onInputEnd },
      end: () => feed.end(),
    };
  }

  /**
   * Publishes a tapped chunk's parts (it is next on the timeline) and closes it when its encode ends:
   * on the timeline as its parts were published, whatever the end of the encode (`attempt`). Otherwise
   * how many parts were out (0: none; -1: placing one failed) and why.
   */
  async function publishTapped(current: ConversationStore, feed: LiveFeed, source: ChunkSource, attempt: Promise<FileReport>, position: number): Promise<ConversationChunkReport | { parts: number; problem: string | undefined }> {
    // The conversation's first chunk starts with short segments (firstSegmentEndsSec).
    const first = current.state.chunks.length === 0 && current.state.open === undefined;
    const outcome = await publishLive(feed, source, {
      store: current,
      encoderFor,
      audioConfig: audioConfigOf(current.state),
      ...(first ? { segmentEndsSec: firstSegmentEnds } : {}),
      onPart: ({ file, first, ...part }) => emit({ type: 'part', conversation: name, url: urlOf(path.join(dir, file)), ...part, ...partEnqueue({ ...part, first }) }),
    }).catch((error: unknown) => ({ parts: -1, problem: getErrorMessage(error) }));
    const report = await attempt;
    if (outcome.parts <= 0) return outcome;
    const entry = current.state.chunks.at(-1) as LogChunk;
    const last = endRequested && position === appended - 1;
    const chunk = published(current.state, entry);
    emit({ type: 'published', conversation: name, chunk, url: urlOf(chunk.file), report });
    if (last) await finishTimeline(current);
    return { report, published: chunk, reason: report.status === 'ok' ? undefined : report.reason };
  }

  function appendStream(stream: AsyncIterable<Uint8Array>, call: AppendStreamOptions): Promise<ConversationChunkReport> {
    if (endRequested) return Promise.reject(new UsageError(`conversation ${name} has ended`));
    if (!host.optimizeStream) return Promise.reject(new UsageError('this conversation cannot read streams'));
    const position = appended++;
    if (call.last) endRequested = true;
    const signal = call.signal ?? options.signal;
    const label = call.label ?? '-';
    const inParts = options.parts !== false;
    const pcm: Uint8Array[] = [];
    // The conversation's first chunk (no log yet) gets a keyframe of its own after its first segment.
    const first = inParts && position === 0 && store === undefined ? notBegun(dir) : Promise.resolve(false);
    const tap = first.then((opening) => (inParts ? tapLive({ keyframe: opening }) : undefined));
    const encoded = tap.then((taps) => (host.optimizeStream as NonNullable<typeof host.optimizeStream>)(stream, {
      output: call.output, signal, label, format: call.format,
      ...(taps ? { onPcm: taps.onPcm, live: taps.live } : { onPcm: (chunk: Uint8Array) => void pcm.push(chunk) }),
    }));
    void encoded.finally(async () => (await tap)?.end()).catch(() => undefined);
    return enqueue(async (): Promise<ConversationChunkReport> => {
      const leftOut = (cause: LeftOutCause, reason: string, report: FileReport): ConversationChunkReport => leaveOut(report, cause, reason);
      const opened = await opening;
      if (!opened.ok) return leftOut(opened.failure.cause, opened.failure.reason, await encoded);
      const current = opened.store;
      if (current.state.ended) return leftOut('ended', 'the conversation has ended', await encoded);
      const source: ChunkSource = { name: path.basename(call.output) };
      /** Published whole, once encoded and verified (as a file's chunk is), with the audio its encode handed over. */
      const placeWholeStream = async (report: FileReport, audio: readonly Uint8Array[]): Promise<ConversationChunkReport> => {
        if (report.status !== 'ok' || !report.output) return leftOut(report.cause ?? 'internal', report.reason ?? 'it was not optimized', report);
        const last = endRequested && position === appended - 1;
        const added = await place('', report, last, source, audio, signal).catch((error: unknown) => failure('write-error', getErrorMessage(error)));
        if ('cause' in added) return leftOut(added.cause, added.reason, report);
        emit({ type: 'published', conversation: name, chunk: added.chunk, url: urlOf(added.chunk.file), report });
        return { report, published: added.chunk, reason: undefined };
      };
      const taps = await tap;
      if (!taps) return placeWholeStream(await encoded, pcm);
      const outcome = await publishTapped(current, taps.feed, source, encoded, position);
      if ('published' in outcome) return outcome;
      const report = await encoded;
      // No part came of its taps, and its encode is done: a stream that ended within its first bytes is
      // encoded whole from a file (no fragments to publish) — it goes on the timeline whole, as a file's chunk.
      if (outcome.parts === 0 && report.status === 'ok') return placeWholeStream(report, taps.feed.takeAll());
      return leftOut(report.status === 'ok' ? 'write-error' : (report.cause ?? 'internal'), outcome.problem ?? report.reason ?? 'it was not optimized', report);
    });
  }

  function appendLive(taps: LiveTap, call: AppendLiveOptions): Promise<ConversationChunkReport> {
    if (endRequested) return Promise.reject(new UsageError(`conversation ${name} has ended`));
    if (!('feed' in taps)) return Promise.reject(new UsageError('appendLive() takes taps from this conversation\'s tapLive()'));
    const position = appended++;
    const { feed } = taps as Tap;
    return enqueue(async (): Promise<ConversationChunkReport> => {
      const opened = await opening;
      if (opened.ok && !opened.store.state.ended && !placedFrom(opened.store.state, path.basename(call.input))) {
        const source: ChunkSource = { name: path.basename(call.input), ...(call.number === undefined ? {} : { number: call.number }) };
        const outcome = await publishTapped(opened.store, feed, source, call.attempt, position);
        if ('published' in outcome) return outcome;
        if (outcome.parts < 0) return leaveOut(await call.attempt, 'write-error', outcome.problem ?? 'its parts could not be published');
      }
      // No part came of its taps (its encode failed first, or it was placed before): its final outcome, whole.
      const { span: _span, ...outcome } = await placeWhole(call.input, await call.report, call, position, [], call.signal ?? options.signal);
      return outcome;
    });
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
    tapLive,
    appendLive,
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
        // (An encoder started for a chunk that never went on the timeline is not needed any more.)
        encoder?.stop();
        encoder = undefined;
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
