// Watch latency: a simulated generator writes a 5-s 512×512 chunk every 2 s into a folder watched by
// `streamprep watch --json`, in two styles — write-then-rename, and ffmpeg writing in place (with and
// without +faststart) — and the latency from the moment each chunk is complete to its `done` event is
// compared with ffmpeg alone running the same argv on the same chunk. Then a burst (more chunks than
// cores at once): does any encoding slot idle while a chunk waits?
// Usage: node bench/watch-latency.mjs [chunks per style=8] [settle ms=the default]
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLI, machine, makeGeneratorChunks, median, run } from './lib.mjs';
import { locate } from './tools.mjs';

const perStyle = Number(process.argv[2] ?? 8);
const settle = process.argv[3];
const { ffmpeg } = locate();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))];

const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-watch-'));
try {
  const sources = await makeGeneratorChunks(ffmpeg, path.join(dir, 'chunks'), 40);

  // ffmpeg alone: the exact argv streamprep runs for a lone chunk (its --print-command), per chunk.
  const alone = [];
  for (const chunk of sources) {
    const printed = (await run(process.execPath, [CLI, 'optimize', chunk, '-o', path.join(dir, 'printed'), '--print-command'])).stdout.trim();
    const command = printed.replace(/file:\S+$/, `file:${path.join(dir, 'alone.mp4')}`);
    const started = performance.now();
    await run('sh', ['-c', `${command} >/dev/null 2>&1`]);
    alone.push(performance.now() - started);
  }
  const aloneMedian = median(alone);

  const inbox = path.join(dir, 'inbox');
  await mkdir(inbox);
  const watcher = spawn(process.execPath, [CLI, 'watch', inbox, '-o', path.join(dir, 'out'), '--json', ...(settle ? ['--settle', settle] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const seen = new Map(); // input → { type → time }
  let pending = '';
  watcher.stdout.on('data', (data) => {
    const now = performance.now();
    pending += data;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      if (!line.trim()) continue;
      const event = JSON.parse(line);
      if (!event.input) continue;
      const times = seen.get(event.input) ?? {};
      times[event.type] = now;
      if (event.type === 'failed') times.reason = event.reason;
      seen.set(event.input, times);
    }
  });
  const waitDone = async (file) => {
    while (!seen.get(file)?.done && !seen.get(file)?.failed) await sleep(5);
    if (seen.get(file)?.failed) throw new Error(`${file} failed: ${seen.get(file).reason}`);
  };
  await sleep(1000);

  const styles = {
    'write-then-rename': async (chunk, name) => {
      const temp = path.join(inbox, `.${name}.part`);
      await copyFile(chunk, temp);
      await rename(temp, path.join(inbox, name));
      return performance.now();
    },
    'ffmpeg in place': async (chunk, name) => {
      await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-i', chunk, '-c', 'copy', '-y', path.join(inbox, name)]);
      return performance.now();
    },
    'ffmpeg in place, +faststart': async (chunk, name) => {
      await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-i', chunk, '-c', 'copy', '-movflags', '+faststart', '-y', path.join(inbox, name)]);
      return performance.now();
    },
  };
  const results = {};
  for (const [style, write] of Object.entries(styles)) {
    const latencies = [];
    for (let i = 0; i < perStyle; i++) {
      const name = `${style.replace(/\W+/g, '-')}-${i}.mp4`;
      const issued = performance.now();
      const complete = await write(sources[i % sources.length], name);
      await waitDone(path.join(inbox, name));
      latencies.push(seen.get(path.join(inbox, name)).done - complete);
      // Taken whole: the output lasts as long as the chunk (5 s), or the settle time was too short.
      const probe = await run(locate().ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path.join(dir, 'out', name)]);
      if (Number(probe.stdout) < 4.9) throw new Error(`${name}: output lasts ${probe.stdout.trim()} s: taken before it was complete`);
      await sleep(Math.max(0, 2000 - (performance.now() - issued))); // one chunk every 2 s
    }
    results[style] = latencies;
  }

  // Burst: 3× as many chunks as cores at once; slots must stay busy while chunks wait.
  const burst = [];
  for (let i = 0; i < os.availableParallelism() * 3; i++) burst.push(`burst-${i}.mp4`);
  await Promise.all(burst.map((name, i) => styles['write-then-rename'](sources[i % sources.length], name)));
  for (const name of burst) await waitDone(path.join(inbox, name));
  const spans = burst.map((name) => seen.get(path.join(inbox, name)));
  const cores = os.availableParallelism();
  let idleWhileWaiting = 0;
  const start = Math.min(...spans.map((s) => s.queued));
  const end = Math.max(...spans.map((s) => s.done));
  for (let t = start; t < end; t += 5) {
    const running = spans.filter((s) => s.started <= t && t < s.done).length;
    const waiting = spans.filter((s) => s.queued <= t && t < s.started).length;
    if (waiting > 0 && running < cores) idleWhileWaiting += 5;
  }
  watcher.kill('SIGINT');

  console.log(`machine: ${machine()}`);
  console.log(`chunks: 5 s 512×512 25 fps High, AAC 48 kHz stereo, moov at the end; one every 2 s; ${perStyle} per style; --settle ${settle ?? '(default)'}; every output checked to last 5 s`);
  console.log(`ffmpeg alone (the same argv, lone chunk): median ${aloneMedian.toFixed(0)} ms`);
  for (const [style, latencies] of Object.entries(results)) {
    const med = median(latencies);
    const p95 = percentile(latencies, 0.95);
    console.log(`${style.padEnd(28)} latency median ${med.toFixed(0)} ms (ffmpeg ${(med - aloneMedian >= 0 ? '+' : '')}${(med - aloneMedian).toFixed(0)} ms, target ≤ +50)`
      + `  p95 ${p95.toFixed(0)} ms (ffmpeg +${(p95 - aloneMedian).toFixed(0)} ms, target ≤ +150)`);
  }
  console.log(`burst of ${burst.length} chunks at once: ${((end - start) / 1000).toFixed(2)} s; an encoding slot idle while a chunk waited: ${idleWhileWaiting} ms`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
