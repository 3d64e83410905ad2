// streamprep check vs a minimal Node walk of the same files' top-level boxes (bench/minimal-walk.mjs,
// the floor: target ≤ 1.5×) and vs `ffprobe -v trace` per file, on a folder of small MP4s (warm page
// cache), and check's peak memory at 1,000 and 10,000 files. Two corpora: faststart only (the floor
// stops at moov), and mixed — half the files with moov at the end — against a walk of every top-level
// header. Usage: node bench/check-speed.mjs [files=10000] [runs=5] [--no-ffprobe]
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLI, fmt, machine, median, run, timeCommand } from './lib.mjs';
import { locate, systemFfmpeg } from './tools.mjs';

const files = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 5);
const ffprobeSample = 200;

const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-check-'));
try {
  const { ffmpeg, ffprobe } = locate();
  const seed = path.join(dir, 'seed.mp4');
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=d=0.2:s=64x64:r=10',
    '-c:v', 'libx264', '-movflags', '+faststart', seed]);
  const late = path.join(dir, 'late.mp4');
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=d=0.2:s=64x64:r=10', '-c:v', 'libx264', late]);
  for (const [count, sub] of [[files, 'many'], [Math.min(1000, files), 'few'], [files, 'mixed']]) {
    await mkdir(path.join(dir, sub));
    for (let i = 0; i < count; i++) await copyFile(sub === 'mixed' && i % 2 ? late : seed, path.join(dir, sub, `chunk-${String(i).padStart(5, '0')}.mp4`));
  }
  // Warm the page cache.
  await run(process.execPath, [CLI, 'check', path.join(dir, 'many'), '--quiet']);
  await run(process.execPath, [CLI, 'check', path.join(dir, 'mixed'), '--quiet']).catch(() => undefined);

  const checkTimes = [];
  const walkTimes = [];
  const rssMany = [];
  const rssFew = [];
  const mixedTimes = [];
  const mixedWalkTimes = [];
  const walker = new URL('./minimal-walk.mjs', import.meta.url).pathname;
  for (let i = 0; i < runs; i++) {
    const many = await timeCommand(process.execPath, [CLI, 'check', path.join(dir, 'many'), '--quiet']);
    if (many.code !== 0) throw new Error(`check failed: ${many.stderr}`);
    checkTimes.push(many.wall);
    walkTimes.push((await timeCommand(process.execPath, [walker, path.join(dir, 'many')])).wall);
    rssMany.push(many.rssKb);
    rssFew.push((await timeCommand(process.execPath, [CLI, 'check', path.join(dir, 'few'), '--quiet'])).rssKb);
    // Mixed: check exits 1 (half are not faststart); that is its verdict, not a failure of the run.
    const mixed = await timeCommand(process.execPath, [CLI, 'check', path.join(dir, 'mixed'), '--quiet']);
    if (mixed.code !== 1) throw new Error(`check of the mixed corpus exited ${mixed.code}, not 1: ${mixed.stderr}`);
    mixedTimes.push(mixed.wall);
    mixedWalkTimes.push((await timeCommand(process.execPath, [walker, path.join(dir, 'mixed'), '--all'])).wall);
  }
  const nodeStart = [];
  for (let i = 0; i < runs; i++) nodeStart.push((await timeCommand(process.execPath, [CLI, '--version'])).wall);

  // The usual CI recipe: ffprobe -v trace per file, grep for the order of the atoms. Timed on a sample
  // of files (10,000 runs take minutes) with the bundled static ffprobe and, when present, Debian's.
  const sample = (await readdir(path.join(dir, 'many'))).slice(0, ffprobeSample);
  const probeCost = async (binary) => {
    const times = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      for (const name of sample) await run(binary, ['-v', 'trace', '-i', path.join(dir, 'many', name)], { maxBuffer: 64 << 20 });
      times.push((performance.now() - started) / 1000);
    }
    return median(times) / sample.length;
  };
  const probes = [['bundled static ffprobe', ffprobe]];
  const system = systemFfmpeg()?.replace(/ffmpeg$/, 'ffprobe');
  if (system) probes.push(["the system's ffprobe", system]);
  const check = median(checkTimes);
  console.log(`machine: ${machine()}`);
  console.log(`files: ${files} small faststart MP4s, warm cache, median of ${runs} runs`);
  console.log(`streamprep check (whole CLI, incl. Node start ${fmt(median(nodeStart))}): ${fmt(check)}  = ${(check / files * 1e6).toFixed(1)} µs/file`);
  const walk = median(walkTimes);
  console.log(`minimal Node walk of the top-level boxes (bench/minimal-walk.mjs): ${fmt(walk)}; check is ${(check / walk).toFixed(2)}× it (target ≤ 1.5×)`);
  const mixed = median(mixedTimes);
  const mixedWalk = median(mixedWalkTimes);
  console.log(`mixed (${files} files, half with moov at the end): check ${fmt(mixed)}; a walk of every top-level header ${fmt(mixedWalk)}; check is ${(mixed / mixedWalk).toFixed(2)}× it (target ≤ 1.5×)`);
  for (const [label, binary] of process.argv.includes('--no-ffprobe') ? [] : probes) {
    const perProbe = await probeCost(binary);
    console.log(`ffprobe -v trace per file, ${label}: ${(perProbe * 1000).toFixed(1)} ms/file (median of 3 passes over ${sample.length} files)`
      + ` → ${fmt(perProbe * files)} for ${files}; check is ${(perProbe * files / check).toFixed(0)}× faster`);
  }
  console.log(`peak RSS of check: ${Math.round(median(rssFew) / 1024)} MB at ${Math.min(1000, files)} files, ${Math.round(median(rssMany) / 1024)} MB at ${files} files`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
