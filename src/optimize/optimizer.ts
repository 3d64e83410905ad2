// A long-lived optimizer for backends, `watch` and batches alike: binaries resolved and checked once,
// one scheduler (slots and thread plan) shared by every call, per-call cancellation, events.
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Toolchain, resolveToolchain } from '../binaries/toolchain.js';
import { UsageError } from '../errors.js';
import { guardOutputs } from '../inputs/output-guard.js';
import { MAX_THREADS } from '../limits.js';
import { processFile } from '../pipeline/process-file.js';
import { loadPreset } from '../presets/load.js';
import type { Preset } from '../presets/preset.js';
import { validatePreset } from '../presets/validate.js';
import type { FileReport } from '../report/types.js';
import { createScheduler } from '../schedule/scheduler.js';

export interface OptimizerOptions {
  /** A built-in preset name, a preset file, or a Preset object (validated). Default "streaming". */
  preset?: string | Preset;
  /** Files encoded at once; default the number of CPUs. */
  concurrency?: number;
  /** Threads per encode (1–64); default: all cores for a lone chunk, one each when the cores are busy. */
  threads?: number;
  /** Replace outputs that exist (default: skip them). */
  force?: boolean;
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
  signal?: AbortSignal;
}

export interface AssignedCallOptions {
  signal?: AbortSignal | undefined;
  /** Replace an existing output for this call (default: the optimizer's `force`). */
  force?: boolean | undefined;
  /** Frames written so far, while ffmpeg runs. */
  onFrames?: ((frames: number) => void) | undefined;
}

export interface Optimizer {
  readonly preset: Preset;
  readonly toolchain: Toolchain;
  readonly concurrency: number;
  /** One input to one verified output; resolves with the file's report (it never rejects for a bad input). */
  optimize(input: string, options: OptimizeCallOptions): Promise<FileReport>;
  /** For batches (and queue jobs) whose outputs are already checked against every input. */
  optimizeAssigned(input: string, output: string | undefined, conflict: string | undefined, call?: AssignedCallOptions): Promise<FileReport>;
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
  const scheduler = createScheduler({ concurrency, cores: os.availableParallelism(), threads: options.threads, backlog: options.backlog });
  const closing = new AbortController();
  const underWay = new Set<Promise<FileReport>>();
  let closed = false;
  const emit = (event: OptimizerEvent): void => options.onEvent?.(event);
  const ensureDir = options.ensureDir ?? (async (dir: string) => void await mkdir(dir, { recursive: true }));

  const optimizeAssigned = (input: string, output: string | undefined, conflict: string | undefined, call: AssignedCallOptions = {}): Promise<FileReport> => {
    if (closed) return Promise.reject(new UsageError('the optimizer is closed'));
    emit({ type: 'queued', input, output });
    const combined = call.signal ? AbortSignal.any([call.signal, closing.signal]) : closing.signal;
    const work = processFile(input, output, conflict, {
      toolchain, preset, reservation: scheduler.reserve(), force: call.force ?? options.force ?? false, signal: combined, ensureDir,
      onStart: (job) => emit({ type: 'started', input, output: job.output, threads: job.threads, argv: job.argv }),
      onProgress: (job, frames) => {
        call.onFrames?.(frames);
        emit({ type: 'progress', input: job.input, frames });
      },
    }).then((report) => {
      emit({ type: 'finished', report });
      return report;
    });
    underWay.add(work);
    void work.finally(() => underWay.delete(work));
    return work;
  };

  return {
    preset,
    toolchain,
    concurrency,
    optimizeAssigned,
    async optimize(input, call) {
      const absolute = path.resolve(input);
      const output = path.resolve(call.output);
      const [guarded] = (await guardOutputs([{ input: { path: absolute, root: path.dirname(absolute) }, output, conflict: undefined }])).assignments;
      return optimizeAssigned(absolute, guarded?.output, guarded?.conflict, { signal: call.signal });
    },
    async close({ abort = false } = {}) {
      closed = true;
      if (abort) closing.abort();
      await Promise.allSettled([...underWay]);
    },
  };
}
