// The library's optimize(): a batch of inputs through the preset in parallel, each verified and reported.
import { mkdir, rmdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PQueue from 'p-queue';
import { type Toolchain, resolveToolchain } from '../binaries/toolchain.js';
import { UsageError, getErrorMessage } from '../errors.js';
import { displayPath } from '../inputs/display-path.js';
import { expandInputs } from '../inputs/expand.js';
import { guardOutputs } from '../inputs/output-guard.js';
import { checkReportTarget } from '../files/report-target.js';
import { MAX_THREADS } from '../limits.js';
import { validatePreset } from '../presets/validate.js';
import { type OutputAssignment, assignOutputs } from '../inputs/output-paths.js';
import { loadPreset } from '../presets/load.js';
import type { Preset } from '../presets/preset.js';
import { failedReport } from '../report/file-report.js';
import { computeTotals } from '../report/totals.js';
import type { FileReport, OptimizeReport } from '../report/types.js';
import { packageVersion } from '../version.js';
import { type EncodeContext, encodeFile } from './encode-file.js';
import { prepareJob } from './prepare-job.js';
import { threadsFor } from './thread-plan.js';

export interface OptimizeOptions {
  /** Output folder. */
  output: string;
  /** A built-in preset name, a path to a preset JSON file, or a Preset. Default "streaming". */
  preset?: string | Preset;
  /** Parallel jobs; default the number of CPUs. */
  concurrency?: number;
  /** Replace existing outputs instead of skipping them. */
  force?: boolean;
  /**
   * Threads per job (decoder and encoder). Default: chosen per job by threadsFor() — one while the
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
  display: (file: string) => string;
}

/** Loads the preset, finds the binaries and the inputs: everything that can fail before any encode (exit 2). */
export async function prepareBatch(inputs: readonly string[], options: OptimizeOptions): Promise<Batch> {
  if (!options.output) throw new UsageError('no output folder: pass -o <folder>');
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1 && options.threads <= MAX_THREADS)) {
    throw new UsageError(`threads must be a whole number from 1 to ${MAX_THREADS} (got ${options.threads})`);
  }
  const cwd = options.cwd ?? process.cwd();
  const outdir = path.resolve(cwd, options.output);
  const outInfo = await stat(outdir).catch(() => undefined);
  if (outInfo && !outInfo.isDirectory()) throw new UsageError(`-o ${options.output}: exists and is not a folder`);
  const preset = typeof options.preset === 'object' ? validatePreset('the preset passed to optimize()', options.preset) : await loadPreset(options.preset);
  const toolchain = options.toolchain ?? await resolveToolchain(
    { ffmpeg: options.ffmpegPath, ffprobe: options.ffprobePath },
    [preset.video.codec, preset.audio.codec],
  );
  const expanded = await expandInputs(inputs, { cwd, exclude: [outdir] });
  if (expanded.files.length === 0 && expanded.missing.length === 0) {
    throw new UsageError(`no video files found in ${inputs.join(', ') || '(no inputs given)'}`);
  }
  const guarded = await guardOutputs(assignOutputs(expanded.files, outdir));
  for (const file of options.reportFiles ?? []) await checkReportTarget(path.resolve(cwd, file), guarded.known, `--report ${file}`);
  const display = (file: string): string => displayPath(cwd, file);
  return {
    preset,
    toolchain,
    assignments: guarded.assignments,
    missing: expanded.missing.map(({ input, reason }) => failedReport(input, reason)),
    display,
  };
}

export async function optimize(inputs: readonly string[], options: OptimizeOptions): Promise<OptimizeReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const batch = await prepareBatch(inputs, options);
  const concurrency = options.concurrency ?? os.availableParallelism();
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`concurrency must be a whole number ≥ 1 (got ${concurrency})`);

  const createdDirs: string[] = [];
  const cores = os.availableParallelism();
  const total = batch.assignments.length;
  let finished = 0;
  const context: EncodeContext = {
    toolchain: batch.toolchain,
    preset: batch.preset,
    threads: options.threads,
    signal: options.signal,
    force: options.force ?? false,
    display: batch.display,
    ensureDir: async (dir) => {
      const created = await mkdir(dir, { recursive: true });
      if (created) createdDirs.push(created, dir);
    },
  };

  const files: FileReport[] = [...batch.missing];
  options.onStart?.(batch.assignments.length + batch.missing.length);
  for (const file of batch.missing) options.onFile?.(file);
  const queue = new PQueue({ concurrency });
  const finishing = new Set<Promise<void>>();
  // A job holds its queue slot while ffmpeg runs; verifying, flushing and renaming its output happen
  // outside the slot, so the next encode starts at once.
  const encodeOne = (assignment: OutputAssignment): Promise<void> => new Promise<void>((releaseSlot) => {
    const threads = options.threads ?? threadsFor(cores, Math.min(concurrency, total - finished));
    const job = options.signal?.aborted
      ? Promise.resolve(undefined)
      : encodeFile(assignment, { ...context, threads, releaseSlot }).catch((error: unknown) =>
          failedReport(batch.display(assignment.input.path), getErrorMessage(error)));
    const settled: Promise<void> = job.then((report) => {
      finished++;
      if (report) {
        files.push(report);
        options.onFile?.(report);
      }
      releaseSlot();
      finishing.delete(settled);
    });
    finishing.add(settled);
  });
  // Jobs are handed to the queue as it drains, not all at once: memory stays flat for huge batches.
  for (const assignment of batch.assignments) {
    if (options.signal?.aborted) break;
    await queue.onSizeLessThan(concurrency);
    void queue.add(() => encodeOne(assignment));
  }
  await queue.onIdle();
  await Promise.all([...finishing]);
  await removeEmptyDirs(createdDirs);

  const interrupted = options.signal?.aborted ?? false;
  const wallSec = (performance.now() - started) / 1000;
  const order = new Map(batch.assignments.map((assignment, index) => [batch.display(assignment.input.path), index]));
  files.sort((a, b) => (order.get(a.input) ?? -1) - (order.get(b.input) ?? -1));
  return {
    schemaVersion: 1,
    tool: { name: 'streamprep', version: packageVersion() },
    preset: batch.preset.name,
    ffmpeg: { path: batch.toolchain.ffmpeg.path, version: batch.toolchain.ffmpeg.version, source: batch.toolchain.ffmpeg.source },
    concurrency,
    startedAt,
    interrupted,
    files,
    totals: computeTotals(files, wallSec),
  };
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
  input: string;
  output: string | undefined;
  /** The ffmpeg command as an argument array, the binary first; undefined when the input is refused. */
  command: string[] | undefined;
  reason: string | undefined;
}

/** What optimize() would run for each input, without running it (--print-command). */
export async function planCommands(inputs: readonly string[], options: OptimizeOptions): Promise<PlannedCommand[]> {
  const batch = await prepareBatch(inputs, options);
  const planned: PlannedCommand[] = batch.missing.map((file) => ({ input: file.input, output: undefined, command: undefined, reason: file.reason }));
  for (const assignment of batch.assignments) {
    const input = batch.display(assignment.input.path);
    if (!assignment.output) {
      planned.push({ input, output: undefined, command: undefined, reason: assignment.conflict });
      continue;
    }
    const prepared = await prepareJob(assignment.input.path, { toolchain: batch.toolchain, preset: batch.preset, threads: options.threads });
    planned.push(prepared.ok
      ? { input, output: assignment.output, command: [batch.toolchain.ffmpeg.path, ...prepared.argsFor(assignment.output)], reason: undefined }
      : { input, output: assignment.output, command: undefined, reason: prepared.reason });
  }
  return planned;
}
