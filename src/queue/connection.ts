// Connections to Redis: a worker's keeps retrying with backoff (and says so); a command's (enqueue,
// status) fails fast with a clear error instead of hanging.
import { Redis } from 'ioredis';
import { StreamprepError } from '../errors.js';
import { redactUrl } from './job.js';

export function workerConnection(url: string, onRetry?: (attempt: number, delayMs: number) => void): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null, // BullMQ workers need it
    retryStrategy: (attempt) => {
      const delay = Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
      onRetry?.(attempt, delay);
      return delay;
    },
  });
}

/** Connects once, or throws a StreamprepError (exit 2) naming the URL without its password. */
export async function commandConnection(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 3000, retryStrategy: () => null });
  redis.on('error', () => {}); // reported by connect() below
  try {
    await redis.connect();
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new StreamprepError(`cannot reach Redis at ${redactUrl(url)}: ${(error as Error).message.replace(url, redactUrl(url))}`, 2);
  }
}

/**
 * For following jobs over minutes (enqueue --wait): reconnects after a Redis restart (backoff capped at
 * 2 s) while each command fails fast during the outage, so the caller polls again instead of hanging.
 */
export function followConnection(connection: Redis): Redis {
  const follower = connection.duplicate({ maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (attempt) => Math.min(2000, 100 * 2 ** Math.min(attempt, 5)) });
  follower.on('error', () => {}); // outages are seen as failed polls
  return follower;
}
