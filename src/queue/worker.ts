// A queue worker: optimize jobs from BullMQ (Redis), run through the same optimizer — one scheduler and
// thread plan — as optimize and watch. ffmpeg runs as a child process, so the event loop stays free and
// job locks are renewed during long encodes. Bad input fails at once (not retried); transient failures
// (a killed ffmpeg, a full disk, another run writing the same output) are retried with backoff.
import path from 'node:path';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { realpath } from 'node:fs/promises';
import { isInside, realFolder } from '../files/identity.js';
import { removeStaleTemporaries } from '../live/inbox.js';
import { type Optimizer, createOptimizer } from '../optimize/optimizer.js';
import type { FileReport } from '../report/types.js';
import { workerConnection } from './connection.js';
import { DEFAULT_QUEUE, validateJobData } from './job.js';

export interface WorkerOptions {
  redis: string;
  queue?: string;
  /** Jobs encoded at once by this worker. */
  concurrency?: number;
  threads?: number;
  /** Folders jobs may read and write (default: the working folder). Compared by real path. */
  roots?: string[];
  ffmpegPath?: string;
  ffprobePath?: string;
  /** How long a job's lock lasts without renewal (default 60 s): a killed worker's jobs return after it. */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for (default 30 s). */
  stalledIntervalMs?: number;
  onEvent?: (event: WorkerEvent) => void;
}

export type WorkerEvent =
  | { type: 'ready'; queue: string; concurrency: number; roots: string[] }
  | { type: 'started'; id: string; input: string }
  | { type: 'done'; id: string; report: FileReport }
  | { type: 'failed'; id: string; reason: string; willRetry: boolean }
  | { type: 'redis'; message: string };

export interface QueueWorker {
  /** Finishes the jobs under way (or, with abort, returns them to the queue) and disconnects. */
  close(options?: { abort?: boolean }): Promise<void>;
}

/** Reasons worth another attempt: the input is fine, something around it was not. */
const TRANSIENT = [/^interrupted$/, /no space left|quota exceeded|read-only file system|permission denied writing|cannot write to/i,
  /^ffmpeg did not start/, /^encoding took longer/, /another streamprep run is writing this output/];

export async function createWorker(options: WorkerOptions): Promise<QueueWorker> {
  const queueName = options.queue ?? DEFAULT_QUEUE;
  const roots = await Promise.all((options.roots?.length ? options.roots : [process.cwd()]).map((root) => realFolder(path.resolve(root))));
  const emit = (event: WorkerEvent): void => options.onEvent?.(event);
  const optimizers = new Map<string, Promise<Optimizer>>();
  const optimizerFor = (preset: string): Promise<Optimizer> => {
    let optimizer = optimizers.get(preset);
    if (!optimizer) {
      optimizer = createOptimizer({ preset, concurrency: options.concurrency ?? 1, threads: options.threads, ffmpegPath: options.ffmpegPath, ffprobePath: options.ffprobePath });
      optimizers.set(preset, optimizer);
    }
    return optimizer;
  };
  await optimizerFor('streaming'); // binaries checked before taking any job

  const connection = workerConnection(options.redis, (attempt, delay) =>
    emit({ type: 'redis', message: `Redis unreachable (attempt ${attempt}); retrying in ${(delay / 1000).toFixed(1)} s` }));
  connection.on('error', () => {}); // reported through the retry strategy
  const controller = new AbortController();

  const worker = new Worker(queueName, async (job: Job) => {
    const checked = validateJobData(job.data, roots);
    if (!checked.ok) throw new UnrecoverableError(`refused: ${checked.reason}`);
    const { input, output, preset, force } = checked.job;
    // By real path too: a symlink inside a root must not lead a job outside it.
    const [realInput, realOutputFolder] = await Promise.all([realpath(input).catch(() => input), realFolder(path.dirname(output))]);
    if (!roots.some((root) => isInside(realInput, root))) throw new UnrecoverableError(`refused: ${input} leads outside this worker's roots`);
    if (!roots.some((root) => realOutputFolder === root || isInside(realOutputFolder, root))) throw new UnrecoverableError(`refused: ${output} leads outside this worker's roots`);
    emit({ type: 'started', id: job.id ?? '?', input });
    await removeStaleTemporaries(path.dirname(output)); // a killed worker's leftovers
    const optimizer = await optimizerFor(preset).catch((error: Error) => { throw new UnrecoverableError(`preset ${preset}: ${error.message}`); });
    let lastProgress = 0;
    const report = await optimizer.optimizeAssigned(input, output, undefined, {
      signal: controller.signal,
      force,
      onFrames: (frames) => {
        if (Date.now() - lastProgress < 500) return;
        lastProgress = Date.now();
        void job.updateProgress({ frames }).catch(() => {});
      },
    });
    if (report.status === 'failed') {
      const reason = report.reason ?? 'failed';
      if (TRANSIENT.some((pattern) => pattern.test(reason))) throw new Error(reason);
      throw new UnrecoverableError(reason);
    }
    if (report.status === 'skipped' && /another streamprep run/.test(report.reason ?? '')) throw new Error(report.reason);
    return report;
  }, {
    connection,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDurationMs ?? 60_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: 2,
  });
  worker.on('completed', (job, report: FileReport) => emit({ type: 'done', id: job.id ?? '?', report }));
  worker.on('failed', (job, error) => {
    const attempts = job?.opts.attempts ?? 1;
    emit({ type: 'failed', id: job?.id ?? '?', reason: error.message, willRetry: !(error instanceof UnrecoverableError) && (job?.attemptsMade ?? 0) < attempts });
  });
  worker.on('error', () => {}); // connection trouble: reported through the retry strategy
  await worker.waitUntilReady().catch(() => {});
  emit({ type: 'ready', queue: queueName, concurrency: options.concurrency ?? 1, roots });

  return {
    async close({ abort = false } = {}) {
      if (abort) controller.abort();
      await worker.close(abort);
      for (const optimizer of optimizers.values()) await (await optimizer).close({ abort });
      connection.disconnect();
    },
  };
}
