// A chunk published while it is written: its live encode's fragments and audio samples collected as they
// come (LiveFeed), then — once the chunk is next on the timeline — each fragment published as a part
// with the conversation's audio that is out by then, and the chunk closed when its encode ends.
import { createHash } from 'node:crypto';
import { FragmentStreamReader, type StreamFragment, type StreamTrack } from '../mp4/fragment-stream.js';
import { withoutBitrate } from '../mp4/write/sample-description.js';
import { type TimelineState, chunkAudioOf } from './assembler.js';
import type { AudioEncoder } from './audio-encoder.js';
import type { ChunkSource } from './log.js';
import { type LiveVideo, closeLiveChunk, openChunkEnd, placePart } from './parts.js';
import type { ConversationStore } from './store.js';
import { AAC_FRAME, ENCODER_LAG } from './timeline.js';

/** What a live encode hands over as it runs: fragments of its video and its audio samples. */
export class LiveFeed {
  readonly fragments: StreamFragment[] = [];
  track: StreamTrack | undefined;
  /** Interleaved float samples not yet fed to the conversation's encoder. */
  private samples: Float32Array[] = [];
  private spare = new Uint8Array(0);
  available = 0;
  ended = false;
  problem: string | undefined;
  private readonly reader = new FragmentStreamReader();
  private wake: (() => void) | undefined;

  constructor(private readonly channels: number) {}

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** The stream's bytes have all been read: the fragments still to come are the chunk's last. */
  inputEnded = false;
  /** The encode's fragment output has ended. */
  fragmentsEnded = false;

  readonly onInputEnd = (): void => {
    this.inputEnded = true;
  };

  /** The encode's fragment bytes (an empty chunk: their end). */
  readonly onFragments = (chunk: Uint8Array): void => {
    if (chunk.length === 0) {
      this.fragmentsEnded = true;
      this.notify();
      return;
    }
    if (this.problem) return;
    try {
      const { track, fragments } = this.reader.push(chunk);
      this.track = track ?? this.track;
      this.fragments.push(...fragments);
    } catch (error) {
      this.problem = (error as Error).message;
    }
    this.notify();
  };

  /** The encode's audio samples (float bytes, in pieces that may split a sample). */
  readonly onPcm = (chunk: Uint8Array): void => {
    const bytes = new Uint8Array(this.spare.length + chunk.length);
    bytes.set(this.spare);
    bytes.set(chunk, this.spare.length);
    const whole = bytes.length - (bytes.length % (4 * this.channels));
    this.spare = bytes.slice(whole);
    if (whole > 0) {
      this.samples.push(new Float32Array(bytes.slice(0, whole).buffer));
      this.available += whole / 4 / this.channels;
    }
  };

  /** The encode is over: nothing more comes. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  /** Resolves when something new came (or the feed ended). */
  next(): Promise<void> {
    if (this.fragments.length > 0 || this.ended) return Promise.resolve();
    return new Promise((resolve) => { this.wake = resolve; });
  }

  /**
   * Whether the fragment just taken is the chunk's last: once the input has ended, nothing queued after
   * it and the encode's output ends within `maxMs` (a part written while the stream still arrives never waits).
   */
  async isLast(maxMs: number): Promise<boolean> {
    if (!this.inputEnded || this.fragments.length > 0) return false;
    const until = performance.now() + maxMs;
    while (!this.fragmentsEnded && !this.ended && this.fragments.length === 0 && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    return (this.fragmentsEnded || this.ended) && this.fragments.length === 0;
  }

  /** Resolves once `count` samples per channel are waiting (or the feed ended, or `maxMs` passed): the encode writes a part's audio about when its video. */
  async samplesFor(count: number, maxMs: number): Promise<void> {
    const until = performance.now() + maxMs;
    while (this.available < count && !this.ended && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** Every sample not taken yet, as float bytes (for a chunk placed whole after all: no part came of it). */
  takeAll(): Uint8Array[] {
    const all = this.samples.map((piece) => new Uint8Array(piece.buffer, piece.byteOffset, piece.byteLength));
    this.samples = [];
    this.available = 0;
    return all;
  }

  /** Up to `count` samples per channel (fewer when fewer came), interleaved. */
  take(count: number): Float32Array {
    const want = Math.max(0, Math.min(count, this.available)) * this.channels;
    const out = new Float32Array(want);
    let at = 0;
    while (at < want) {
      const head = this.samples[0] as Float32Array;
      const piece = head.subarray(0, want - at);
      out.set(piece, at);
      at += piece.length;
      if (piece.length === head.length) this.samples.shift();
      else this.samples[0] = head.subarray(piece.length);
    }
    this.available -= want / this.channels;
    return out;
  }
}

/** How long a part waits for its audio samples, then for the encoder's frames of them, ms (bounded: a late frame goes with the next part). */
const PCM_WAIT_MS = 100;
/** How long a fragment that came after the input ended waits to learn whether it is the encode's last, ms. */
const LAST_WAIT_MS = 60;
const SETTLE_QUIET_MS = 20;
const SETTLE_MAX_MS = 100;
const SEGMENT_END_MAX_MS = 500;

export interface LivePublishing {
  store: ConversationStore;
  encoderFor: (state: TimelineState) => AudioEncoder;
  audioConfig: Uint8Array;
  /**
   * Times of the chunk (s) where a segment ends: the part that ends there is published with its audio
   * complete, once the next fragment is there, and the part after it starts a new segment.
   */
  segmentEndsSec?: readonly number[] | undefined;
  /** A part is out: its chunk, byte range and duration; `first`: the chunk's first (its file's initialization section before it). */
  onPart: (part: { chunk: number; file: string; offset: number; bytes: number; durationSec: number; independent: boolean; first: boolean }) => void;
}

/**
 * Publishes the feed's fragments as parts until the encode ends, then closes the chunk; the chunk's
 * audio goes to the conversation's encoder as its video is published (never ahead of it). Resolves with
 * whether any part was published (a feed that never had a frame publishes nothing).
 */
export async function publishLive(feed: LiveFeed, source: ChunkSource, publishing: LivePublishing): Promise<{ parts: number; problem: string | undefined }> {
  const { store } = publishing;
  const channels = store.state.channels;
  const fed: Float32Array[] = [];
  let fedSamples = 0;
  const hash = createHash('sha256');
  let video: LiveVideo | undefined;
  let parts = 0;
  /** Feeds this chunk's samples to the encoder up to `limit` per channel (silence past what came, when `pad`). */
  const feedUpTo = (limit: number, pad: boolean): void => {
    const want = limit - fedSamples;
    if (want <= 0) return;
    let chosen = feed.take(want);
    if (pad) chosen = chunkAudioOf(chosen, want, channels, ((store.state.open?.start ?? store.state.position) + fedSamples) * channels);
    if (chosen.length === 0) return;
    publishing.encoderFor(store.state).write(chosen);
    fed.push(chosen);
    fedSamples += chosen.length / channels;
  };
  // The encoder starts now, not with the first fragment: its process start is not on a part's way.
  publishing.encoderFor(store.state);
  /** The part before ended a segment with its audio complete: this one may start the next. */
  let segmentEnded = false;
  const endOf = (fragment: StreamFragment): number => fragment.decodeTime + fragment.samples.reduce((sum, sample) => sum + sample.duration, 0);
  for (;;) {
    await feed.next();
    if (feed.problem) break;
    while (feed.fragments.length > 0) {
      const fragment = feed.fragments.shift() as StreamFragment;
      if (fragment.samples.length === 0) continue;
      const track = feed.track as StreamTrack;
      video ??= { timescale: track.timescale, stsd: withoutBitrate(track.stsd), width: track.width, height: track.height, firstPts: fragment.decodeTime + (fragment.samples[0]?.ctsOffset ?? 0) };
      const state = store.state;
      const chunkStart = state.open?.start ?? state.position;
      const toSamples = (sourceTime: number): number => Math.max(0, Math.round((((sourceTime - (video as LiveVideo).firstPts) / track.timescale) * state.rate)));
      // The chunk's audio up to where its video now ends, then what the encoder makes of it (it holds
      // two frames back): a part carries its own audio but for those, not a part's worth less.
      const limit = toSamples(endOf(fragment));
      // A part that ends where a segment should ends it: it waits for the next fragment (the chunk's video
      // reaches that far, so its audio may be fed past this part's end) and goes out with its audio to its end.
      const endsSegment = (publishing.segmentEndsSec ?? []).some((at) => Math.abs(limit / state.rate - at) < 0.5 / 18);
      let reach = limit;
      if (endsSegment) {
        while (feed.fragments.length === 0 && !feed.ended && !feed.problem) await feed.next();
        const next = feed.fragments[0];
        // Frames out cover the timeline up to (⌊fed / 1024⌋ − ENCODER_LAG − 1) · 1024: feed far enough for this part's end.
        const needed = (Math.ceil((chunkStart + limit) / AAC_FRAME) + ENCODER_LAG + 1) * AAC_FRAME - chunkStart;
        if (next) reach = Math.min(toSamples(endOf(next)), needed);
      }
      // The chunk's last part carries its audio up to its end (silence where the source's stops short).
      const last = await feed.isLast(LAST_WAIT_MS);
      await feed.samplesFor(reach - fedSamples, PCM_WAIT_MS);
      feedUpTo(reach, last);
      const encoder = publishing.encoderFor(store.state);
      // (A segment's end waits for its frames: up to half a second.)
      await (endsSegment ? encoder.settle(SEGMENT_END_MAX_MS, SEGMENT_END_MAX_MS) : encoder.settle(SETTLE_QUIET_MS, SETTLE_MAX_MS));
      const audioFrames = encoder.frames.slice(store.state.nextFrame - encoder.firstFrame);
      const placement = placePart(store.state, {
        video, decodeTime: fragment.decodeTime, samples: fragment.samples, audioFrames, audioConfig: publishing.audioConfig, currentInit: parts === 0 ? await store.initBytes() : undefined,
        segmentStart: segmentEnded, source,
      });
      // Its audio reaches its video's end (conversation frame j ends at timeline sample j·1024, frame 0
      // being the priming): the next part may start a segment.
      segmentEnded = endsSegment && (placement.entry.nextFrame - 1) * AAC_FRAME >= chunkStart + limit;
      await store.placePart(placement);
      hash.update(placement.append);
      parts++;
      publishing.onPart({ chunk: placement.entry.chunk, file: placement.file, offset: placement.entry.offset, bytes: placement.entry.bytes, durationSec: placement.entry.durationSec, independent: placement.entry.independent, first: placement.entry.first !== undefined });
    }
    if (feed.ended) break;
  }
  if (parts === 0) return { parts, problem: feed.problem };
  // The chunk ends where its video does: its audio is cut or padded to that.
  const open = store.state.open;
  if (open) {
    feedUpTo(openChunkEnd(store.state) - open.start, true);
    const chunkAudio = new Float32Array(fed.reduce((sum, piece) => sum + piece.length, 0));
    let at = 0;
    for (const piece of fed) {
      chunkAudio.set(piece, at);
      at += piece.length;
    }
    await store.closeChunk(closeLiveChunk(store.state, { source, chunkAudio, sha256: hash.digest('hex') }));
  }
  return { parts, problem: feed.problem };
}
