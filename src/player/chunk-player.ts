// streamprep/player: plays chunks back to back through one <video>, for front ends that get each chunk's
// URL pushed (server-sent events, websockets). Browser code, no dependencies.
//
// With Media Source Extensions (ManagedMediaSource where present) every chunk is appended to one
// SourceBuffer in `segments` mode: a chunk of a streamprep conversation already sits on the timeline;
// any other fragmented MP4 chunk is moved to the end of the one before (timestampOffset) and cut to its
// video's span (append windows), which also drops its audio priming. Where MSE is missing, two <video>
// elements take turns (the next one preloaded).
import { type ChunkLayout, readChunkLayout } from './mp4-boxes.js';

export interface ChunkPlayerOptions {
  /** Chunks fetched ahead of the one playing (default 2). */
  fetchAhead?: number;
  /** Seconds of played media kept behind the playhead; older data is evicted (default 10). */
  keepBehindSec?: number;
  /** Start playing as soon as the first chunk is buffered (default true; browsers may require muted video). */
  autoplay?: boolean;
  /** Use two swapping <video> elements even where MSE exists (default false). */
  forceSwap?: boolean;
}

export interface ChunkPlayerEventMap {
  /** The first frame is on screen: ms since the player was created. */
  firstframe: { ms: number };
  /** Playback waits for data (a stall) at chunk `chunk`; `resume` follows with how long it lasted. */
  stall: { chunk: number; atSec: number };
  resume: { chunk: number; ms: number };
  /** The first frame of chunk `chunk` followed the last of the chunk before after `gapMs` (presented frames). */
  boundary: { chunk: number; gapMs: number };
  /** A chunk could not be fetched or appended (it is left out; playback goes on). */
  error: { chunk: number; url: string; message: string };
  /** The last chunk has played (after end()). */
  ended: Record<string, never>;
}

export type ChunkPlayerEvent = keyof ChunkPlayerEventMap;

export interface ChunkPlayer {
  /** 'mse' (one timeline, gapless) or 'swap' (two elements, where MSE is missing). */
  readonly mode: 'mse' | 'swap';
  /** The next chunk's URL: a fragmented MP4 (a streamprep conversation chunk, or any CMAF/fMP4 file). */
  enqueue(url: string): void;
  /** No more chunks: the stream ends after the last one. */
  end(): void;
  on<K extends ChunkPlayerEvent>(type: K, listener: (detail: ChunkPlayerEventMap[K]) => void): () => void;
  /** Stops fetching, releases the media source. */
  destroy(): void;
}

type Listeners = { [K in ChunkPlayerEvent]: Set<(detail: ChunkPlayerEventMap[K]) => void> };

interface Emitter {
  emit<K extends ChunkPlayerEvent>(type: K, detail: ChunkPlayerEventMap[K]): void;
  on<K extends ChunkPlayerEvent>(type: K, listener: (detail: ChunkPlayerEventMap[K]) => void): () => void;
}

function createEmitter(): Emitter {
  const listeners = { firstframe: new Set(), stall: new Set(), resume: new Set(), boundary: new Set(), error: new Set(), ended: new Set() } as Listeners;
  return {
    emit(type, detail) { for (const listener of listeners[type]) (listener as (value: typeof detail) => void)(detail); },
    on(type, listener) {
      (listeners[type] as Set<typeof listener>).add(listener);
      return () => void (listeners[type] as Set<typeof listener>).delete(listener);
    },
  };
}

type MediaSourceClass = typeof MediaSource;

function mediaSourceClass(): MediaSourceClass | undefined {
  const scope = globalThis as unknown as { ManagedMediaSource?: MediaSourceClass; MediaSource?: MediaSourceClass };
  return scope.ManagedMediaSource ?? scope.MediaSource;
}

const once = (target: EventTarget, type: string): Promise<void> => new Promise((resolve) => target.addEventListener(type, () => resolve(), { once: true }));

/** Span of a chunk's video on its own timeline, seconds. */
function videoSpan(layout: ChunkLayout, init: ChunkLayout): { start: number; duration: number } | undefined {
  const track = init.tracks.find((candidate) => candidate.kind === 'video') ?? init.tracks[0];
  const fragment = track && layout.fragments.get(track.trackId);
  if (!track || !fragment) return undefined;
  return { start: fragment.decodeTime / track.timescale, duration: fragment.duration / track.timescale };
}

/** Watches presented frames (requestVideoFrameCallback): first frame, and the gap at each chunk boundary. */
function watchFrames(video: HTMLVideoElement, started: number, starts: () => readonly number[], emitter: Emitter): void {
  const withCallback = video as HTMLVideoElement & { requestVideoFrameCallback?: (callback: (now: number, metadata: { mediaTime: number; presentationTime: number; expectedDisplayTime: number }) => void) => number };
  let first = true;
  let lastChunk = -1;
  let lastPresented = 0;
  const chunkAt = (mediaTime: number): number => {
    const list = starts();
    let index = -1;
    for (let i = 0; i < list.length; i++) if (mediaTime + 1e-3 >= (list[i] as number)) index = i;
    return index;
  };
  if (!withCallback.requestVideoFrameCallback) {
    video.addEventListener('playing', () => { if (first) { first = false; emitter.emit('firstframe', { ms: performance.now() - started }); } }, { once: true });
    return;
  }
  const onFrame = (_now: number, metadata: { mediaTime: number; presentationTime: number; expectedDisplayTime: number }): void => {
    if (first) {
      first = false;
      emitter.emit('firstframe', { ms: metadata.presentationTime - started });
    }
    const chunk = chunkAt(metadata.mediaTime);
    if (lastChunk >= 0 && chunk > lastChunk) emitter.emit('boundary', { chunk, gapMs: metadata.presentationTime - lastPresented });
    lastChunk = chunk;
    lastPresented = metadata.presentationTime;
    withCallback.requestVideoFrameCallback?.(onFrame);
  };
  withCallback.requestVideoFrameCallback(onFrame);
}

function watchStalls(video: HTMLVideoElement, chunkNow: () => number, isDone: () => boolean, emitter: Emitter): void {
  let stalledAt: number | undefined;
  let played = false;
  video.addEventListener('playing', () => {
    played = true;
    if (stalledAt !== undefined) emitter.emit('resume', { chunk: chunkNow(), ms: performance.now() - stalledAt });
    stalledAt = undefined;
  });
  video.addEventListener('waiting', () => {
    if (!played || stalledAt !== undefined || isDone()) return;
    stalledAt = performance.now();
    emitter.emit('stall', { chunk: chunkNow(), atSec: video.currentTime });
  });
}

export function createChunkPlayer(video: HTMLVideoElement, options: ChunkPlayerOptions = {}): ChunkPlayer {
  const Source = options.forceSwap ? undefined : mediaSourceClass();
  return Source ? createMsePlayer(video, Source, options) : createSwapPlayer(video, options);
}

/**
 * One chunk's download: its bytes as they arrive (appended to the SourceBuffer while the rest is still
 * on its way, so the first frame needs only the first fragment's first samples).
 */
class Download {
  readonly parts: Array<Uint8Array<ArrayBuffer>> = [];
  done = false;
  error: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(readonly url: string, signal: AbortSignal) {
    this.finished = this.run(signal);
  }

  readonly finished: Promise<void>;

  private async run(signal: AbortSignal): Promise<void> {
    try {
      const response = await fetch(this.url, { signal });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      const reader = response.body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        this.parts.push(value as Uint8Array<ArrayBuffer>);
        this.notify();
      }
    } catch (error) {
      this.error = error instanceof Error ? error : new Error(String(error));
    }
    this.done = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Resolves when more bytes (or the end) arrive after `seen` parts. */
  async more(seen: number): Promise<void> {
    if (this.parts.length > seen || this.done) return;
    await new Promise<void>((resolve) => { this.wake = resolve; });
  }
}

const concat = (parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** Bytes up to the end of the first moof and the mdat header after it (enough to know the chunk's timing), if they are there. */
function headLength(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + 8 <= bytes.length;) {
    const size = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4] as number, bytes[at + 5] as number, bytes[at + 6] as number, bytes[at + 7] as number);
    if (type === 'moof') return at + size <= bytes.length ? at + size : undefined;
    if (size < 8) return undefined;
    at += size;
  }
  return undefined;
}

/** Media buffered ahead before playback starts, seconds. */
const START_AHEAD_SEC = 1;

function createMsePlayer(video: HTMLVideoElement, Source: MediaSourceClass, options: ChunkPlayerOptions): ChunkPlayer {
  const emitter = createEmitter();
  const started = performance.now();
  const fetchAhead = Math.max(1, options.fetchAhead ?? 2);
  const keepBehind = options.keepBehindSec ?? 10;
  const source = new Source();
  // iOS Safari plays a ManagedMediaSource only with remote playback (AirPlay) disabled.
  video.disableRemotePlayback = true;
  const objectUrl = URL.createObjectURL(source);
  video.src = objectUrl;
  const urls: string[] = [];
  const downloads: Download[] = [];
  const starts: number[] = []; // each appended chunk's start on the media timeline
  const abort = new AbortController();
  let ended = false;
  let appending = false;
  let downloading = false;
  let appended = 0;
  let destroyed = false;
  let buffer: SourceBuffer | undefined;
  let init: { bytes: Uint8Array<ArrayBuffer>; layout: ChunkLayout; type: string } | undefined;
  let cursor: number | undefined;
  const opened = once(source, 'sourceopen');
  let wakeAppender: (() => void) | undefined;
  let playing = false;
  source.addEventListener('startstreaming', () => void fetchLoop());
  /** Seconds of media buffered from the playhead on. */
  const bufferedAhead = (): number => {
    const ranges = video.buffered;
    for (let i = 0; i < ranges.length; i++) if (ranges.end(i) > video.currentTime && ranges.start(i) <= video.currentTime + 0.1) return ranges.end(i) - video.currentTime;
    return 0;
  };

  // Downloads one at a time (a link shared by two downloads delays the one needed first), at most
  // `fetchAhead` chunks past the one being appended.
  async function fetchLoop(): Promise<void> {
    if (downloading) return;
    downloading = true;
    try {
      // A ManagedMediaSource says when it wants data (`streaming`); a MediaSource always does.
      while (!destroyed && downloads.length < urls.length && downloads.length <= appended + fetchAhead && (source as { streaming?: boolean }).streaming !== false) {
        const download = new Download(urls[downloads.length] as string, abort.signal);
        downloads.push(download);
        wakeAppender?.();
        await download.finished;
      }
    } finally {
      downloading = false;
    }
  }

  const update = async (action: (target: SourceBuffer) => void): Promise<void> => {
    const target = buffer as SourceBuffer;
    const done = new Promise<void>((resolve, reject) => {
      const onEnd = (): void => { target.removeEventListener('error', onError); resolve(); };
      const onError = (): void => { target.removeEventListener('updateend', onEnd); reject(new Error('the browser could not append it')); };
      target.addEventListener('updateend', onEnd, { once: true });
      target.addEventListener('error', onError, { once: true });
    });
    action(target);
    await done;
  };

  const appendBytes = async (bytes: Uint8Array<ArrayBuffer>): Promise<void> => {
    if (bytes.length === 0) return;
    try {
      await update((target) => target.appendBuffer(bytes));
    } catch (error) {
      if ((error as DOMException).name !== 'QuotaExceededError') throw error;
      await evict();
      await update((target) => target.appendBuffer(bytes));
    }
  };

  const evict = async (): Promise<void> => {
    if (!buffer || buffer.buffered.length === 0) return;
    const before = video.currentTime - keepBehind;
    if (before > buffer.buffered.start(0) + 1) await update((target) => target.remove(0, before));
  };

  /** The chunk's initialization section (when new) and its placement on the timeline, from its first bytes. */
  async function placeChunk(head: Uint8Array<ArrayBuffer>): Promise<{ layout: ChunkLayout; offset: number; skip: number }> {
    const layout = readChunkLayout(head);
    let skip = 0;
    if (layout.initEnd > 0) {
      skip = layout.initEnd;
      const type = `video/mp4; codecs="${layout.tracks.map((track) => track.codec).filter(Boolean).join(', ')}"`;
      const sameInit = init && init.bytes.length === layout.initEnd && init.bytes.every((byte, i) => byte === head[i]);
      if (!sameInit) {
        if (!buffer) {
          buffer = source.addSourceBuffer(type);
          buffer.mode = 'segments';
        } else if (init && init.type !== type && 'changeType' in buffer) buffer.changeType(type);
        init = { bytes: head.slice(0, layout.initEnd), layout, type };
        buffer.timestampOffset = 0;
        await appendBytes(init.bytes);
      }
    }
    if (!init || !buffer) throw new Error('no initialization section before it');
    const span = videoSpan(layout, init.layout);
    if (!span) throw new Error('no video fragment in it');
    cursor ??= span.start;
    let offset = cursor - span.start;
    // A conversation's chunks are already on one timeline: no shift, no cut (their audio may begin
    // before their video, where the chunk before stopped it). Other chunks are moved to the end of the
    // one before and cut where it ends (their audio priming falls before the window).
    const onTimeline = Math.abs(offset) < 0.001;
    if (onTimeline) offset = 0;
    buffer.timestampOffset = offset;
    buffer.appendWindowEnd = Infinity;
    buffer.appendWindowStart = onTimeline ? 0 : cursor;
    return { layout, offset, skip };
  }

  async function appendChunk(index: number, download: Download): Promise<void> {
    // Wait for the head (through the first moof), then feed the rest as it arrives.
    let seen = 0;
    let head: Uint8Array<ArrayBuffer> | undefined;
    let headEnd: number | undefined;
    while (headEnd === undefined) {
      await download.more(seen);
      seen = download.parts.length;
      head = concat(download.parts);
      headEnd = headLength(head);
      if (download.done && headEnd === undefined) {
        if (download.error) throw download.error;
        headEnd = head.length;
      }
    }
    const { offset, skip } = await placeChunk(head as Uint8Array<ArrayBuffer>);
    starts[index] = cursor as number;
    await appendBytes((head as Uint8Array<ArrayBuffer>).subarray(skip));
    // The first frame shows as soon as it is appended; playback starts with a little media ahead (or the
    // whole first chunk), so appends that fall behind for a moment do not stall it at once.
    const startIfReady = (): void => {
      if (playing || options.autoplay === false) return;
      if (download.done || bufferedAhead() >= START_AHEAD_SEC) {
        playing = true;
        void video.play().catch(() => undefined);
      }
    };
    startIfReady();
    while (!download.done || download.parts.length > seen) {
      await download.more(seen);
      const fresh = download.parts.slice(seen);
      seen += fresh.length;
      await appendBytes(concat(fresh));
      startIfReady();
    }
    startIfReady();
    if (download.error) throw download.error;
    // Where the next chunk goes: after this one's video, all its fragments counted.
    const layout = readChunkLayout(concat(download.parts));
    const span = videoSpan(layout, (init as { layout: ChunkLayout }).layout);
    if (!span) throw new Error('no video fragment in it');
    cursor = span.start + offset + span.duration;
    if (index === 0 && video.currentTime < span.start + offset) video.currentTime = span.start + offset;
  }

  async function pump(): Promise<void> {
    if (appending || destroyed) return;
    appending = true;
    try {
      await opened;
      while (appended < urls.length && !destroyed) {
        void fetchLoop();
        const index = appended;
        while (!downloads[index]) await new Promise<void>((resolve) => { wakeAppender = resolve; });
        try {
          await evict();
          await appendChunk(index, downloads[index] as Download);
        } catch (error) {
          emitter.emit('error', { chunk: index, url: urls[index] as string, message: error instanceof Error ? error.message : String(error) });
        }
        appended++;
      }
      if (ended && appended === urls.length && source.readyState === 'open') {
        if (buffer?.updating) await once(buffer, 'updateend');
        source.endOfStream();
      }
    } finally {
      appending = false;
    }
    if (appended < urls.length || (ended && source.readyState === 'open')) void pump();
  }

  const chunkNow = (): number => {
    let index = 0;
    for (let i = 0; i < starts.length; i++) if (starts[i] !== undefined && video.currentTime + 0.1 >= (starts[i] as number)) index = i;
    return index;
  };
  watchFrames(video, started, () => starts, emitter);
  watchStalls(video, chunkNow, () => ended && appended === urls.length && video.ended, emitter);
  video.addEventListener('ended', () => { if (ended) emitter.emit('ended', {}); });

  return {
    mode: 'mse',
    enqueue(url) {
      if (ended) throw new Error('the player has ended: enqueue() after end()');
      urls.push(new URL(url, document.baseURI).href);
      void pump();
    },
    end() {
      ended = true;
      void pump();
    },
    on: emitter.on,
    destroy() {
      destroyed = true;
      abort.abort();
      video.removeAttribute('src');
      video.load();
      URL.revokeObjectURL(objectUrl);
    },
  };
}

/** Where MSE is missing: two elements take turns, the next chunk preloaded in the hidden one. */
function createSwapPlayer(video: HTMLVideoElement, options: ChunkPlayerOptions): ChunkPlayer {
  const emitter = createEmitter();
  const started = performance.now();
  const spare = video.cloneNode(false) as HTMLVideoElement;
  spare.style.display = 'none';
  video.after(spare);
  const elements = [video, spare];
  const urls: string[] = [];
  let playing = -1;
  let ended = false;
  let firstShown = false;
  let lastFrameAt = 0;

  const load = (element: HTMLVideoElement, index: number): void => {
    element.preload = 'auto';
    element.src = urls[index] as string;
    element.load();
  };
  const advance = (): void => {
    const next = playing + 1;
    if (next >= urls.length) {
      if (ended && playing >= 0) emitter.emit('ended', {});
      return;
    }
    const current = elements[playing % 2] as HTMLVideoElement | undefined;
    const upcoming = elements[next % 2] as HTMLVideoElement;
    if (playing < 0 || upcoming.src !== urls[next]) load(upcoming, next);
    playing = next;
    if (current) current.style.display = 'none';
    upcoming.style.display = '';
    void upcoming.play().catch(() => undefined);
    upcoming.addEventListener('playing', () => {
      const now = performance.now();
      if (!firstShown) {
        firstShown = true;
        emitter.emit('firstframe', { ms: now - started });
      } else emitter.emit('boundary', { chunk: next, gapMs: now - lastFrameAt });
    }, { once: true });
    // Preload the one after in the element just freed.
    if (current && next + 1 < urls.length) load(current, next + 1);
  };
  for (const [i, element] of elements.entries()) {
    element.addEventListener('ended', () => {
      lastFrameAt = performance.now();
      if (playing % 2 === i) advance();
    });
    element.addEventListener('error', () => {
      if (playing % 2 !== i) return;
      emitter.emit('error', { chunk: playing, url: urls[playing] as string, message: element.error?.message || 'the browser could not play it' });
      advance();
    });
  }
  return {
    mode: 'swap',
    enqueue(url) {
      if (ended) throw new Error('the player has ended: enqueue() after end()');
      urls.push(new URL(url, document.baseURI).href);
      if (playing < 0 && options.autoplay !== false) advance();
      else if (playing >= 0 && (elements[playing % 2] as HTMLVideoElement).ended) advance();
      else if (urls.length === playing + 2) load(elements[(playing + 1) % 2] as HTMLVideoElement, playing + 1);
    },
    end() {
      ended = true;
    },
    on: emitter.on,
    destroy() {
      for (const element of elements) {
        element.pause();
        element.removeAttribute('src');
      }
      spare.remove();
    },
  };
}
