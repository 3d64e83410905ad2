// What a conversation is to its callers: its options, events, reports and methods, and what it needs of
// an optimizer (createConversation in conversation.ts builds one). Types, and the name rule.
import { UsageError } from '../errors.js';
import type { Toolchain } from '../binaries/toolchain.js';
import type { Preset } from '../presets/preset.js';
import type { Cause } from '../report/causes.js';
import type { FileReport } from '../report/types.js';
import type { DeferredOutput } from '../pipeline/deferred-audio.js';
import type { PublishedChunk } from './assembler.js';
import type { ChunkSource } from './log.js';

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

/** What a front end enqueues for a part: `player.enqueue(url, { range, continues })`. */
export interface PartEnqueue {
  range: { offset: number; length: number };
  continues: boolean;
}

/** A part as the player takes it: the chunk's first part from byte 0 (its initialization section with it), the others on their own. */
export const partEnqueue = (part: { offset: number; bytes: number; first: boolean }): PartEnqueue =>
  part.first ? { range: { offset: 0, length: part.offset + part.bytes }, continues: false } : { range: { offset: part.offset, length: part.bytes }, continues: true };

export type ConversationEvent =
  /** A chunk is on the timeline (`report` undefined: the closing audio of a conversation ended late; `resumed`: placed by an earlier run). */
  /** `url`: the chunk's file relative to the conversation folder's parent, URL-encoded — what a backend forwards to the page. */
  | { type: 'published'; conversation: string; chunk: PublishedChunk; url: string; report: FileReport | undefined; resumed?: true }
  | { type: 'left-out'; conversation: string; input: string; cause: LeftOutCause; reason: string; report: FileReport | undefined }
  /**
   * A part of chunk `chunk` is out (live): `url` as for `published`, `offset`/`bytes` its byte range;
   * `range` and `continues` are what the player's `enqueue(url, { range, continues })` takes (a chunk's
   * first part from byte 0, with its initialization section).
   */
  | { type: 'part'; conversation: string; chunk: number; url: string; offset: number; bytes: number; durationSec: number; independent: boolean } & PartEnqueue
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
  /** How much media each part holds, s (default PART_SEC, 1/3: six frames at 18 fps). */
  partSec?: number | undefined;
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

/** What a live encode hands its video through: fragments of `partSec` (see LiveFragments in optimize/optimizer.ts). */
export interface LiveFragmentTap {
  partSec: number;
  keyframeAtSec?: number | undefined;
  onFragments: (chunk: Uint8Array) => void;
  onInputEnd: () => void;
}

/**
 * What an encode running elsewhere hands a chunk's parts through (watch following a file as it is
 * written): give `onPcm` and `live` to the encode (OptimizeCallOptions.onPcm, LiveFragments), call
 * `end()` once it is over.
 */
export interface LiveTap {
  readonly onPcm: (chunk: Uint8Array) => void;
  readonly live: LiveFragmentTap;
  end(): void;
}

export interface AppendLiveOptions extends AppendOptions {
  /** The input file (what the chunk is named after on the timeline). */
  input: string;
  /** The tapped encode's report. */
  attempt: Promise<FileReport>;
  /** The chunk's final report (after any retry): placed whole from it when the taps held no part. */
  report: Promise<FileReport>;
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
  /** Taps for a chunk encoded elsewhere as it is written (`keyframe`: it may be the conversation's first). */
  tapLive(options: { keyframe: boolean }): LiveTap;
  /**
   * The next chunk, encoded elsewhere through `taps` as it is written (watch following a file): published
   * in parts from them once the chunks before it are on the timeline, as appendStream's; when they held
   * no part (the encode failed before its first), placed whole from its final report.
   */
  appendLive(taps: LiveTap, options: AppendLiveOptions): Promise<ConversationChunkReport>;
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
  /**
   * Like optimize, the output's audio left to the conversation: its one encode already makes every chunk's
   * audio, so a chunk's encode makes none. `deferred` (when the chunk was encoded) is finished with the
   * chunk's span of the conversation's audio once it is encoded — after the next chunk's first samples.
   */
  optimizeDeferred?: ((request: { input: string; output: string; signal?: AbortSignal | undefined; onPcm: (chunk: Uint8Array) => void }) => Promise<{ report: FileReport; deferred?: DeferredOutput | undefined }>) | undefined;
  /** A stream encoded as it arrives, with its audio and (live) its video fragments tapped. */
  optimizeStream?: ((stream: AsyncIterable<Uint8Array>, request: {
    output: string; signal?: AbortSignal | undefined; label?: string | undefined; format?: string | undefined;
    onPcm: (chunk: Uint8Array) => void; live?: LiveFragmentTap | undefined;
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
