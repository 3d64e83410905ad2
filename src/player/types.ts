// The player's public types: options, events and the player itself. Browser code, no imports.

export interface ChunkPlayerOptions {
  /** Chunks fetched ahead of the one playing (default 2). */
  fetchAhead?: number;
  /** Seconds of played media kept behind the playhead; older data is evicted (default 10). */
  keepBehindSec?: number;
  /** Start playing as soon as the first chunk is buffered (default true; browsers may require muted video). */
  autoplay?: boolean;
  /** Use two swapping <video> elements even where MSE exists (default false). */
  forceSwap?: boolean;
  /**
   * A live margin (MSE): after playback ran out of data (the viewer caught up with the newest chunk),
   * it resumes this many seconds after the data is back, so the viewer stays that far behind the live
   * edge; each further run-out doubles it, up to `maxLiveMarginSec`. Default 0.25 (0: resume at once,
   * and no pauses for a slow generator). Parts of a chunk written slower than real time are also played
   * only with as much ahead as plays the chunk to its end at the generator's pace (live-edge.ts).
   */
  liveMarginSec?: number;
  /** The largest live margin, s (default 2). */
  maxLiveMarginSec?: number;
}

export interface ChunkPlayerEventMap {
  /** The first frame is on screen: whole milliseconds since the first `enqueue()`. */
  firstframe: { ms: number };
  /** Playback waits for data (a stall, or a pause of the player's own at a slow generator's boundary) at chunk `chunk`; `resume` follows with how long it lasted. */
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

/** What to fetch of an enqueued URL, and whether it goes on the chunk before. */
export interface EnqueueOptions {
  /** Only these bytes of the URL (an LL-HLS part: a byte range of its chunk's file). */
  range?: { offset: number; length: number };
  /**
   * It is the next part of the chunk enqueued before (events count it with that chunk). Needs MSE:
   * `mode === 'mse'`.
   */
  continues?: boolean;
}

export interface ChunkPlayer {
  /** 'mse' (one timeline, gapless; plays parts) or 'swap' (two elements, where MSE is missing; whole chunks only). */
  readonly mode: 'mse' | 'swap';
  /**
   * The next chunk's URL: a fragmented MP4 (a streamprep conversation chunk, or any CMAF/fMP4 file) — or,
   * with a range, a part of one (its first part from byte 0, so that it holds the initialization section).
   */
  enqueue(url: string, options?: EnqueueOptions): void;
  /** No more chunks: the stream ends after the last one. */
  end(): void;
  /** How far the viewer is behind the newest media the player holds, s (the live latency). */
  latencySec(): number;
  /** The live margin now in force, s (grows after each run-out of data). */
  liveMarginSec(): number;
  on<K extends ChunkPlayerEvent>(type: K, listener: (detail: ChunkPlayerEventMap[K]) => void): () => void;
  /** Stops fetching, releases the media source. */
  destroy(): void;
}
