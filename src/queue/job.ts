// What a queued optimize job carries — paths, never media bytes — and how a worker checks a job before
// touching anything: a forged job must not make a worker read or write outside its roots. Pure.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { isInside } from '../files/identity.js';
import type { FileReport } from '../report/types.js';

export const JOB_NAME = 'optimize';
export const DEFAULT_QUEUE = 'streamprep';

export interface OptimizeJobData {
  version: 1;
  /** Absolute input path, as every worker mounts it. */
  input: string;
  /** Absolute output path. */
  output: string;
  /** A built-in preset name (workers load it themselves). */
  preset: string;
  force: boolean;
}

/** What a worker leaves in a failed job (as its progress): enqueue --wait reads the cause from it, not from text. */
export interface JobOutcome {
  report: FileReport;
}

/** The job's data, or why it is refused. `roots` are the folders this worker may read and write. */
export function validateJobData(data: unknown, roots: readonly string[]): { ok: true; job: OptimizeJobData } | { ok: false; reason: string } {
  if (typeof data !== 'object' || data === null) return { ok: false, reason: 'job data is not an object' };
  const record = data as Record<string, unknown>;
  const known = new Set(['version', 'input', 'output', 'preset', 'force']);
  const unknown = Object.keys(record).filter((key) => !known.has(key));
  if (unknown.length > 0) return { ok: false, reason: `unknown job field(s): ${unknown.join(', ')}` };
  if (record.version !== 1) return { ok: false, reason: `job version ${JSON.stringify(record.version)} is not 1` };
  for (const key of ['input', 'output'] as const) {
    const value = record[key];
    if (typeof value !== 'string' || value.length === 0 || value.length > 4096 || value.includes('\0')) return { ok: false, reason: `${key} is not a usable path` };
    if (!path.isAbsolute(value) || path.normalize(value) !== value) return { ok: false, reason: `${key} ${value} is not an absolute, normalized path` };
    if (!roots.some((root) => isInside(value, root))) return { ok: false, reason: `${key} ${value} is outside this worker's roots (${roots.join(', ') || 'none'})` };
  }
  if (typeof record.preset !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(record.preset)) return { ok: false, reason: 'preset is not a preset name (letters, digits, - and _)' };
  if (typeof record.force !== 'boolean') return { ok: false, reason: 'force is not true or false' };
  return { ok: true, job: record as unknown as OptimizeJobData };
}

/**
 * A deterministic job id over everything that changes the output: the input (device + inode, size,
 * mtime), the output, the preset's content (not only its name) and force. Enqueuing a batch twice adds
 * nothing; changing any of these adds a new job.
 */
export function jobIdFor(
  identity: { dev: bigint | number; ino: bigint | number; size: bigint | number; mtimeNs: bigint | number },
  output: string, presetContent: string, force: boolean,
): string {
  const key = [identity.dev, identity.ino, identity.size, identity.mtimeNs, output, presetContent, force ? 'force' : ''].join('\0');
  return `sp-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/** A Redis URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the Redis URL (unparsable)';
  }
}

/** A worker's name in Redis: host, pid and concurrency, readable back by `queue status`. Pure. */
export const workerName = ({ host, pid, concurrency }: { host: string; pid: number; concurrency: number }): string =>
  `streamprep:${host.replace(/[^\w.-]/g, '_')}:${pid}:${concurrency}`;

export function parseWorkerName(name: string): { host: string; pid: number; concurrency: number } | undefined {
  const match = /streamprep:([\w.-]+):(\d+):(\d+)$/.exec(name);
  return match ? { host: match[1] as string, pid: Number(match[2]), concurrency: Number(match[3]) } : undefined;
}
