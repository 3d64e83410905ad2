// The library's optimize(): a batch of inputs through the preset in parallel, each verified and reported.
// Built on the same optimizer (one scheduler) as watch and backends; this file only finds the inputs,
// feeds them as the queue drains and sums the reports.
import { mkdir, rmdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Toolchain, resolveToolchain } from '../binaries/toolchain.js';
import { UsageError } from '../errors.js';
import { expandInputs } from '../inputs/expand.js';
import { guardOutputs } from '../inputs/output-guard.js';
import { type OutputAssignment, assignOutputs } from '../inputs/output-paths.js';
import { prepareInput } from '../pipeline/prepare-job.js';
import { resolveJob } from '../pipeline/resolved-job.js';
import type { Preset } from '../presets/preset.js';
import { failure } from '../report/causes.js';
import { failedReport } from '../report/file-report.js';
import { computeTotals } from '../report/totals.js';
import { type FileReport, type OptimizeReport, REPORT_SCHEMA_VERSION } from '../report/types.js';
import { type Conversation, checkConversationName, createConversation } from '../conversation/conversation.js';
import { parallelAtDispatch, threadsFor } from '../schedule/thread-plan.js';
import { packageVersion } from '../version.js';
import { type Optimizer, RUN_GUARDED, checkThreads, createOptimizer, resolvePreset } from './optimizer.js';

export interface OptimizeOptions {
  /** Output folder. */
  output: string;
  /** A built-in preset name, a path to a preset JSON file, or a Preset (validated). Default "streaming". */
  preset?: string | Preset;
  /** Parallel jobs; default the number of CPUs. */
  concurrency?: number;
  /** Replace existing outputs instead of skipping them. */
  force?: boolean;
  /** Encode inputs that already conform to the preset too (default: move their moov to the front instead). */
  reencode?: boolean;
  /** With reencode: a conforming input whose re-encode comes out larger is kept instead (relocated). */
  keepSmaller?: boolean;
  /**
   * Threads per job (decoder and encoder), 1–64. Default: chosen per job by threadsFor() — one while the
   * cores are busy with other jobs, more for the last few jobs and for a chunk that arrives alone.
   */
  threads?: number;
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Binaries already resolved and checked (by bench, which runs many batches): skips resolving them again. */
  toolchain?: Toolchain;
  /** Stops the batch: running encodes are killed, their temporary files removed. */
  signal?: AbortSignal;
  /**
   * Files the caller will write afterwards (the --report file): checked before any encode, so that a
   * report never replaces an input or output, and its folder exists (UsageError otherwise).
   */
  reportFiles?: readonly string[];
  cwd?: string;
  /**
   * Also write the inputs, in natural name order, as one conversation: CMAF files on one timeline and a
   * live HLS playlist in `<output>/<name>.hls/` (see createConversation).
   */
  conversation?: string;
  /** Called once the inputs are known. */
  onStart?: (total: number) => void;
  /** Called as each file finishes (ok, failed or skipped). */
  onFile?: (file: FileReport) => void;
}

export interface Batch {
  preset: Preset;
  toolchain: Toolchain;
  assignments: OutputAssignment[];
  /** Inputs that matched nothing, as failed reports. */
  missing: FileReport[];
  concurrency: number;
}

/** Loads the preset, finds the binaries and the inputs: everything that can fail before any encode (exit 2). */
export async function prepareBatch(inputs: readonly string[], options: OptimizeOptions): Promise<Batch> {
  if (!options.output) throw new UsageError('no output folder: pass -o <folder>');
  checkThreads(options.threads);
  const concurrency = options.concurrency ?? os.availableParallelism();
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`concurrency must be a whole number ≥ 1 (got ${concurrency})`);
  const cwd = options.cwd ?? process.cwd();
  const outdir = path.resolve(cwd, options.output);
  const outInfo = await stat(outdir).catch(() => undefined);
  if (outInfo && !outInfo.isDirectory()) throw new UsageError(`-o ${options.output}: exists and is not a folder`);
  const preset = await resolvePreset(options.preset);
  const toolchain = options.toolchain ?? await resolveToolchain(
    { ffmpeg: options.ffmpegPath, ffprobe: options.ffprobePath },
    [preset.video.codec, preset.audio.codec],
  );
  const expanded = await expandInputs(inputs, { cwd, exclude: [outdir] });
  if (expanded.files.length === 0 && expanded.missing.length === 0) {
    throw new UsageError(`no video files found in ${inputs.join(', ') || '(no inputs given)'}`);
  }
  const reports = (options.reportFiles ?? []).map((file) => ({ file: path.resolve(cwd, file), label: `--report ${file}` }));
  const guarded = await guardOutputs(assignOutputs(expanded.files, outdir), { reports });
  return {
    preset,
    toolchain,
    assignments: guarded.assignments,
    missing: expanded.missing.map(({ input, reason }) => failedReport(input, failure('unreadable', reason))),
    concurrency,
  };
}

export async function optimize(inputs: readonly string[], options: OptimizeOptions): Promise<OptimizeReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const batch = await prepareBatch(inputs, options);
  const { concurrency } = batch;
  const createdDirs: string[] = [];
  let handedIn = 0;
  const optimizer = await createOptimizer({
    preset: batch.preset,
    toolchain: batch.toolchain,
    concurrency,
    threads: options.threads,
    force: options.force ?? false,
    reencode: options.reencode ?? false,
    keepSmaller: options.keepSmaller ?? false,
    backlog: () => batch.assignments.length - handedIn,
    ensureDir: async (dir) => {
      const created = await mkdir(dir, { recursive: true });
      if (created) createdDirs.push(created, dir);
    },
  });

  const files: FileReport[] = [...batch.missing];
  /** A conversation's encodes under way (its chunks are then placed one after another). */
  const encoding = new Set<Promise<unknown>>();
  const conversation = options.conversation === undefined ? undefined : await openConversation(options.conversation, batch, optimizer, options, encoding);
  options.onStart?.(batch.assignments.length + batch.missing.length);
  for (const file of batch.missing) options.onFile?.(file);
  const running = new Set<Promise<void>>();
  // Files are handed in as slots free up, not all at once: memory stays flat for huge batches.
  for (const assignment of batch.assignments) {
    if (options.signal?.aborted) break;
    // A conversation places its chunks in order: files waiting for their place must not keep the next
    // encodes from starting (the window counts encodes), up to a bound on what waits (their audio is held).
    while (conversation ? encoding.size >= concurrency * 2 || running.size >= concurrency * 8 : running.size >= concurrency * 2) {
      await Promise.race(conversation ? [...encoding, ...running] : running);
    }
    handedIn++;
    const done = (report: FileReport): void => {
      files.push(report);
      options.onFile?.(report);
    };
    const work = conversation
      ? conversation.append(assignment.input.path, { output: assignment.output ?? '', last: handedIn === batch.assignments.length, signal: options.signal })
        .then(({ report, reason, published }) => done(report.status !== 'ok' ? report : {
          ...report,
          adaptations: [
            ...report.adaptations,
            ...(reason ? [`not in the conversation: ${reason}`] : []),
            ...(published?.discontinuityReason ? [`conversation: a new initialization section here (${published.discontinuityReason})`] : []),
          ],
        }))
      : optimizer[RUN_GUARDED](assignment, { signal: options.signal }).then(({ report }) => done(report));
    running.add(work);
    void work.finally(() => running.delete(work));
  }
  await Promise.all([...running]);
  // An interrupted run leaves its conversation open: the next run resumes it from its log.
  const conversationSummary = !conversation ? undefined
    : options.signal?.aborted ? await conversation.close().then(() => ({ chunks: conversation.chunks, playlist: conversation.playlist }))
      : await conversation.end();
  await optimizer.close();
  await removeEmptyDirs(createdDirs);

  const wallSec = (performance.now() - started) / 1000;
  const order = new Map(batch.assignments.map((assignment, index) => [assignment.input.path, index]));
  files.sort((a, b) => (order.get(a.input) ?? -1) - (order.get(b.input) ?? -1));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'streamprep', version: packageVersion() },
    preset: batch.preset.name,
    ffmpeg: { path: batch.toolchain.ffmpeg.path, version: batch.toolchain.ffmpeg.version, source: batch.toolchain.ffmpeg.source },
    concurrency,
    startedAt,
    interrupted: options.signal?.aborted ?? false,
    files,
    totals: computeTotals(files, wallSec),
    ...(conversationSummary && options.conversation !== undefined ? { conversation: { name: options.conversation, ...conversationSummary } } : {}),
  };
}

/**
 * The batch as one conversation: its folder must not hold any output, and an existing one is replaced
 * only with force. Chunks are handed in in natural name order (chunk-2 before chunk-10).
 */
async function openConversation(name: string, batch: Batch, optimizer: Optimizer, options: OptimizeOptions, encoding: Set<Promise<unknown>>): Promise<Conversation> {
  checkConversationName(name);
  const dir = path.join(path.resolve(options.cwd ?? process.cwd(), options.output), `${name}.hls`);
  if (batch.assignments.some(({ output }) => output !== undefined && (output === dir || output.startsWith(dir + path.sep)))) {
    throw new UsageError(`--conversation ${name}: an output would land in the conversation's folder ${dir}; rename the input folder or the conversation`);
  }
  const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
  batch.assignments.sort((a, b) => natural.compare(a.input.path, b.input.path));
  const byInput = new Map(batch.assignments.map((assignment) => [assignment.input.path, assignment]));
  const encode = (input: string, signal: AbortSignal | undefined, onPcm: ((chunk: Uint8Array) => void) | undefined, audioElsewhere: boolean) => {
    const run = optimizer[RUN_GUARDED](byInput.get(input) as OutputAssignment, { signal, onPcm, audioElsewhere });
    encoding.add(run);
    void run.finally(() => encoding.delete(run)).catch(() => undefined);
    return run;
  };
  // Each chunk through the batch's guarded assignments (the guards ran when the batch was prepared).
  const conversation = createConversation({
    preset: optimizer.preset,
    toolchain: optimizer.toolchain,
    optimize: async ({ input, signal, onPcm }) => (await encode(input, signal, onPcm, false)).report,
    // Every chunk's audio is in the conversation's one encode: the chunk encodes make none of their own.
    optimizeDeferred: ({ input, signal, onPcm }) => encode(input, signal, onPcm, true),
    chunkDuration: optimizer.chunkDuration,
  }, name, { dir, signal: options.signal, force: options.force ?? false });
  // One owner (a second run is refused), and an ended conversation is replaced only with --force; one
  // that an interrupted run left open is resumed from its log.
  await conversation.ready;
  if (conversation.ended) {
    await conversation.end();
    throw new UsageError(`--conversation ${name}: ${dir} holds an ended conversation (--force replaces it)`);
  }
  return conversation;
}

/** Directories this run created and left empty (every job in them failed) are removed, deepest first. */
async function removeEmptyDirs(dirs: readonly string[]): Promise<void> {
  const unique = [...new Set(dirs)].sort((a, b) => b.length - a.length);
  for (const dir of unique) {
    let current = dir;
    while (unique.some((created) => current === created || current.startsWith(created + path.sep))) {
      const removed = await rmdir(current).then(() => true, () => false);
      if (!removed) break;
      current = path.dirname(current);
    }
  }
}

export interface PlannedCommand {
  /** Absolute input path. */
  input: string;
  output: string | undefined;
  /** The ffmpeg command as an argument array, the binary first; undefined when the input is refused. */
  command: string[] | undefined;
  reason: string | undefined;
  /** The input already conforms: a run moves its moov to the front instead of running `command` (unless reencode). */
  relocate?: boolean;
}

/**
 * What optimize() would run for each input, without running it (--print-command): the same resolved
 * job a run spawns — threads as the scheduler will give them when every file encodes — writing to the
 * final name (a run writes to a temporary name beside it and renames it once verified).
 */
export async function planCommands(inputs: readonly string[], options: OptimizeOptions): Promise<PlannedCommand[]> {
  const batch = await prepareBatch(inputs, options);
  const planned: PlannedCommand[] = batch.missing.map((file) => ({ input: file.input, output: undefined, command: undefined, reason: file.reason }));
  const cores = os.availableParallelism();
  const total = batch.assignments.length;
  for (const [index, { input, output, conflict }] of batch.assignments.entries()) {
    if (!output) {
      planned.push({ input: input.path, output: undefined, command: undefined, reason: conflict?.reason });
      continue;
    }
    const prepared = await prepareInput(input.path, { toolchain: batch.toolchain, preset: batch.preset, signal: options.signal });
    if (!prepared.ok) {
      planned.push({ input: input.path, output, command: undefined, reason: prepared.reason });
      continue;
    }
    const threads = options.threads ?? threadsFor(cores, parallelAtDispatch(index, total, batch.concurrency));
    const job = resolveJob(prepared, { output, writeTo: output, threads, toolchain: batch.toolchain, preset: batch.preset, reencode: options.reencode });
    planned.push({ input: input.path, output, command: job.argv, reason: undefined, ...(job.mode === 'relocate' ? { relocate: true } : {}) });
  }
  return planned;
}

export { optimizeStream } from './optimize-stream.js';
