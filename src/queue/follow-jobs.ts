// Follows queued jobs to their end by polling their states — no event subscription to lose: a Redis
// restart only delays the answer, and a signal stops the following at once (the jobs stay queued).
// A finished job's report comes from the job itself (its return value, or the report a worker left in
// it before failing it), so its cause is a value, never parsed from text.
import type { Queue } from 'bullmq';
import { failure, isCause } from '../report/causes.js';
import { failedReport } from '../report/file-report.js';
import type { FileReport } from '../report/types.js';
import type { JobOutcome } from './job.js';

export interface PendingJob {
  id: string;
  input: string;
  output: string;
}

export interface FollowOptions {
  signal?: AbortSignal | undefined;
  pollMs?: number;
  onReport?: (report: FileReport) => void;
  /** A poll failed (Redis unreachable): said once per outage. */
  onOutage?: (message: string | undefined) => void;
  /** Nothing to wait for: no worker is connected to the queue (said once, after `noWorkerAfterMs`). */
  onNoWorker?: () => void;
  noWorkerAfterMs?: number;
}

/** When the followed jobs ran, ms since the epoch, from the queue's own records (Redis's clock). */
export interface Span {
  from: number;
  to: number;
}

export interface FollowResult {
  reports: FileReport[];
  /**
   * From the first job's start to the last one's end: a job a worker had begun before it was followed
   * (enqueued by an earlier run) counts from when it began — the batch's wall time, not the follower's.
   */
  span: Span | undefined;
  /** Jobs not finished when the signal came: they stay queued. */
  unfinished: number;
  /** The most jobs seen active at once: the concurrency the workers gave this batch. */
  maxActive: number;
}

/** A report a worker left in a failed job, if it is one. Pure. */
export function reportFromProgress(progress: unknown): FileReport | undefined {
  const report = (progress as Partial<JobOutcome> | undefined)?.report;
  return report && typeof report.input === 'string' && (report.cause === undefined || isCause(report.cause)) ? report : undefined;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> => new Promise((resolve) => {
  const timer = setTimeout(done, ms);
  signal?.addEventListener('abort', done, { once: true });
  function done(): void {
    clearTimeout(timer);
    signal?.removeEventListener('abort', done);
    resolve();
  }
});

async function finalReport(queue: Queue, job: PendingJob, state: string, span: Span): Promise<FileReport | undefined> {
  if (state === 'unknown') return failedReport(job.input, failure('lost', 'the job is no longer in the queue (removed, or Redis restarted without persistence); enqueue it again'), job.output);
  if (state !== 'completed' && state !== 'failed') return undefined;
  const found = await queue.getJob(job.id);
  if (!found) return undefined;
  if (found.processedOn) span.from = Math.min(span.from, found.processedOn);
  if (found.finishedOn) span.to = Math.max(span.to, found.finishedOn);
  if (state === 'completed') return found.returnvalue as FileReport;
  // A job that ended failed is a failed file, whatever its last attempt said (a retry that kept finding
  // the output locked, say): never counted as skipped.
  const left = reportFromProgress(found.progress);
  return left ? { ...left, status: 'failed', cause: left.cause ?? 'internal', reason: left.reason ?? found.failedReason } : failedReport(job.input, failure('internal', found.failedReason || 'failed'), job.output);
}

export async function followJobs(queue: Queue, jobs: readonly PendingJob[], options: FollowOptions = {}): Promise<FollowResult> {
  const pending = new Map(jobs.map((job) => [job.id, job]));
  const reports: FileReport[] = [];
  const span: Span = { from: Infinity, to: -Infinity };
  let maxActive = 0;
  let outage = false;
  const started = performance.now();
  let workersChecked = false;
  while (pending.size > 0 && !options.signal?.aborted) {
    try {
      if (!workersChecked && performance.now() - started >= (options.noWorkerAfterMs ?? 2000)) {
        workersChecked = true;
        if ((await queue.getWorkersCount()) === 0) options.onNoWorker?.();
      }
      let active = 0;
      for (const job of [...pending.values()]) {
        if (options.signal?.aborted) break;
        const state = await queue.getJobState(job.id);
        if (state === 'active') active++;
        const report = await finalReport(queue, job, state, span);
        if (!report) continue;
        pending.delete(job.id);
        reports.push(report);
        options.onReport?.(report);
      }
      maxActive = Math.max(maxActive, active);
      if (outage) options.onOutage?.(undefined);
      outage = false;
    } catch (error) {
      if (!outage) options.onOutage?.(`Redis unreachable (${(error as Error).message}); still waiting for ${pending.size} job(s)`);
      outage = true;
    }
    if (pending.size > 0) await sleep(options.pollMs ?? 250, options.signal);
  }
  return { reports, unfinished: pending.size, maxActive, span: span.from < span.to ? span : undefined };
}
