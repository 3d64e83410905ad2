// The queue keeps the batch's promises, against a real redis-server and real worker processes: report
// targets checked before anything is queued, forged jobs that would overwrite an input or name a preset
// file refused, a finished job re-run when its output is gone or with -f, --wait surviving a Redis
// restart and stopping at the first signal, a worker that stops on SIGTERM whatever its jobs did.
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, FIXTURES, runCli, tempDir } from '../helpers/media.js';
import { type TestRedis, startRedis } from '../helpers/redis.js';

let redis: TestRedis;
beforeAll(async () => { redis = await startRedis({ persist: true }); });
afterAll(async () => { await redis?.stop(); });

interface Running { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>; output: () => string }

function spawnCli(args: string[], cwd: string): Running {
  // Workers announce themselves in a folder of the test's own: workers of other test files are not counted.
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STREAMPREP_WORKER_SHARE_DIR: path.join(cwd, '.workers') } });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => { stdout += chunk; });
  child.stderr?.on('data', (chunk) => { stderr += chunk; });
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, output: () => stdout + stderr };
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const worker = (root: string, queue: string, extra: string[] = []): Running =>
  spawnCli(['worker', '--redis', redis.url, '--queue', queue, '--root', root, ...extra], root);

describe('enqueue and workers keep the batch\'s promises', () => {
  it('checks --report before queuing anything: an input as report target, or a missing folder, is exit 2 and nothing queued', async () => {
    const root = await tempDir('queue-report');
    await mkdir(path.join(root, 'in'));
    await copyFile(path.join(FIXTURES, 'slow-10fps.mp4'), path.join(root, 'in', 'v.mp4'));
    const before = await readFile(path.join(root, 'in', 'v.mp4'));
    const overInput = await runCli(['enqueue', 'in/v.mp4', '-o', 'out', '--redis', redis.url, '--queue', 'report', '--wait', '--report', 'in/v.mp4'], { cwd: root });
    expect(overInput.code).toBe(2);
    expect(overInput.stderr).toMatch(/--report in\/v\.mp4: would overwrite the input/);
    const nowhere = await runCli(['enqueue', 'in/v.mp4', '-o', 'out', '--redis', redis.url, '--queue', 'report', '--wait', '--report', '/nonexistent/r.json'], { cwd: root });
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/does not exist/);
    expect(await readFile(path.join(root, 'in', 'v.mp4'))).toEqual(before);
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('report', { connection });
    expect(await queue.getJobCounts('waiting', 'active', 'completed', 'failed')).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0 });
    await queue.close();
    connection.disconnect();
  });

  it('refuses forged jobs that would write over their input or a text file, or name a preset file; none is retried', async () => {
    const root = await tempDir('queue-forged-guards');
    const input = path.join(root, 'v.mp4');
    await copyFile(path.join(FIXTURES, 'slow-10fps.mp4'), input);
    await writeFile(path.join(root, 'notes.mp4'), 'notes, not a video\n');
    await writeFile(path.join(root, 'evil.json'), '{}');
    const running = worker(root, 'forged-guards');
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('forged-guards', { connection });
    try {
      await waitFor(() => running.output().includes('worker on'));
      const jobs = {
        self: { version: 1, input, output: input, preset: 'streaming', force: true },
        text: { version: 1, input, output: path.join(root, 'notes.mp4'), preset: 'streaming', force: true },
        presetFile: { version: 1, input, output: path.join(root, 'x.mp4'), preset: 'evil.json', force: false },
        presetName: { version: 1, input, output: path.join(root, 'y.mp4'), preset: 'evil', force: false },
      };
      for (const [id, data] of Object.entries(jobs)) await queue.add('optimize', data, { jobId: id, attempts: 3 });
      await waitFor(async () => (await Promise.all(Object.keys(jobs).map((id) => queue.getJobState(id)))).every((state) => state === 'failed'));
      const failed = Object.fromEntries(await Promise.all(Object.keys(jobs).map(async (id) => [id, await queue.getJob(id)] as const)));
      expect(failed.self?.progress).toMatchObject({ report: { status: 'failed', cause: 'collision' } });
      expect(failed.text?.progress).toMatchObject({ report: { status: 'failed', cause: 'collision' } });
      expect(failed.presetFile?.progress).toMatchObject({ report: { cause: 'refused' } });
      expect(failed.presetName?.failedReason).toMatch(/unknown preset "evil"/);
      for (const job of Object.values(failed)) expect(job?.attemptsMade).toBe(1);
      expect(running.output()).toMatch(/failed +\S*v\.mp4 \(job self\)/); // the log names the file
    } finally {
      running.child.kill('SIGKILL');
      await queue.close();
      connection.disconnect();
    }
    expect(await readFile(input)).toEqual(await readFile(path.join(FIXTURES, 'slow-10fps.mp4')));
    expect(await readFile(path.join(root, 'notes.mp4'), 'utf8')).toBe('notes, not a video\n');
  });

  it('re-runs a finished job when its output is gone or with -f, and --wait survives a Redis restart', async () => {
    const root = await tempDir('queue-rerun');
    await mkdir(path.join(root, 'in'));
    for (const name of ['a', 'b', 'c']) await copyFile(path.join(FIXTURES, 'hd-1080p-30fps.mp4'), path.join(root, 'in', `${name}.mp4`));
    const running = worker(root, 'rerun', ['--threads', '1']);
    const enqueueWait = (extra: string[] = []) => runCli(['enqueue', 'in', '-o', 'out', '--redis', redis.url, '--queue', 'rerun', '--wait', '--no-progress', ...extra], { cwd: root });
    try {
      await waitFor(() => running.output().includes('worker on'));
      expect((await enqueueWait()).code).toBe(0);
      await rm(path.join(root, 'out', 'a.mp4'));
      const again = await enqueueWait();
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/1 job\(s\) added, 2 already queued/);
      expect(await readdir(path.join(root, 'out'))).toContain('a.mp4');
      const forced = await enqueueWait(['-f']);
      expect(forced.stderr).toMatch(/3 job\(s\) added, 0 already queued/);
      expect(forced.stdout).toMatch(/3 file\(s\): 3 ok/);
      // Restart Redis while --wait follows a batch no worker has finished (the worker is paused): it
      // reconnects and finishes once the worker goes on (no hang).
      running.child.kill('SIGSTOP');
      const waiting = spawnCli(['enqueue', 'in', '-o', 'out2', '--redis', redis.url, '--queue', 'rerun', '--wait', '--no-progress'], root);
      await waitFor(() => waiting.output().includes('job(s) added'));
      await redis.restart();
      running.child.kill('SIGCONT');
      const result = await waiting.done;
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/3 file\(s\): \d ok, 0 failed/);
    } finally {
      running.child.kill('SIGKILL');
    }
  }, 180_000);

  it('--wait says when no worker is connected, stops at the first signal (exit 143) and says the jobs stay queued', async () => {
    const root = await tempDir('queue-signal');
    await copyFile(path.join(FIXTURES, 'slow-10fps.mp4'), path.join(root, 'a.mp4'));
    const waiting = spawnCli(['enqueue', 'a.mp4', '-o', 'out', '--redis', redis.url, '--queue', 'no-workers', '--wait', '--no-progress'], root);
    await waitFor(() => waiting.output().includes('job(s) added'));
    await waitFor(() => waiting.output().includes('no worker is connected to queue no-workers'));
    waiting.child.kill('SIGTERM');
    const result = await waiting.done;
    expect(result.code).toBe(143);
    expect(result.stderr).toMatch(/1 job\(s\) stay queued/);
  });

  it('a worker stops on SIGTERM after a job whose preset did not load', async () => {
    const root = await tempDir('queue-bad-preset');
    await copyFile(path.join(FIXTURES, 'slow-10fps.mp4'), path.join(root, 'a.mp4'));
    await mkdir(path.join(root, 'presets'));
    await writeFile(path.join(root, 'presets', 'broken.json'), '{"name": "broken"}');
    const running = worker(root, 'bad-preset', ['--preset-dir', path.join(root, 'presets')]);
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('bad-preset', { connection });
    try {
      await waitFor(() => running.output().includes('worker on'));
      await queue.add('optimize', { version: 1, input: path.join(root, 'a.mp4'), output: path.join(root, 'out.mp4'), preset: 'broken', force: false }, { jobId: 'bad', attempts: 3 });
      await waitFor(async () => (await queue.getJobState('bad')) === 'failed');
      running.child.kill('SIGTERM');
      expect((await running.done).code).toBe(143);
    } finally {
      running.child.kill('SIGKILL');
      await queue.close();
      connection.disconnect();
    }
  });
});
