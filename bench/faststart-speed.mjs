// streamprep faststart vs `cp` (the floor for any tool that copies the file once) and
// `ffmpeg -c copy -movflags +faststart` on a large moov-at-end file (warm cache), plus peak RSS.
// (qt-faststart is not packaged here; it copies the file once, so cp bounds it from below.)
// Usage: node bench/faststart-speed.mjs [loops=3100] [runs=5]   (needs a real ffmpeg; uses the bundled one)
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT, fmt, machine, median, run, timeCommand } from './lib.mjs';
import { locate } from './tools.mjs';

const loops = Number(process.argv[2] ?? 3100);
const runs = Number(process.argv[3] ?? 5);
const { ffmpeg } = locate();
const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-faststart-'));
try {
  const big = path.join(dir, 'big.mov');
  // A long moov-at-end file by stream copy: the fixture chunk looped (no encoding, so it is quick to make).
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-stream_loop', String(loops), '-i',
    path.join(ROOT, 'fixtures', 'camera-prores-422-10bit.mov'), '-c', 'copy', big]);
  const size = (await stat(big)).size;
  const out = (name) => path.join(dir, name);
  const contenders = [
    ['cp (copy floor)', 'cp', [big, out('cp.mov')]],
    // streamprep flushes its output to disk before renaming it into place; so does this floor.
    ['cp + sync (copy floor, flushed)', 'sh', ['-c', `cp "${big}" "${out('cps.mov')}" && sync "${out('cps.mov')}"`]],
    ['ffmpeg -c copy -movflags +faststart', ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-i', big, '-map', '0', '-c', 'copy', '-movflags', '+faststart', out('ffmpeg.mov')]],
    ['streamprep faststart (flushed, default)', process.execPath, [CLI, 'faststart', big, '-o', out('sp')]],
    ['streamprep faststart --no-fsync', process.execPath, [CLI, 'faststart', big, '-o', out('sp'), '--no-fsync']],
  ];
  const results = new Map(contenders.map(([label]) => [label, { wall: [], rss: [] }]));
  await run('cat', [big], { maxBuffer: 2 ** 31 }).catch(() => {}); // warm the cache
  for (let i = 0; i < runs; i++) {
    for (const [label, command, args] of contenders) {
      await rm(out('sp'), { recursive: true, force: true });
      await run('sync', []); // no contender pays for another's dirty pages
      const timed = await timeCommand(command, args);
      if (timed.code !== 0) throw new Error(`${label} failed: ${timed.stderr}`);
      results.get(label).wall.push(timed.wall);
      results.get(label).rss.push(timed.rssKb);
    }
  }
  console.log(`machine: ${machine()}`);
  console.log(`input: ${(size / 1e6).toFixed(0)} MB moov-at-end file, warm cache, median of ${runs} runs, contenders alternating`);
  const floor = median(results.get('cp (copy floor)').wall);
  for (const [label, { wall, rss }] of results) {
    console.log(`${label.padEnd(38)} ${fmt(median(wall))}  ${(median(wall) / floor).toFixed(2)}× cp   peak RSS ${Math.round(median(rss) / 1024)} MB`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
