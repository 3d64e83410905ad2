// The library's enqueue(): one optimize job per input, with a deterministic id over everything that
// changes the output (enqueuing a batch twice adds nothing); the same guards as optimize run first —
// report targets included — so nothing is queued that optimize would refuse. With `wait`, the jobs are
// followed to the end and summed into the same report as optimize's. queueStatus(): what waits, runs,
// finished and failed, and why.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { type Job, Queue } from 'bullmq';
import { parseWorkerName } from './job.js';
import { UsageError } from '../errors.js';
import { expandInputs } from '../inputs/expand.js';
import { guardOutputs } from '../inputs/output-guard.js';
import { assignOutputs } from '../inputs/output-paths.js';
import { loadNamedPreset } from '../presets/load.js';
import { failure } from '../report/causes.js';
import { failedReport } from '../report/file-report.js';
import { computeTotals } from '../report/totals.js';
import { type FileReport, type OptimizeReport, REPORT_SCHEMA_VERSION } from '../report/types.js';
import { packageVersion } from '../version.js';
import { commandConnection, followConnection } from './connection.js';
import { type PendingJob, followJobs } from './follow-jobs.js';
import { DEFAULT_QUEUE, JOB_NAME, type OptimizeJobData, jobIdFor } from './job.js';

export interface EnqueueOptions {
  output: string;
  redis: string;
  queue?: string;
  /** A preset name the workers know (built-in, or in their --preset-dir): default "streaming". */
  preset?: string;
  /** Folders of preset files (<name>.json), as the workers have them. */
  presetDirs?: string[];
  /** Replace outputs that exist; a job already completed (or failed) is run again. */
  force?: boolean;
  /** Follow the jobs to the end and return their reports. */
  wait?: boolean;
  /** Stops following (the jobs stay queued). */
  signal?: AbortSignal;
  /** Files the caller writes afterwards (--report): checked before anything is queued. */
  reportFiles?: readonly string[];
  /** Attempts per job for transient failures (default 3). */
  attempts?: number;
  cwd?: string;
  onFile?: (file: FileReport) => void;
  onOutage?: (message: string | undefined) => void;
  /** --wait found no worker connected to the queue (after 2 s). */
  onNoWorker?: (queue: string) => void;
  /** Every job is in the queue (before --wait follows them). */
  onQueued?: (counts: { added: number; existing: number }) => void;
}

export interface EnqueueResult {
  added: number;
  /** Jobs that were already in the queue (the same input, output, preset and force). */
  existing: number;
  /** With `wait`: the reports, as optimize's. */
  report?: OptimizeReport;
  /** With `wait`, after a signal: jobs still queued (workers will run them). */
  unfinished?: number;
}

const exists = (file: string): Promise<boolean> => stat(file).then(() => true, () => false);

/** A job with this id that is over and should run again: completed but its output is gone (or forced), failed and forced. */
async function isStale(job: Job, force: boolean, output: string): Promise<boolean> {
  const state = await job.getState();
  if (state === 'completed') return force || !(await exists(output));
  return state === 'failed' && force;
}

export async function enqueue(inputs: readonly string[], options: EnqueueOptions): Promise<EnqueueResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const presetName = options.preset ?? 'streaming';
  const preset = await loadNamedPreset(presetName, (options.presetDirs ?? []).map((dir) => path.resolve(cwd, dir)));
  const presetContent = JSON.stringify(preset);
  const outdir = path.resolve(cwd, options.output);
  const expanded = await expandInputs(inputs, { cwd, exclude: [outdir] });
  if (expanded.files.length === 0 && expanded.missing.length === 0) throw new UsageError(`no video files found in ${inputs.join(', ')}`);
  const reports = (options.reportFiles ?? []).map((file) => ({ file: path.resolve(cwd, file), label: `--report ${file}` }));
  const { assignments } = await guardOutputs(assignOutputs(expanded.files, outdir), { reports });
  const force = options.force ?? false;
  const connection = await commandConnection(options.redis);
  const queue = new Queue<OptimizeJobData>(options.queue ?? DEFAULT_QUEUE, { connection });
  const files: FileReport[] = expanded.missing.map(({ input, reason }) => failedReport(input, failure('unreadable', reason)));
  for (const file of files) options.onFile?.(file);
  const pending: PendingJob[] = [];
  let added = 0;
  let existing = 0;
  try {
    for (const { input, output, conflict } of assignments) {
      if (!output) {
        const report = failedReport(input.path, conflict ?? failure('collision', 'no output path'));
        files.push(report);
        options.onFile?.(report);
        continue;
      }
      const info = await stat(input.path, { bigint: true }).catch(() => undefined);
      if (!info) {
        const report = failedReport(input.path, failure('unreadable', 'no such file (it went away before it was queued)'), output);
        files.push(report);
        options.onFile?.(report);
        continue;
      }
      const id = jobIdFor({ dev: info.dev, ino: info.ino, size: info.size, mtimeNs: info.mtimeNs }, output, presetContent, force);
      let known = await queue.getJob(id);
      if (known && await isStale(known, force, output)) {
        await known.remove();
        known = undefined;
      }
      if (known) existing++;
      else {
        added++;
        await queue.add(JOB_NAME, { version: 1, input: input.path, output, preset: presetName, force }, {
          jobId: id, attempts: options.attempts ?? 3, backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 },
        });
      }
      pending.push({ id, input: input.path, output });
    }
  } finally {
    if (!options.wait) {
      await queue.close();
      connection.disconnect();
    }
  }
  options.onQueued?.({ added, existing });
  if (!options.wait) return { added, existing };
  // Following takes minutes: a connection that survives a Redis restart.
  const follower = followConnection(connection);
  const watching = new Queue<OptimizeJobData>(options.queue ?? DEFAULT_QUEUE, { connection: follower });
  let followed;
  try {
    followed = await followJobs(watching, pending, {
      signal: options.signal, onReport: options.onFile, onOutage: options.onOutage,
      onNoWorker: () => options.onNoWorker?.(options.queue ?? DEFAULT_QUEUE),
    });
  } finally {
    await watching.close().catch(() => {});
    follower.disconnect();
    await queue.close().catch(() => {});
    connection.disconnect();
  }
  files.push(...followed.reports);
  // The batch's wall time: from when its first job began (a worker may have begun it before this run
  // enqueued anything) or this run started, to now (its last job has ended). Workers' clocks are trusted.
  const startedAtMs = Date.now() - (performance.now() - started);
  const wallSec = (Date.now() - Math.min(followed.span?.from ?? startedAtMs, startedAtMs)) / 1000;
  const order = new Map(assignments.map((assignment, index) => [assignment.input.path, index]));
  files.sort((a, b) => (order.get(a.input) ?? -1) - (order.get(b.input) ?? -1));
  return {
    added, existing, unfinished: followed.unfinished,
    report: {
      schemaVersion: REPORT_SCHEMA_VERSION, tool: { name: 'streamprep', version: packageVersion() }, preset: presetName,
      ffmpeg: { path: '(the workers\')', version: 'unknown', source: 'workers' }, concurrency: followed.maxActive,
      startedAt: new Date(Math.min(followed.span?.from ?? startedAtMs, startedAtMs)).toISOString(), interrupted: followed.unfinished > 0,
      files, totals: computeTotals(files, wallSec),
    },
  };
}

export interface QueueStatus {
  queue: string;
  counts: Record<'waiting' | 'active' | 'completed' | 'failed' | 'delayed', number>;
  failed: Array<{ id: string; input: string; reason: string; attempts: number }>;
  /** Workers connected to the queue now, with the files each is encoding. */
  workers: Array<{ host: string; pid: number; concurrency: number; files: string[] }>;
}

/** Failed jobs back to waiting (`queue retry`): how many. */
export async function retryFailed(redis: string, queueName: string = DEFAULT_QUEUE): Promise<number> {
  const connection = await commandConnection(redis);
  const queue = new Queue<OptimizeJobData>(queueName, { connection });
  try {
    const count = (await queue.getJobCounts('failed')).failed ?? 0;
    await queue.retryJobs({ state: 'failed', count: 1000 });
    return count;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Finished jobs older than `ageMs` removed (`queue clean`): how many, per state. */
export async function cleanJobs(redis: string, queueName: string, states: ReadonlyArray<'failed' | 'completed'>, ageMs: number): Promise<Record<string, number>> {
  const connection = await commandConnection(redis);
  const queue = new Queue<OptimizeJobData>(queueName, { connection });
  try {
    const removed: Record<string, number> = {};
    for (const state of states) {
      let total = 0;
      for (let batch = await queue.clean(ageMs, 1000, state); batch.length > 0; batch = await queue.clean(ageMs, 1000, state)) total += batch.length;
      removed[state] = total;
    }
    return removed;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

export async function queueStatus(redis: string, queueName: string = DEFAULT_QUEUE, limit = 100): Promise<QueueStatus> {
  const connection = await commandConnection(redis);
  const queue = new Queue<OptimizeJobData>(queueName, { connection });
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
    const failed = await queue.getFailed(0, limit - 1);
    const active = await queue.getActive(0, limit - 1);
    const clients = await queue.getWorkers().catch(() => [] as Array<Record<string, string>>);
    const workers = clients.flatMap((client) => {
      const named = parseWorkerName(String(client.rawname ?? client.name ?? ''));
      if (!named) return [];
      const files = active.filter((job) => job.processedBy !== undefined && named && job.processedBy.endsWith(`${named.host}:${named.pid}:${named.concurrency}`)).map((job) => String(job.data?.input ?? '?'));
      return [{ ...named, files }];
    });
    return {
      queue: queueName,
      workers,
      counts: { waiting: counts.waiting ?? 0, active: counts.active ?? 0, completed: counts.completed ?? 0, failed: counts.failed ?? 0, delayed: counts.delayed ?? 0 },
      failed: failed.map((job) => ({ id: job.id ?? '?', input: String(job.data?.input ?? '?'), reason: job.failedReason ?? '?', attempts: job.attemptsMade })),
    };
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
