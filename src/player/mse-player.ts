// The player on Media Source Extensions: every chunk appended to one SourceBuffer in `segments` mode,
// while it downloads (see chunk-player.ts for what it promises).
import { Download, concat, headLength } from './download.js';
import { createEmitter } from './emitter.js';
import { bufferedAheadOf, bufferedEndOf, createLiveEdge } from './live-edge.js';
import { type ChunkLayout, readChunkLayout } from './mp4-boxes.js';
import type { ChunkPlayer, ChunkPlayerOptions, EnqueueOptions } from './types.js';
import { watchFrames, watchStalls } from './watch-playback.js';

export type MediaSourceClass = typeof MediaSource;

export function mediaSourceClass(): MediaSourceClass | undefined {
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

/** Media buffered ahead before playback starts, seconds. */
const START_AHEAD_SEC = 1;
/**
 * The same for a chunk arriving in parts (live): a little less than a second — the next sentence's first
 * part comes ~0.6 s after its generator starts (a process starting, a third of a second of video), and
 * the sentence before leaves its last ~0.1 s of audio to it.
 */
const PART_START_AHEAD_SEC = 0.75;

export function createMsePlayer(video: HTMLVideoElement, Source: MediaSourceClass, options: ChunkPlayerOptions): ChunkPlayer {
  const emitter = createEmitter();
  /** When the first chunk was enqueued: first-frame time counts from the viewer's request, not from the page. */
  let started: number | undefined;
  const fetchAhead = Math.max(1, options.fetchAhead ?? 2);
  const keepBehind = options.keepBehindSec ?? 10;
  const source = new Source();
  // iOS Safari plays a ManagedMediaSource only with remote playback (AirPlay) disabled.
  video.disableRemotePlayback = true;
  const objectUrl = URL.createObjectURL(source);
  video.src = objectUrl;
  // What was enqueued: whole chunks, or parts of one (byte ranges); `chunk` is the chunk each belongs to.
  const urls: Array<{ url: string; range: EnqueueOptions['range']; chunk: number }> = [];
  let chunks = 0;
  const downloads: Download[] = [];
  const starts: number[] = []; // each chunk's start on the media timeline
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
  const bufferedAhead = (): number => bufferedAheadOf(video);

  // Downloads one at a time (a link shared by two downloads delays the one needed first), at most
  // `fetchAhead` chunks past the one being appended.
  async function fetchLoop(): Promise<void> {
    if (downloading) return;
    downloading = true;
    try {
      // A ManagedMediaSource says when it wants data (`streaming`); a MediaSource always does.
      while (!destroyed && downloads.length < urls.length && downloads.length <= appended + fetchAhead && (source as { streaming?: boolean }).streaming !== false) {
        const unit = urls[downloads.length] as { url: string; range: EnqueueOptions['range'] };
        const download = new Download(unit.url, abort.signal, unit.range);
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
    edge.appended();
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
    if (!span) {
      // Audio only: a conversation's closing audio (the last frames of the chunk before). It goes where
      // the chunk before put its media; the video's last frame is held while it plays.
      if (cursor === undefined) throw new Error('no video fragment in it');
      return { layout, offset: buffer.timestampOffset, skip };
    }
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
    const chunk = (urls[index] as { chunk: number }).chunk;
    starts[chunk] ??= cursor as number;
    await appendBytes((head as Uint8Array<ArrayBuffer>).subarray(skip));
    // The first frame shows as soon as it is appended; playback starts with a little media ahead (or the
    // whole first chunk), so appends that fall behind for a moment do not stall it at once.
    const startIfReady = (): void => {
      if (playing || options.autoplay === false) return;
      // A whole chunk downloaded is enough to start; a part (a third of a second of a chunk still being
      // written) is not: a live start waits for START_AHEAD_SEC, the room the next chunk's first part needs.
      const whole = download.done && download.range === undefined;
      const last = ended && index === urls.length - 1 && download.done;
      if (whole || last || bufferedAhead() >= Math.max(download.range === undefined ? START_AHEAD_SEC : PART_START_AHEAD_SEC, edge.neededAhead())) {
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
    if (!span) return; // audio only: the next chunk still goes after the last video
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
          emitter.emit('error', { chunk: (urls[index] as { chunk: number }).chunk, url: (urls[index] as { url: string }).url, message: error instanceof Error ? error.message : String(error) });
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
  watchFrames(video, () => started, () => starts, emitter);
  const stalls = watchStalls(video, chunkNow, () => ended && appended === urls.length && video.ended, emitter);
  const edge = createLiveEdge(video, {
    growingStart: () => {
      const last = urls.at(-1);
      const start = last && starts[last.chunk];
      // Parts of a chunk are enqueued as it is written; whole chunks are all there once downloaded.
      return ended || last?.range === undefined || start === undefined ? undefined : { chunk: last.chunk, start };
    },
    starts: () => starts,
    live: () => playing && !ended,
    onHeld: () => stalls.held(),
  }, { marginSec: options.liveMarginSec ?? 0.25, maxMarginSec: options.maxLiveMarginSec ?? 2 });
  video.addEventListener('ended', () => { if (ended) emitter.emit('ended', {}); });

  return {
    mode: 'mse',
    enqueue(url, enqueueOptions = {}) {
      if (ended) throw new Error('the player has ended: enqueue() after end()');
      started ??= performance.now();
      const chunk = enqueueOptions.continues && urls.length > 0 ? (urls.at(-1) as { chunk: number }).chunk : chunks++;
      urls.push({ url: new URL(url, document.baseURI).href, range: enqueueOptions.range, chunk });
      void pump();
    },
    end() {
      ended = true;
      void pump();
      edge.resume();
    },
    on: emitter.on,
    latencySec: () => Math.max(0, bufferedEndOf(video) - video.currentTime),
    liveMarginSec: () => edge.margin(),
    destroy() {
      destroyed = true;
      abort.abort();
      video.removeAttribute('src');
      video.load();
      URL.revokeObjectURL(objectUrl);
    },
  };
}
