// Workers on a queue against optimize: 48 generator-style chunks through 1 Redis + 2 workers on this
// machine started with default flags (they share its cores by themselves: host-share.ts) and through
// `streamprep optimize -j 2`, alternating, medians — the queue should cost ≤ 5 % of throughput. Then the same batch with one of two workers killed (SIGKILL) mid-batch:
// every chunk must come out exactly once, verified. Usage: node bench/queue-throughput.mjs [runs=3]
// (needs apt-get install redis-server)
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CLI, fmt, machine, makeGeneratorChunks, median, run } from './lib.mjs';
import { locate } from './tools.mjs';

const runs = Number(process.argv[2] ?? 3);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-queue-'));
const port = await new Promise((resolve) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
const url = `redis://127.0.0.1:${port}`;
const workers = [];
const startWorker = (queue, extra = []) => {
  // Default flags: the two workers count each other (in a folder of this run's) and each takes its share.
  const child = spawn(process.execPath, [CLI, 'worker', '--redis', url, '--queue', queue, '--root', dir, ...extra],
    { stdio: 'ignore', env: { ...process.env, STREAMPREP_WORKER_SHARE_DIR: path.join(dir, '.workers') } });
  workers.push(child);
  return child;
};
try {
  await sleep(500);
  const chunks = path.join(dir, 'chunks');
  const files = await makeGeneratorChunks(locate().ffmpeg, chunks, 240);
  const timed = async (label, args) => {
    const started = performance.now();
    const result = await run(process.execPath, [CLI, ...args], { cwd: dir, maxBuffer: 64 << 20 }).catch((error) => error);
    if (result.code) throw new Error(`${label}: ${result.stderr}`);
    return (performance.now() - started) / 1000;
  };
  const walls = { optimize: [], queue: [] };
  for (let i = 0; i <= runs; i++) {
    await rm(path.join(dir, 'out'), { recursive: true, force: true });
    const optimize = await timed('optimize', ['optimize', chunks, '-o', 'out', '-j', '2', '--no-progress']);
    await rm(path.join(dir, 'out'), { recursive: true, force: true });
    const queue = `q${i}`;
    startWorker(queue);
    startWorker(queue);
    await sleep(2500); // both connected, and each has counted the other (their start is not the queue's cost per batch)
    const queued = await timed('queue', ['enqueue', chunks, '-o', 'out', '--redis', url, '--queue', queue, '--wait', '--no-progress']);
    for (const worker of workers.splice(0)) worker.kill('SIGKILL');
    if (i > 0) { walls.optimize.push(optimize); walls.queue.push(queued); }
  }
  // Kill one of two workers mid-batch.
  await rm(path.join(dir, 'out'), { recursive: true, force: true });
  const [victim] = [startWorker('kill', ['--lock-duration', '3000']), startWorker('kill', ['--lock-duration', '3000'])];
  await sleep(1500);
  const killed = run(process.execPath, [CLI, 'enqueue', chunks, '-o', 'out', '--redis', url, '--queue', 'kill', '--wait', '--no-progress'], { cwd: dir, maxBuffer: 64 << 20 });
  await sleep(3000);
  victim.kill('SIGKILL');
  const result = await killed;
  const outputs = (await readdir(path.join(dir, 'out'))).filter((name) => !name.startsWith('.'));
  const summary = /(\d+) file\(s\): (\d+) ok, (\d+) failed/.exec(result.stdout);
  const [o, q] = [median(walls.optimize), median(walls.queue)];
  console.log(`machine: ${machine()}`);
  console.log(`batch: ${files.length} chunks × 5 s, 512×512 25 fps High, AAC 48 kHz stereo, moov at the end; median of ${runs} runs after a warm-up, alternating`);
  console.log(`streamprep optimize -j 2                       ${fmt(o)}  (min ${fmt(Math.min(...walls.optimize))}, max ${fmt(Math.max(...walls.optimize))})`);
  console.log(`1 Redis + 2 workers, default flags (enqueue --wait) ${fmt(q)}  (min ${fmt(Math.min(...walls.queue))}, max ${fmt(Math.max(...walls.queue))})`);
  console.log(`the queue's cost: ${(((q - o) / o) * 100).toFixed(1)} % of throughput; workers vs optimize -j 2: ${(o / q).toFixed(2)}× (target ≥ 0.95×)`);
  console.log(`one of two workers killed mid-batch: ${summary?.[2]} of ${summary?.[1]} ok, ${summary?.[3]} failed; ${outputs.length} outputs for ${files.length} chunks (exactly once each: ${outputs.length === files.length && new Set(outputs).size === outputs.length})`);
} finally {
  for (const worker of workers) worker.kill('SIGKILL');
  redis.kill('SIGTERM');
  await sleep(200);
  await rm(dir, { recursive: true, force: true });
}
