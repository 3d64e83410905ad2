// The project benchmark for optimize: a batch of 5-s 512×512 25 fps chunks made from real footage
// (High profile, 48 kHz stereo, moov at the end: what a talking-head generator emits), encoded by
//   (a) the plain recipe in a sequential shell loop, system ffmpeg
//   (b) GNU parallel -j<cores> of the plain recipe, system ffmpeg
//   (c) streamprep optimize with the same binaries as (b)
//   (d) streamprep optimize with its default (bundled) binaries
// alternating, median of several runs; then peak RSS of optimize at 12 and 1,200 (small) chunks.
// Usage: node bench/optimize-batch.mjs [runs=5]
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLI, fmt, machine, makeGeneratorChunks, median, run, timeCommand } from './lib.mjs';
import { locate, systemFfmpeg } from './tools.mjs';

const runs = Number(process.argv[2] ?? 5);
const cores = os.availableParallelism();
const system = systemFfmpeg();
if (!system || !existsSync('/usr/bin/parallel')) {
  console.error('needs the system ffmpeg and GNU parallel: apt-get install ffmpeg parallel');
  process.exit(2);
}
const RECIPE = '-movflags +faststart -r 18 -c:v libx264 -preset veryfast -profile:v baseline -level 3.0 -crf 28 -c:a aac -ar 24000 -ac 1 -b:a 64k';

const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-optimize-'));
try {
  const chunks = path.join(dir, 'chunks');
  const names = (await makeGeneratorChunks(system, chunks, 60)).map((file) => path.basename(file));
  const out = path.join(dir, 'out');
  const systemProbe = system.replace(/ffmpeg$/, 'ffprobe');
  const contenders = [
    ['(a) sequential loop, system ffmpeg', 'bash', ['-c', `cd "${chunks}" && for f in *.mp4; do "${system}" -nostdin -loglevel error -y -i "$f" ${RECIPE} "${out}/$f"; done`]],
    [`(b) GNU parallel -j${cores}, system ffmpeg`, 'bash', ['-c', `cd "${chunks}" && ls *.mp4 | parallel -j${cores} '"${system}" -nostdin -loglevel error -y -i {} ${RECIPE} "${out}/{}"'`]],
    ['(c) streamprep optimize, system ffmpeg', process.execPath, [CLI, 'optimize', chunks, '-o', out, '--force', '--no-progress', '--ffmpeg', system, '--ffprobe', systemProbe]],
    ['(d) streamprep optimize, default ffmpeg', process.execPath, [CLI, 'optimize', chunks, '-o', out, '--force', '--no-progress']],
  ];
  const walls = new Map(contenders.map(([label]) => [label, []]));
  for (let i = 0; i <= runs; i++) {
    for (const [label, command, args] of contenders) {
      await rm(out, { recursive: true, force: true });
      await mkdir(out);
      const timed = await timeCommand(command, args);
      if (timed.code !== 0) throw new Error(`${label} failed: ${timed.stderr}`);
      if (i > 0) walls.get(label).push(timed.wall); // run 0 is the warm-up
    }
  }
  const [a, b, c, d] = contenders.map(([label]) => median(walls.get(label)));
  console.log(`machine: ${machine()}`);
  console.log(`system ffmpeg: ${system}; default ffmpeg: ${locate().ffmpeg}`);
  console.log(`batch: ${names.length} chunks × 5 s, 512×512 25 fps High, AAC 48 kHz stereo 192 kb/s, moov at the end; median of ${runs} runs after a warm-up, contenders alternating`);
  for (const [label] of contenders) {
    const wall = median(walls.get(label));
    console.log(`${label.padEnd(42)} ${fmt(wall)}  RTF ${(wall / (names.length * 5)).toFixed(4)}  (min ${fmt(Math.min(...walls.get(label)))}, max ${fmt(Math.max(...walls.get(label)))})`);
  }
  console.log(`(c) vs (b) throughput: ${(b / c).toFixed(2)}×   (target ≥ 1.0, goal 1.05)`);
  console.log(`(d) vs (a) throughput: ${(a / d).toFixed(2)}×   (target ≥ 1.6)`);

  // Peak RSS against the number of files: 12 and 1,200 small chunks (size does not change bookkeeping).
  const small = path.join(dir, 'small');
  await mkdir(small);
  await run(system, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=d=0.5:s=128x128:r=25', '-f', 'lavfi', '-i', 'sine=d=0.5',
    '-c:v', 'libx264', '-c:a', 'aac', '-shortest', path.join(small, 'seed.mp4')]);
  for (const count of [12, 1200]) {
    const batch = path.join(dir, `small-${count}`);
    await mkdir(batch);
    for (let i = 0; i < count; i++) await copyFile(path.join(small, 'seed.mp4'), path.join(batch, `c${String(i).padStart(4, '0')}.mp4`));
    const timed = await timeCommand(process.execPath, [CLI, 'optimize', batch, '-o', path.join(dir, `small-out-${count}`), '--no-progress']);
    if (timed.code !== 0) throw new Error(`optimize of ${count} failed: ${timed.stderr}`);
    console.log(`peak RSS of streamprep optimize at ${String(count).padStart(5)} chunks: ${Math.round(timed.rssKb / 1024)} MB (${fmt(timed.wall)})`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
