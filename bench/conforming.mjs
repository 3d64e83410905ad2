// Conforming chunks are relocated, not re-encoded: 12 generator chunks optimized once (so they conform
// to the streaming preset), made moov-at-end again by a stream copy (as a pipeline that re-muxes
// would), then optimized again by
//   (a) streamprep optimize --reencode   (what every version did before)
//   (b) streamprep optimize              (moov moved to the front, no ffmpeg)
// alternating, medians of several runs; packets of (b) checked identical to the input's (ffmpeg -f md5).
// Usage: node bench/conforming.mjs [runs=5] [chunks=12]
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLI, fmt, machine, makeGeneratorChunks, median, run, timeCommand } from './lib.mjs';
import { systemFfmpeg } from './tools.mjs';

const runs = Number(process.argv[2] ?? 5);
const count = Number(process.argv[3] ?? 12);
const system = systemFfmpeg();
if (!system) {
  console.error('needs the system ffmpeg: apt-get install ffmpeg');
  process.exit(2);
}
const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-conforming-'));
try {
  await makeGeneratorChunks(system, path.join(dir, 'raw'), 5 * count);
  await run(process.execPath, [CLI, 'optimize', path.join(dir, 'raw'), '-o', path.join(dir, 'optimized'), '--no-progress']);
  await mkdir(path.join(dir, 'conforming'));
  const names = (await readdir(path.join(dir, 'optimized'))).sort();
  for (const name of names) {
    await run(system, ['-v', 'error', '-i', path.join(dir, 'optimized', name), '-map', '0', '-c', 'copy', path.join(dir, 'conforming', name)]);
  }
  const out = path.join(dir, 'out');
  const contenders = [
    ['(a) optimize --reencode', [CLI, 'optimize', path.join(dir, 'conforming'), '-o', out, '--no-progress', '--reencode']],
    ['(b) optimize (relocated)', [CLI, 'optimize', path.join(dir, 'conforming'), '-o', out, '--no-progress']],
  ];
  const walls = new Map(contenders.map(([label]) => [label, []]));
  for (let i = 0; i <= runs; i++) {
    for (const [label, args] of contenders) {
      await rm(out, { recursive: true, force: true });
      const { wall, code } = await timeCommand(process.execPath, args);
      if (code !== 0) throw new Error(`${label} exited ${code}`);
      if (i > 0) walls.get(label).push(wall);
    }
  }
  const md5 = async (file) => (await run(system, ['-v', 'error', '-i', file, '-map', '0', '-c', 'copy', '-f', 'md5', '-'])).stdout.trim();
  let identical = 0;
  for (const name of names) if (await md5(path.join(out, name)) === await md5(path.join(dir, 'conforming', name))) identical++;
  const [reencode, relocated] = contenders.map(([label]) => median(walls.get(label)));
  console.log(machine());
  console.log(`${names.length} conforming 5-s chunks, ${runs} runs after a warm-up, contenders alternating`);
  for (const [label] of contenders) console.log(`${label.padEnd(28)} median ${fmt(median(walls.get(label)))}  (${walls.get(label).map(fmt).join(', ')})`);
  // What one more chunk costs, without the process start and binary check both runs pay once.
  const single = [];
  for (let i = 0; i < runs; i++) {
    await rm(out, { recursive: true, force: true });
    single.push((await timeCommand(process.execPath, [CLI, 'optimize', path.join(dir, 'conforming', names[0]), '-o', out, '--no-progress'])).wall);
  }
  const fixed = median(single);
  console.log(`relocated ${(reencode / relocated).toFixed(1)}× faster than re-encoding the batch (target ≥ 20×); per chunk beyond the ${fmt(fixed)} start: `
    + `${fmt((reencode - fixed) / (names.length - 1))} vs ${fmt((relocated - fixed) / (names.length - 1))} (${((reencode - fixed) / (relocated - fixed)).toFixed(1)}×); packets identical: ${identical}/${names.length}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
