// The queue's library calls, loaded on demand: bullmq and ioredis are optional packages, so importing
// streamprep (or running any other command) never needs them; a queue call without them says which to install.
import { UsageError } from '../errors.js';
import { loadOptional } from '../optional-package.js';
import { queueNameProblem } from './queue-name.js';
import type { EnqueueOptions, EnqueueResult, QueueStatus } from './enqueue.js';
import type { QueueWorker, WorkerOptions } from './worker.js';

const QUEUE_PACKAGES = ['bullmq', 'ioredis'] as const;

/** A bad queue name is a usage error before anything connects (BullMQ would refuse ':' only once connected). */
function checkName(name: string | undefined): void {
  if (name === undefined) return;
  const problem = queueNameProblem(name);
  if (problem) throw new UsageError(`${problem}, got "${name}"`);
}

export async function enqueue(inputs: readonly string[], options: EnqueueOptions): Promise<EnqueueResult> {
  checkName(options.queue);
  const module = await loadOptional(QUEUE_PACKAGES, 'enqueue', () => import('./enqueue.js'));
  return module.enqueue(inputs, options);
}

export async function queueStatus(redis: string, queueName?: string, limit?: number): Promise<QueueStatus> {
  checkName(queueName);
  const module = await loadOptional(QUEUE_PACKAGES, 'queue status', () => import('./enqueue.js'));
  return module.queueStatus(redis, queueName, limit);
}

/** Failed jobs back to waiting; how many. */
export async function retryFailed(redis: string, queueName?: string): Promise<number> {
  checkName(queueName);
  const module = await loadOptional(QUEUE_PACKAGES, 'queue retry', () => import('./enqueue.js'));
  return module.retryFailed(redis, queueName);
}

/** Finished jobs older than `ageMs` removed; how many per state. */
export async function cleanJobs(redis: string, queueName: string, states: ReadonlyArray<'failed' | 'completed'>, ageMs: number): Promise<Record<string, number>> {
  checkName(queueName);
  const module = await loadOptional(QUEUE_PACKAGES, 'queue clean', () => import('./enqueue.js'));
  return module.cleanJobs(redis, queueName, states, ageMs);
}

export async function createWorker(options: WorkerOptions): Promise<QueueWorker> {
  checkName(options.queue);
  const module = await loadOptional(QUEUE_PACKAGES, 'the worker', () => import('./worker.js'));
  return module.createWorker(options);
}
