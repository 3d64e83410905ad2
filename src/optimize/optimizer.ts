// A long-lived optimizer for backends, `watch` and batches alike: binaries resolved and checked once,
// one scheduler (slots and thread plan) shared by every call, per-call cancellation, events.
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Toolchain, resolveToolchain } from '../binaries/toolchain.js';
import { removeLeftovers } from '../files/leftovers.js';
import { UsageError } from '../errors.js';
import { guardOutputs, isGuarded, refuseReplacing } from '../inputs/output-guard.js';
import { VIDEO_DEMUXERS } from '../ffmpeg/args.js';
import { nameTooLong } from '../files/temp-names.js';
import { guardStream } from '../pipeline/stream-guard.js';
import { processStream } from '../pipeline/process-stream.js';
import type { OutputAssignment } from '../inputs/output-paths.js';
import { MAX_THREADS } from '../limits.js';
import { type ProcessedFile, processFile } from '../pipeline/process-file.js';
import { inputLength } from '../pipeline/prepare-job.js';
import type { ResolvedJob } from '../pipeline/resolved-job.js';
import { loadPreset } from '../presets/load.js';
import type { Preset } from '../presets/preset.js';
import { validatePreset } from '../presets/validate.js';
import { failure } from '../report/causes.js';
import { failedReport } from '../report/file-report.js';
import type { FileReport } from '../report/types.js';
import { createScheduler } from '../schedule/scheduler.js';
import { type Conversation, type ConversationOptions, createConversation } from '../conversation/conversation.js';

export interface OptimizerOptions {
  /** A built-in preset name, a preset file, or a Preset object (validated). Default "streaming". */
  preset?: string | Preset;
  /** Files encoded at once; default the number of CPUs. */
  concurrency?: number;
  /** Threads per encode (1–64); default: all cores for a lone chunk, one each when the cores are busy. */
  threads?: number;
  /** The cores the thread plan shares out (default: all of this machine's); a function for a share that changes. */
  cores?: number | (() => number);
  /** Replace outputs that exist (default: skip them). */
  force?: boolean;
  /** Encode inputs that already conform to the preset too (default: their moov is moved to the front, no re-encode). */
  reencode?: boolean;
  /** With reencode: a conforming input whose re-encode comes out larger is kept instead (relocated). */
  keepSmaller?: boolean;
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Binaries already resolved and checked: skips resolving them again. */
  toolchain?: Toolchain;
  /** What happens to each file, as it happens. */
  onEvent?: (event: OptimizerEvent) => void;
  /** For batches fed as the queue drains: how many files are still to be handed in (for the thread plan). */
  backlog?: () => number;
  /** Makes output folders (default mkdir -p). */
  ensureDir?: (dir: string) => Promise<void>;
}

export type OptimizerEvent =
  | { type: 'queued'; input: string; output: string | undefined }
  | { type: 'started'; input: string; output: string; threads: number; argv: string[] }
  | { type: 'progress'; input: string; frames: number }
  | { type: 'finished'; report: FileReport };

export interface OptimizeCallOptions {
  /** The output file (absolute, or relative to the working folder). */
  output: string;
  /** Cancels this file only: a running encode is stopped and its temporary file removed. */
  signal?: AbortSignal | undefined;
  /** Replace an existing output (a video) for this call (default: the optimizer's `force`). */
  force?: boolean | undefined;
  /**
   * The audio the encode hands its AAC encoder, as it is written: interleaved 32-bit float samples at the
   * preset's rate and channels (not called for an input relocated rather than encoded, or without audio).
   */
  onPcm?: ((chunk: Uint8Array) => void) | undefined;
}

/** Live: a stream's video also as fragments of `partSec` seconds, their bytes as the encode writes them (a conversation's parts). */
export interface LiveFragments {
  partSec: number;
  /** A keyframe forced at this time as well, which starts a fragment (a second segment). */
  keyframeAtSec?: number | undefined;
  /** The fragments' bytes as written; an empty chunk when the encode's output ends. */
  onFragments: (chunk: Uint8Array) => void;
  /** The stream's bytes have all been read (the encode's last fragments follow). */
  onInputEnd?: (() => void) | undefined;
}

export interface OptimizeRequest extends OptimizeCallOptions {
  /** The input file (absolute, or relative to the working folder). */
  input: string;
}

export interface OptimizeStreamOptions extends OptimizeCallOptions {
  /** The container the stream is in, as ffmpeg names it (matroska, mpegts, mp4, yuv4mpegpipe, …); default: found from its first bytes. */
  format?: string | undefined;
  /** What the report calls the input (default "-"). */
  label?: string | undefined;
  /**
   * Longest silence from the writer, seconds (default 30; Infinity for none): a writer that sends nothing
   * for this long fails the file with cause `timeout`, freeing its output's lock and temporary file.
   */
  stallTimeoutSec?: number | undefined;
  /** See LiveFragments. */
  live?: LiveFragments | undefined;
}

/** How long `optimize -` waits for a silent writer by default, seconds. */
export const DEFAULT_STALL_TIMEOUT_SEC = 30;

export interface GuardedCallOptions {
  signal?: AbortSignal | undefined;
  force?: boolean | undefined;
  /** Frames written so far, while ffmpeg runs. */
  onFrames?: ((frames: number) => void) | undefined;
  /** The input's bytes as they are written (a followed file): encoded as they arrive instead of read from the file. */
  stream?: AsyncIterable<Uint8Array> | undefined;
  /** See OptimizeCallOptions.onPcm. */
  onPcm?: ((chunk: Uint8Array) => void) | undefined;
  /** With onPcm, a file's output gets its audio afterwards from the caller (ProcessedFile.deferred; FileContext.audioElsewhere). */
  audioElsewhere?: boolean | undefined;
  /** With `stream`: see LiveFragments. */
  live?: LiveFragments | undefined;
}

/** For the entrances that guard many files at once (optimize, watch, the worker): not part of the public API. */
export const RUN_GUARDED = Symbol('streamprep.runGuarded');

export interface Optimizer {
  readonly preset: Preset;
  readonly toolchain: Toolchain;
  readonly concurrency: number;
  /**
   * One input to one verified output; resolves with the file's report (it never rejects for a bad
   * input). The guards always run: an output that is an input (by identity) or would replace a file
   * that is not a video fails with cause `collision`.
   */
  optimize(request: OptimizeRequest): Promise<FileReport>;
  optimize(input: string, options: OptimizeCallOptions): Promise<FileReport>;
  /**
   * An input read from a stream as it is written (a generator's pipe, stdin), encoded while it arrives:
   * MKV/WebM, MPEG-TS, fragmented MP4 or Y4M are encoded as their bytes come; anything whose start says
   * too little (an MP4 with moov at the end) is read whole first. Verified and promoted like any output.
   */
  optimizeStream(stream: AsyncIterable<Uint8Array>, options: OptimizeStreamOptions): Promise<FileReport>;
  /** An assignment that came out of guardOutputs (anything else is refused), with what the input was when encoded. */
  [RUN_GUARDED](assignment: OutputAssignment, call?: GuardedCallOptions): Promise<ProcessedFile>;
  /**
   * A conversation: chunks appended in order are encoded in parallel, then put one after another on one
   * timeline as CMAF files with a live HLS playlist in `options.dir`.
   */
  conversation(name: string, options: ConversationOptions): Conversation;
  /** How long an input lasts, as the plan takes it (the length its output is given), when it can be read. */
  chunkDuration(input: string): Promise<number | undefined>;
  /** Waits for the files under way (or, with abort, stops them), then refuses new ones. */
  close(options?: { abort?: boolean }): Promise<void>;
}

export async function resolvePreset(preset: string | Preset | undefined): Promise<Preset> {
  return typeof preset === 'object' ? validatePreset('the preset passed in', preset) : loadPreset(preset);
}

export function checkThreads(threads: number | undefined): void {
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS)) {
    throw new UsageError(`threads must be a whole number from 1 to ${MAX_THREADS} (got ${threads})`);
  }
}

export async function createOptimizer(options: OptimizerOptions = {}): Promise<Optimizer> {
  checkThreads(options.threads);
  const concurrency = options.concurrency ?? os.availableParallelism();
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`concurrency must be a whole number ≥ 1 (got ${concurrency})`);
  const preset = await resolvePreset(options.preset);
  const toolchain = options.toolchain ?? await resolveToolchain(
    { ffmpeg: options.ffmpegPath, ffprobe: options.ffprobePath },
    [preset.video.codec, preset.audio.codec],
  );
  const scheduler = createScheduler({ concurrency, cores: options.cores ?? os.availableParallelism(), threads: options.threads, backlog: options.backlog });
  const closing = new AbortController();
  const underWay = new Set<Promise<ProcessedFile>>();
  let closed = false;
  const emit = (event: OptimizerEvent): void => options.onEvent?.(event);
  const makeDir = options.ensureDir ?? (async (dir: string) => void await mkdir(dir, { recursive: true }));
  // The first time a run writes into a folder, a killed run's leftovers there go (temporary files, locks).
  const swept = new Set<string>();
  const ensureDir = async (dir: string): Promise<void> => {
    await makeDir(dir);
    if (swept.has(dir)) return;
    swept.add(dir);
    await removeLeftovers(dir);
  };

  const chunkDuration = (input: string): Promise<number | undefined> => inputLength(path.resolve(input), { toolchain, preset });

  const runGuarded = (assignment: OutputAssignment, call: GuardedCallOptions = {}): Promise<ProcessedFile> => {
    if (closed) return Promise.reject(new UsageError('the optimizer is closed'));
    const input = assignment.input.path;
    if (!isGuarded(assignment)) {
      return Promise.resolve({ report: failedReport(input, failure('internal', 'an output that did not go through the guards is never written'), assignment.output), inputState: undefined });
    }
    emit({ type: 'queued', input, output: assignment.output });
    const combined = call.signal ? AbortSignal.any([call.signal, closing.signal]) : closing.signal;
    const context = {
      toolchain, preset, reservation: scheduler.reserve(), force: call.force ?? options.force ?? false, reencode: options.reencode, keepSmaller: options.keepSmaller, signal: combined, ensureDir,
      onStart: (job: ResolvedJob) => emit({ type: 'started', input, output: job.output, threads: job.threads, argv: job.argv }),
      onProgress: (_job: ResolvedJob, frames: number) => {
        call.onFrames?.(frames);
        emit({ type: 'progress', input, frames });
      },
      onPcm: call.onPcm,
      audioElsewhere: call.audioElsewhere,
    };
    const { output } = assignment;
    const processed: Promise<ProcessedFile> = !call.stream ? processFile(input, output, assignment.conflict, context)
      : output ? processStream(call.stream, output, { ...context, label: input, sourceDuration: () => chunkDuration(input), live: call.live }).then((report) => ({ report, inputState: undefined }))
        : (context.reservation.release(), Promise.resolve({ report: failedReport(input, assignment.conflict ?? failure('collision', 'no output path'), undefined), inputState: undefined }));
    const work = processed.then((result) => {
      emit({ type: 'finished', report: result.report });
      return result;
    });
    underWay.add(work);
    void work.finally(() => underWay.delete(work));
    return work;
  };

  async function optimizeOne(first: string | OptimizeRequest, second?: OptimizeCallOptions): Promise<FileReport> {
    const request: OptimizeRequest = typeof first === 'string' ? { ...(second as OptimizeCallOptions), input: first } : first;
    if (typeof request?.input !== 'string' || typeof request.output !== 'string') throw new UsageError('optimize() needs { input, output } paths');
    const input = path.resolve(request.input);
    const [assignment] = (await guardOutputs([{ input: { path: input, root: path.dirname(input) }, output: path.resolve(request.output), conflict: undefined }])).assignments;
    return (await runGuarded(assignment as OutputAssignment, { signal: request.signal, force: request.force, onPcm: request.onPcm })).report;
  }

  async function optimizeStream(stream: AsyncIterable<Uint8Array>, call: OptimizeStreamOptions): Promise<FileReport> {
    if (closed) throw new UsageError('the optimizer is closed');
    if (typeof call?.output !== 'string') throw new UsageError('optimizeStream() needs { output }');
    if (call.format !== undefined && !(VIDEO_DEMUXERS as readonly string[]).includes(call.format)) {
      throw new UsageError(`input format ${call.format} is not one of ${VIDEO_DEMUXERS.join(', ')}`);
    }
    const output = path.resolve(call.output);
    const label = call.label ?? '-';
    const refused = nameTooLong(output) ?? await refuseReplacing(output);
    if (refused) return failedReport(label, failure('collision', refused), output);
    emit({ type: 'queued', input: label, output });
    const combined = call.signal ? AbortSignal.any([call.signal, closing.signal]) : closing.signal;
    const stallSec = call.stallTimeoutSec ?? DEFAULT_STALL_TIMEOUT_SEC;
    if (!(stallSec > 0)) throw new UsageError(`stallTimeoutSec must be more than 0 (Infinity for none), got ${String(call.stallTimeoutSec)}`);
    // A silent writer and a stopped run both end the stream at once (a pending read is not waited for).
    const guarded = guardStream(stream, { idleMs: Number.isFinite(stallSec) ? stallSec * 1000 : undefined, signal: combined });
    const work = processStream(guarded, output, {
      toolchain, preset, reservation: scheduler.reserve(), force: call.force ?? options.force ?? false, signal: combined, ensureDir, format: call.format, label,
      onStart: (job) => emit({ type: 'started', input: label, output: job.output, threads: job.threads, argv: job.argv }),
      onProgress: (_job, frames) => emit({ type: 'progress', input: label, frames }),
      onPcm: call.onPcm,
      live: call.live,
    }).then((report) => {
      emit({ type: 'finished', report });
      return { report, inputState: undefined };
    });
    underWay.add(work);
    void work.finally(() => underWay.delete(work));
    return (await work).report;
  }

  const optimizer: Optimizer = {
    preset,
    toolchain,
    concurrency,
    optimize: optimizeOne,
    optimizeStream,
    conversation: (name, conversationOptions) => createConversation(optimizer, name, conversationOptions),
    [RUN_GUARDED]: runGuarded,
    chunkDuration,
    async close({ abort = false } = {}) {
      closed = true;
      if (abort) closing.abort();
      await Promise.allSettled([...underWay]);
    },
  };
  return optimizer;
}
