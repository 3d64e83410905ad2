// A queue worker: optimize jobs from BullMQ (Redis), run through the same optimizer — one scheduler and
// thread plan — and the same guards as optimize and watch. ffmpeg runs as a child process, so the event
// loop stays free and job locks are renewed during long encodes. What happens to a failed job is decided
// by its report's cause (causes.ts), never by its wording: transient causes are retried with backoff,
// the rest fail at once. Every finished job leaves its report in the job (for enqueue --wait).
import os from 'node:os';
import path from 'node:path';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { realpath } from 'node:fs/promises';
import { getErrorMessage } from '../errors.js';
import { isInside, realFolder } from '../files/identity.js';
import { guardOutputs } from '../inputs/output-guard.js';
import { removeLeftovers } from '../files/leftovers.js';
import { type Optimizer, RUN_GUARDED, createOptimizer } from '../optimize/optimizer.js';
import { loadNamedPreset } from '../presets/load.js';
import { type Failure, failure, isTransient } from '../report/causes.js';
import { failedReport } from '../report/file-report.js';
import type { FileReport } from '../report/types.js';
import { workerConnection } from './connection.js';
import { joinHost } from './host-share.js';
import { DEFAULT_QUEUE, type JobOutcome, type OptimizeJobData, validateJobData, workerName } from './job.js';

export interface WorkerOptions {
  redis: string;
  queue?: string;
  /**
   * Jobs encoded at once by this worker. Default: its share of this machine's cores — with `threads`
   * also unset, workers on one machine count each other (host-share.ts) and each takes cores ÷ workers.
   */
  concurrency?: number;
  threads?: number;
  /** Where workers on this machine announce themselves (default: a folder of this user's in the temporary folder). */
  shareFolder?: string;
  /** Folders jobs may read and write (default: the working folder). Compared by real path. */
  roots?: string[];
  /** Folders of preset files (<name>.json) that jobs may name, besides the built-ins. */
  presetDirs?: string[];
  ffmpegPath?: string;
  ffprobePath?: string;
  /** How long a job's lock lasts without renewal (default 60 s): a killed worker's jobs return after it. */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for (default 30 s). */
  stalledIntervalMs?: number;
  onEvent?: (event: WorkerEvent) => void;
}

export type WorkerEvent =
  | { type: 'ready'; queue: string; concurrency: number; roots: string[]; /** Workers on this machine sharing its cores (default flags only). */ sharedWith?: number }
  | { type: 'share'; concurrency: number; workers: number }
  | { type: 'started'; id: string; input: string }
  | { type: 'done'; id: string; report: FileReport }
  | { type: 'failed'; id: string; input: string | undefined; reason: string; willRetry: boolean }
  | { type: 'redis'; message: string };

export interface QueueWorker {
  /** Finishes the jobs under way (or, with abort, returns them to the queue) and disconnects. */
  close(options?: { abort?: boolean }): Promise<void>;
}

/** A failed job: its report goes into the job first, then BullMQ retries it or not by its cause. */
async function failJob(job: Job, report: FileReport): Promise<never> {
  await job.updateProgress({ report } satisfies JobOutcome).catch(() => {});
  const reason = report.reason ?? 'failed';
  throw isTransient(report.cause) ? new Error(reason) : new UnrecoverableError(reason);
}

/** How often a worker counts the workers on its machine. */
const SHARE_REFRESH_MS = 2000;

export async function createWorker(options: WorkerOptions): Promise<QueueWorker> {
  const queueName = options.queue ?? DEFAULT_QUEUE;
  const roots = await Promise.all((options.roots?.length ? options.roots : [process.cwd()]).map((root) => realFolder(path.resolve(root))));
  const presetDirs = (options.presetDirs ?? []).map((dir) => path.resolve(dir));
  const emit = (event: WorkerEvent): void => options.onEvent?.(event);
  // Like optimize: one job per core, the scheduler's thread plan sharing the cores among them — and with
  // default flags, the cores are this worker's share among the workers on this machine.
  // A share folder that cannot be used (not this user's, not writable) means taking all cores, as before.
  const share = options.concurrency === undefined && options.threads === undefined ? await joinHost({ folder: options.shareFolder }).catch(() => undefined) : undefined;
  const concurrency = options.concurrency ?? share?.cores() ?? os.availableParallelism();
  // One optimizer per preset that loaded; a preset that did not load is not remembered (nor re-thrown at close).
  const optimizers = new Map<string, Optimizer>();
  const optimizerFor = async (name: string): Promise<Optimizer> => {
    const known = optimizers.get(name);
    if (known) return known;
    const preset = await loadNamedPreset(name, presetDirs);
    // With a share, the optimizer may run as many as there are cores; the queue hands it only its share.
    const optimizer = await createOptimizer({
      preset, concurrency: share ? os.availableParallelism() : concurrency, threads: options.threads, ...(share ? { cores: share.cores } : {}), ffmpegPath: options.ffmpegPath, ffprobePath: options.ffprobePath,
    });
    const raced = optimizers.get(name);
    if (raced) {
      await optimizer.close();
      return raced;
    }
    optimizers.set(name, optimizer);
    return optimizer;
  };
  await optimizerFor('streaming'); // binaries checked before taking any job

  const connection = workerConnection(options.redis, (attempt, delay) =>
    emit({ type: 'redis', message: `Redis unreachable (attempt ${attempt}); retrying in ${(delay / 1000).toFixed(1)} s` }));
  connection.on('error', () => {}); // reported through the retry strategy
  const controller = new AbortController();

  /** The job's fields, checked against this worker's roots by path and by real path; or why it is refused. */
  const admit = async (job: Job): Promise<OptimizeJobData | Failure> => {
    const checked = validateJobData(job.data, roots);
    if (!checked.ok) return failure('refused', `refused: ${checked.reason}`);
    const { input, output } = checked.job;
    // By real path too: a symlink inside a root must not lead a job outside it.
    const [realInput, realOutputFolder] = await Promise.all([realpath(input).catch(() => input), realFolder(path.dirname(output))]);
    if (!roots.some((root) => isInside(realInput, root))) return failure('refused', `refused: ${input} leads outside this worker's roots`);
    if (!roots.some((root) => realOutputFolder === root || isInside(realOutputFolder, root))) return failure('refused', `refused: ${output} leads outside this worker's roots`);
    return checked.job;
  };

  const worker = new Worker(queueName, async (job: Job) => {
    const admitted = await admit(job);
    const input = typeof job.data?.input === 'string' ? job.data.input as string : '?';
    if ('cause' in admitted) return failJob(job, failedReport(input, admitted));
    emit({ type: 'started', id: job.id ?? '?', input });
    const optimizer = await optimizerFor(admitted.preset).catch((error: unknown) => failure('refused', `preset ${admitted.preset}: ${getErrorMessage(error)}`));
    if ('cause' in optimizer) return failJob(job, failedReport(input, optimizer, admitted.output));
    await removeLeftovers(path.dirname(admitted.output)); // a killed worker's leftovers
    // The same guards as every entrance: an output that is the input, or a file that is not a video, is never written.
    const [assignment] = (await guardOutputs([{ input: { path: admitted.input, root: path.dirname(admitted.input) }, output: admitted.output, conflict: undefined }])).assignments;
    let lastProgress = 0;
    const { report } = await optimizer[RUN_GUARDED](assignment!, {
      signal: controller.signal,
      force: admitted.force,
      onFrames: (frames) => {
        if (Date.now() - lastProgress < 500) return;
        lastProgress = Date.now();
        void job.updateProgress({ frames }).catch(() => {});
      },
    });
    if (report.status === 'failed' || (report.status === 'skipped' && report.cause === 'locked')) return failJob(job, report);
    return report;
  }, {
    connection,
    concurrency,
    lockDuration: options.lockDurationMs ?? 60_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: 2,
    // Who this worker is, for `queue status`: Redis lists it by this name while it is connected.
    name: workerName({ host: os.hostname(), pid: process.pid, concurrency }),
  });
  worker.on('completed', (job, report: FileReport) => emit({ type: 'done', id: job.id ?? '?', report }));
  worker.on('failed', (job, error) => {
    const attempts = job?.opts.attempts ?? 1;
    const input = typeof job?.data?.input === 'string' ? job.data.input as string : undefined;
    emit({ type: 'failed', id: job?.id ?? '?', input, reason: error.message, willRetry: !(error instanceof UnrecoverableError) && (job?.attemptsMade ?? 0) < attempts });
  });
  worker.on('error', () => {}); // connection trouble: reported through the retry strategy
  await worker.waitUntilReady().catch(() => {});
  emit({ type: 'ready', queue: queueName, concurrency, roots, ...(share ? { sharedWith: await share.refresh() } : {}) });
  // Workers started or stopped on this machine: this one's share follows.
  const follow = share ? setInterval(() => {
    void share.refresh().then((workers) => {
      const next = share.cores();
      if (next === worker.concurrency) return;
      worker.concurrency = next;
      emit({ type: 'share', concurrency: next, workers });
    });
  }, SHARE_REFRESH_MS) : undefined;
  follow?.unref();

  return {
    async close({ abort = false } = {}) {
      clearInterval(follow);
      await share?.leave();
      if (abort) controller.abort();
      await worker.close(abort).catch(() => {});
      await Promise.allSettled([...optimizers.values()].map((optimizer) => optimizer.close({ abort })));
      connection.disconnect();
    },
  };
}
