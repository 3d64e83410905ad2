// The library's enqueue(): one optimize job per input, with a deterministic id (enqueuing a batch twice
// adds nothing); with `wait`, the jobs are followed to the end and summed into the same report as
// optimize's. queueStatus(): what waits, runs, finished and failed, and why.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { UsageError, getErrorMessage } from '../errors.js';
import { expandInputs } from '../inputs/expand.js';
import { guardOutputs } from '../inputs/output-guard.js';
import { assignOutputs } from '../inputs/output-paths.js';
import { loadPreset } from '../presets/load.js';
import { blankReport, failedReport } from '../report/file-report.js';
import { computeTotals } from '../report/totals.js';
import type { FileReport, OptimizeReport } from '../report/types.js';
import { packageVersion } from '../version.js';
import { commandConnection } from './connection.js';
import { DEFAULT_QUEUE, JOB_NAME, type OptimizeJobData, jobIdFor } from './job.js';

export interface EnqueueOptions {
  output: string;
  redis: string;
  queue?: string;
  /** A built-in preset name (workers load it): default "streaming". */
  preset?: string;
  force?: boolean;
  /** Follow the jobs to the end and return their reports. */
  wait?: boolean;
  /** Attempts per job for transient failures (default 3). */
  attempts?: number;
  cwd?: string;
  onFile?: (file: FileReport) => void;
}

export interface EnqueueResult {
  added: number;
  /** Jobs that were already in the queue (the same input, output and preset). */
  existing: number;
  /** With `wait`: the reports, as optimize's. */
  report?: OptimizeReport;
}

export async function enqueue(inputs: readonly string[], options: EnqueueOptions): Promise<EnqueueResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const presetName = options.preset ?? 'streaming';
  if (/[/\\]|\.json$/.test(presetName)) throw new UsageError(`--preset ${presetName}: queued jobs take built-in preset names (workers load the preset themselves)`);
  await loadPreset(presetName);
  const outdir = path.resolve(cwd, options.output);
  const expanded = await expandInputs(inputs, { cwd, exclude: [outdir] });
  if (expanded.files.length === 0 && expanded.missing.length === 0) throw new UsageError(`no video files found in ${inputs.join(', ')}`);
  const { assignments } = await guardOutputs(assignOutputs(expanded.files, outdir));
  const connection = await commandConnection(options.redis);
  const queue = new Queue<OptimizeJobData>(options.queue ?? DEFAULT_QUEUE, { connection });
  // QueueEvents blocks on its connection: BullMQ wants no per-request retry limit there.
  const events = options.wait ? new QueueEvents(options.queue ?? DEFAULT_QUEUE, { connection: connection.duplicate({ maxRetriesPerRequest: null }) }) : undefined;
  const files: FileReport[] = expanded.missing.map(({ input, reason }) => failedReport(input, reason));
  for (const file of files) options.onFile?.(file);
  const waiting: Array<Promise<void>> = [];
  let added = 0;
  let existing = 0;
  try {
    await events?.waitUntilReady();
    for (const { input, output, conflict } of assignments) {
      if (!output) {
        const report = failedReport(input.path, conflict ?? 'no output path');
        files.push(report);
        options.onFile?.(report);
        continue;
      }
      const info = await stat(input.path, { bigint: true });
      const id = jobIdFor({ dev: info.dev, ino: info.ino, size: info.size, mtimeNs: info.mtimeNs }, output, presetName);
      const known = await queue.getJob(id);
      if (known) existing++;
      else added++;
      const job = known ?? await queue.add(JOB_NAME, { version: 1, input: input.path, output, preset: presetName, force: options.force ?? false }, {
        jobId: id, attempts: options.attempts ?? 3, backoff: { type: 'exponential', delay: 2000 },
        removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 },
      });
      if (events) {
        waiting.push(job.waitUntilFinished(events).then(
          (report: FileReport) => report,
          (error: unknown) => ({ ...blankReport(input.path, output), status: 'failed' as const, reason: getErrorMessage(error).replace(/^refused: /, '') }),
        ).then((report) => {
          files.push(report);
          options.onFile?.(report);
        }));
      }
    }
    await Promise.all(waiting);
  } finally {
    await events?.close();
    await queue.close();
    connection.disconnect();
  }
  if (!options.wait) return { added, existing };
  const order = new Map(assignments.map((assignment, index) => [assignment.input.path, index]));
  files.sort((a, b) => (order.get(a.input) ?? -1) - (order.get(b.input) ?? -1));
  return {
    added, existing,
    report: {
      schemaVersion: 1, tool: { name: 'streamprep', version: packageVersion() }, preset: presetName,
      ffmpeg: { path: '(the workers\')', version: 'unknown', source: 'workers' }, concurrency: 0,
      startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(), interrupted: false,
      files, totals: computeTotals(files, (performance.now() - started) / 1000),
    },
  };
}

export interface QueueStatus {
  queue: string;
  counts: Record<'waiting' | 'active' | 'completed' | 'failed' | 'delayed', number>;
  failed: Array<{ id: string; input: string; reason: string; attempts: number }>;
}

export async function queueStatus(redis: string, queueName: string = DEFAULT_QUEUE, limit = 100): Promise<QueueStatus> {
  const connection = await commandConnection(redis);
  const queue = new Queue<OptimizeJobData>(queueName, { connection });
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
    const failed = await queue.getFailed(0, limit - 1);
    return {
      queue: queueName,
      counts: { waiting: counts.waiting ?? 0, active: counts.active ?? 0, completed: counts.completed ?? 0, failed: counts.failed ?? 0, delayed: counts.delayed ?? 0 },
      failed: failed.map((job) => ({ id: job.id ?? '?', input: String(job.data?.input ?? '?'), reason: job.failedReason ?? '?', attempts: job.attemptsMade })),
    };
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
