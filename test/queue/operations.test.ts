// Operating workers, with a real Redis and real worker processes: who is connected and what each
// encodes, failed jobs retried and cleaned, a worker's default concurrency.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli, tempDir } from '../helpers/media.js';
import { type TestRedis, startRedis } from '../helpers/redis.js';
import { parseWorkerName, workerName } from '../../src/queue/job.js';

let redis: TestRedis;
const children: ChildProcess[] = [];
beforeAll(async () => { redis = await startRedis(); });
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await redis?.stop();
});

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const status = async (queue: string, cwd: string): Promise<{ workers: Array<{ host: string; pid: number; concurrency: number; files: string[] }>; counts: Record<string, number> }> =>
  JSON.parse((await runCli(['queue', 'status', '--redis', redis.url, '--queue', queue, '--json'], { cwd })).stdout);

describe('operating workers', () => {
  it('names a worker so that it can be read back', () => {
    expect(parseWorkerName(workerName({ host: 'gpu-1.local', pid: 42, concurrency: 3 }))).toEqual({ host: 'gpu-1.local', pid: 42, concurrency: 3 });
    expect(parseWorkerName('bull:abc')).toBeUndefined();
  });

  it('queue status lists connected workers (host, pid, concurrency: the cores by default); retry and clean handle failed jobs', async () => {
    const root = await tempDir('queue-ops');
    await mkdir(path.join(root, 'in'));
    await writeFile(path.join(root, 'in', 'bad.mp4'), 'not a video');
    const before = await status('ops', root);
    expect(before.workers).toEqual([]);
    expect((await runCli(['queue', 'status', '--redis', redis.url, '--queue', 'ops'], { cwd: root })).stdout).toMatch(/no worker is connected/);

    const worker = spawn(process.execPath, [CLI, 'worker', '--redis', redis.url, '--queue', 'ops', '--root', root], { stdio: 'ignore', env: { ...process.env, STREAMPREP_WORKER_SHARE_DIR: path.join(root, '.workers') } });
    children.push(worker);
    const connected = await until(() => status('ops', root), (s) => s.workers.length === 1);
    expect(connected.workers[0]).toMatchObject({ host: os.hostname(), pid: worker.pid, concurrency: os.availableParallelism() });

    expect((await runCli(['enqueue', 'in', '-o', 'out', '--redis', redis.url, '--queue', 'ops'], { cwd: root })).code).toBe(0);
    await until(() => status('ops', root), (s) => s.counts.failed === 1);
    const retried = await runCli(['queue', 'retry', '--redis', redis.url, '--queue', 'ops'], { cwd: root });
    expect(retried.stdout).toMatch(/^1 failed job\(s\) queued again/);
    // Still not a video: it fails again, once.
    await until(() => status('ops', root), (s) => s.counts.failed === 1 && s.counts.waiting === 0 && s.counts.active === 0);
    const cleaned = await runCli(['queue', 'clean', '--failed', '--redis', redis.url, '--queue', 'ops'], { cwd: root });
    expect(cleaned.stdout).toMatch(/^1 failed job\(s\) removed/);
    expect((await status('ops', root)).counts.failed).toBe(0);
    const nothing = await runCli(['queue', 'clean', '--redis', redis.url, '--queue', 'ops'], { cwd: root });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/--failed, --completed or both/);
  }, 180_000);
});
