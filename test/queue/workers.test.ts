// Workers against a real redis-server, as separate processes: enqueue/wait/status, idempotent enqueue,
// bad input not retried, forged jobs refused, a worker killed mid-encode (outputs appear exactly once),
// SIGTERM finishing the job under way, Redis unreachable.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOwnFileName } from '../../src/files/temp-names.js';
import { CLI, FIXTURES, ffmpegPath, ffprobe, runCli, tempDir, topLevelTypes } from '../helpers/media.js';
import { type TestRedis, startRedis } from '../helpers/redis.js';

let redis: TestRedis;
/** Where this file's workers announce themselves: workers of other test files running meanwhile are not counted. */
let shareDir: string;
beforeAll(async () => {
  redis = await startRedis();
  shareDir = await tempDir('worker-share');
});
afterAll(async () => { await redis?.stop(); });

function startWorker(root: string, queue: string, extra: string[] = []): { child: ChildProcess; exit: Promise<number | null>; log: () => string } {
  const child = spawn(process.execPath, [CLI, 'worker', '--redis', redis.url, '--queue', queue, '--root', root, ...extra], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STREAMPREP_WORKER_SHARE_DIR: shareDir } });
  let log = '';
  child.stdout?.on('data', (chunk) => { log += chunk; });
  child.stderr?.on('data', (chunk) => { log += chunk; });
  return { child, exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))), log: () => log };
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('streamprep worker and enqueue', () => {
  it('optimize through the queue: the same report, idempotent enqueue, bad input failed once', async () => {
    const root = await tempDir('queue-basic');
    await mkdir(path.join(root, 'in'));
    await copyFile(path.join(FIXTURES, 'chunk-moov-at-end.mp4'), path.join(root, 'in', 'a.mp4'));
    await copyFile(path.join(FIXTURES, 'slow-10fps.mp4'), path.join(root, 'in', 'b.mp4'));
    await writeFile(path.join(root, 'in', 'bad.mp4'), 'not a video');
    const worker = startWorker(root, 'basic');
    try {
      await waitFor(() => worker.log().includes('worker on'));
      const waited = await runCli(['enqueue', 'in', '-o', 'out', '--redis', redis.url, '--queue', 'basic', '--wait', '--no-progress'], { cwd: root });
      expect(waited.code).toBe(1);
      expect(waited.stdout).toMatch(/ok +in\/a\.mp4 /);
      expect(waited.stdout).toMatch(/failed +in\/bad\.mp4 .*a text file/);
      expect(waited.stderr).toMatch(/3 job\(s\) added, 0 already queued/);
      expect(waited.stderr).not.toMatch(/no worker is connected/);
      const again = await runCli(['enqueue', 'in', '-o', 'out', '--redis', redis.url, '--queue', 'basic'], { cwd: root });
      expect(again.stderr).toMatch(/0 job\(s\) added, 3 already queued/);
      const status = JSON.parse((await runCli(['queue', 'status', '--redis', redis.url, '--queue', 'basic', '--json'])).stdout);
      expect(status.counts).toMatchObject({ completed: 2, failed: 1, waiting: 0, active: 0 });
      expect(status.failed).toEqual([expect.objectContaining({ input: path.join(root, 'in', 'bad.mp4'), attempts: 1 })]);
      expect((await readdir(path.join(root, 'out'))).sort()).toEqual(['a.mp4', 'b.mp4']);
    } finally {
      worker.child.kill('SIGKILL');
    }
  });

  it('enqueue --wait on a job a worker had already begun counts the batch from when it began: its wall time is never shorter than its encode', async () => {
    const root = await tempDir('queue-begun');
    await mkdir(path.join(root, 'in'));
    // Long enough to be caught mid-encode: 8 s of 720p at 30 fps.
    await promisify(execFile)(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30:duration=8',
      '-c:v', 'libx264', '-preset', 'ultrafast', path.join(root, 'in', 'long.mp4')]);
    const worker = startWorker(root, 'begun', ['--concurrency', '1', '--threads', '1']);
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('begun', { connection });
    try {
      await waitFor(() => worker.log().includes('worker on'));
      expect((await runCli(['enqueue', 'in', '-o', 'out', '--redis', redis.url, '--queue', 'begun'], { cwd: root })).code).toBe(0);
      await waitFor(async () => (await queue.getJobCounts('active')).active === 1, 60_000);
      // Well into the encode before the batch is followed.
      const [job] = await queue.getJobs(['active']);
      await waitFor(async () => Date.now() - ((await queue.getJob(job!.id as string))?.processedOn ?? Date.now()) > 1000, 60_000);
      const waited = await runCli(['enqueue', 'in', '-o', 'out', '--redis', redis.url, '--queue', 'begun', '--wait', '--no-progress', '--report', 'report.json'], { cwd: root });
      expect(waited.code, waited.stderr).toBe(0);
      expect(waited.stderr).toMatch(/0 job\(s\) added, 1 already queued/);
      const report = JSON.parse(await (await import('node:fs/promises')).readFile(path.join(root, 'report.json'), 'utf8'));
      const encodeSec = report.files[0].encodeSec as number;
      expect(report.totals.wallSec).toBeGreaterThanOrEqual(encodeSec);
      expect(report.totals.aggregateRtf).toBeGreaterThanOrEqual(encodeSec / report.totals.mediaSec - 1e-9);
    } finally {
      worker.child.kill('SIGKILL');
      await queue.close();
      connection.disconnect();
    }
  }, 180_000);

  it('refuses a forged job outside its roots without retrying it', async () => {
    const root = await tempDir('queue-forged');
    const worker = startWorker(root, 'forged');
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('forged', { connection });
    try {
      await waitFor(() => worker.log().includes('worker on'));
      await queue.add('optimize', { version: 1, input: '/etc/passwd', output: path.join(root, 'x.mp4'), preset: 'streaming', force: false }, { jobId: 'forged-1', attempts: 3 });
      await waitFor(async () => (await queue.getJobState('forged-1')) === 'failed');
      const job = await queue.getJob('forged-1');
      expect(job?.failedReason).toMatch(/refused: input \/etc\/passwd is outside this worker's roots/);
      expect(job?.attemptsMade).toBe(1);
      // A symlink inside the root that leads out is refused by its real path.
      await symlink('/etc/passwd', path.join(root, 'link.mp4'));
      await queue.add('optimize', { version: 1, input: path.join(root, 'link.mp4'), output: path.join(root, 'x.mp4'), preset: 'streaming', force: false }, { jobId: 'forged-2', attempts: 3 });
      await waitFor(async () => (await queue.getJobState('forged-2')) === 'failed');
      expect((await queue.getJob('forged-2'))?.failedReason).toMatch(/leads outside this worker's roots/);
    } finally {
      worker.child.kill('SIGKILL');
      await queue.close();
      connection.disconnect();
    }
  });

  it('a worker killed mid-encode: another takes its job, every output appears exactly once, verified', async () => {
    const root = await tempDir('queue-kill');
    await mkdir(path.join(root, 'in'));
    const long = path.join(root, 'long.mp4');
    await promisify(execFile)(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-t', '3',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', long]);
    for (let i = 0; i < 6; i++) await copyFile(long, path.join(root, 'in', `c${i}.mp4`));
    const workers = [startWorker(root, 'kill', ['--lock-duration', '2000', '-j', '1', '--threads', '1']), startWorker(root, 'kill', ['--lock-duration', '2000', '-j', '1', '--threads', '1'])];
    try {
      await waitFor(() => workers.every((worker) => worker.log().includes('worker on')));
      const waiting = runCli(['enqueue', 'in', '-o', 'out', '--redis', redis.url, '--queue', 'kill', '--wait', '--no-progress'], { cwd: root });
      // Kill the first worker while it encodes.
      await waitFor(async () => (await readdir(path.join(root, 'out')).catch(() => [] as string[])).some(isOwnFileName));
      workers[0]?.child.kill('SIGKILL');
      const result = await waiting;
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      // A kill that lands after the output took its name (verified) but before the job was marked done
      // leaves the retry an existing output: skipped, which is as good as ok. Nothing fails.
      const counts = /6 file\(s\): (\d) ok, 0 failed, (\d) skipped/.exec(result.stdout);
      expect(counts, result.stdout).not.toBeNull();
      expect(Number(counts?.[1]) + Number(counts?.[2])).toBe(6);
    } finally {
      for (const worker of workers) worker.child.kill('SIGKILL');
    }
    const outputs = (await readdir(path.join(root, 'out'))).filter((name) => !isOwnFileName(name)).sort();
    expect(outputs).toEqual(['c0.mp4', 'c1.mp4', 'c2.mp4', 'c3.mp4', 'c4.mp4', 'c5.mp4']);
    for (const name of outputs) {
      const types = await topLevelTypes(path.join(root, 'out', name));
      expect(types.indexOf('moov')).toBeLessThan(types.indexOf('mdat'));
      expect(Number((await ffprobe(path.join(root, 'out', name))).format.duration)).toBeGreaterThan(2.9);
    }
  });

  it('SIGTERM: the job under way is finished, then exit 143', async () => {
    const root = await tempDir('queue-term');
    await mkdir(path.join(root, 'in'));
    await copyFile(path.join(FIXTURES, 'hd-1080p-30fps.mp4'), path.join(root, 'in', 'a.mp4'));
    const worker = startWorker(root, 'term');
    await waitFor(() => worker.log().includes('worker on'));
    await runCli(['enqueue', 'in', '-o', 'out', '--redis', redis.url, '--queue', 'term'], { cwd: root });
    await waitFor(async () => (await readdir(path.join(root, 'out')).catch(() => [] as string[])).length > 0, 20_000);
    worker.child.kill('SIGTERM');
    expect(await worker.exit).toBe(143);
    await waitFor(async () => (await readdir(path.join(root, 'out'))).includes('a.mp4'), 1000);
  });

  it('two workers on one machine with default flags share its cores: each takes its share, and the one left takes them all again', async () => {
    const root = await tempDir('queue-share');
    const share = path.join(root, '.workers');
    const cores = (await import('node:os')).availableParallelism();
    const start = (): ReturnType<typeof startWorker> => {
      const child = spawn(process.execPath, [CLI, 'worker', '--redis', redis.url, '--queue', 'share', '--root', root], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STREAMPREP_WORKER_SHARE_DIR: share } });
      let log = '';
      child.stdout?.on('data', (chunk) => { log += chunk; });
      child.stderr?.on('data', (chunk) => { log += chunk; });
      return { child, exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))), log: () => log };
    };
    const first = start();
    let second: ReturnType<typeof startWorker> | undefined;
    try {
      await waitFor(() => first.log().includes('worker on'), 60_000);
      expect(first.log()).toContain(`${cores} at a time`);
      second = start();
      await waitFor(() => second!.log().includes('worker on'), 60_000);
      const half = Math.max(1, Math.floor(cores / 2));
      expect(second.log()).toContain(`${half} at a time (sharing this machine's cores with 1 other worker(s))`);
      // The first one hears of the second within its next count.
      if (half !== cores) await waitFor(() => first.log().includes(`2 worker(s) on this machine: now ${half} at a time`), 30_000);
      second.child.kill('SIGTERM');
      await second.exit;
      if (half !== cores) await waitFor(() => first.log().includes(`1 worker(s) on this machine: now ${cores} at a time`), 30_000);
      // A worker killed without leaving (SIGKILL) is not counted either.
      const third = start();
      await waitFor(() => third.log().includes('worker on'), 60_000);
      third.child.kill('SIGKILL');
      await third.exit;
      const { joinHost } = await import('../../src/queue/host-share.js');
      const looking = await joinHost({ folder: share, cores });
      expect(await looking.refresh()).toBe(2); // the first worker and this one
      await looking.leave();
    } finally {
      first.child.kill('SIGKILL');
      second?.child.kill('SIGKILL');
    }
  }, 120_000);

  it('an unreachable Redis is a clear error, exit 2, with no password shown', async () => {
    const root = await tempDir('queue-down');
    await copyFile(path.join(FIXTURES, 'slow-10fps.mp4'), path.join(root, 'a.mp4'));
    const result = await runCli(['enqueue', 'a.mp4', '-o', 'out', '--redis', 'redis://:hunter2@127.0.0.1:1'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
    expect(result.stderr).not.toContain('hunter2');
  });
});
