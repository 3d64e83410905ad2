// streamprep faststart vs Debian's qt-faststart (/usr/bin/qt-faststart, in the ffmpeg package) — the
// contender: --no-fsync against qt-faststart, the flushed default against qt-faststart followed by sync
// (targets ≤ 1.0×) — and vs `cp` (the floor for any tool that copies the file once) and
// `ffmpeg -c copy -movflags +faststart`, on large moov-at-end files (warm cache), plus peak RSS: the
// fixture ProRes camera file looped (few, large samples), and a phone-like recording — real footage as
// 720p30 H.264 at 8 Mbit/s with AAC 48 kHz, looped to ~400 MB (31,000 samples: a 350 KB moov to rewrite).
// Usage: node bench/faststart-speed.mjs [loops=3100] [runs=5]   (needs apt-get install ffmpeg for qt-faststart)
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT, fmt, machine, median, run, timeCommand } from './lib.mjs';
import { locate } from './tools.mjs';

const loops = Number(process.argv[2] ?? 3100);
const runs = Number(process.argv[3] ?? 5);
const { ffmpeg } = locate();
/** moov's size, from `streamprep inspect --json`. */
async function moovBytes(file) {
  // inspect exits 1 for a file that is not faststart: its JSON is what is wanted here.
  const { stdout } = await run(process.execPath, [CLI, 'inspect', file, '--json'], { maxBuffer: 1 << 26 }).catch((error) => error);
  const inspected = JSON.parse(stdout);
  return inspected.boxes.find((box) => box.type === 'moov')?.size ?? Number.NaN;
}
const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-faststart-'));
try {
  const prores = path.join(dir, 'big.mov');
  // A long moov-at-end file by stream copy: the fixture chunk looped (no encoding, so it is quick to make).
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-stream_loop', String(loops), '-i',
    path.join(ROOT, 'fixtures', 'camera-prores-422-10bit.mov'), '-c', 'copy', prores]);
  const footage = path.join(ROOT, '..', 'shared', 'media', 'lego-560x320-30fps.mp4');
  const phone10 = path.join(dir, 'phone10.mp4');
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-stream_loop', '3', '-i', existsSync(footage) ? footage : path.join(ROOT, 'fixtures', 'chunk-moov-at-end.mp4'), '-t', '10',
    '-vf', 'scale=1280:720,fps=30', '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '8M', '-maxrate', '8M', '-bufsize', '8M', '-c:a', 'aac', '-ar', '48000', '-ac', '2', '-b:a', '128k', phone10]);
  const phone = path.join(dir, 'phone.mp4');
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-stream_loop', '39', '-i', phone10, '-c', 'copy', phone]);
  for (const [kind, big] of [['ProRes camera file looped', prores], ['phone-like recording (720p30 H.264 + AAC) looped', phone]]) {
  const size = (await stat(big)).size;
  const out = (name) => path.join(dir, name);
  const contenders = [
    ['cp (copy floor)', 'cp', [big, out('cp.mov')]],
    // streamprep flushes its output to disk before renaming it into place; so does this floor.
    ['cp + sync (copy floor, flushed)', 'sh', ['-c', `cp "${big}" "${out('cps.mov')}" && sync "${out('cps.mov')}"`]],
    ['qt-faststart (Debian)', '/usr/bin/qt-faststart', [big, out('qt.mov')]],
    ['qt-faststart + sync', 'sh', ['-c', `/usr/bin/qt-faststart "${big}" "${out('qts.mov')}" >/dev/null && sync "${out('qts.mov')}"`]],
    ['ffmpeg -c copy -movflags +faststart', ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-i', big, '-map', '0', '-c', 'copy', '-movflags', '+faststart', out('ffmpeg.mov')]],
    ['streamprep faststart (flushed, default)', process.execPath, [CLI, 'faststart', big, '-o', out('sp')]],
    ['streamprep faststart --no-fsync', process.execPath, [CLI, 'faststart', big, '-o', out('sp'), '--no-fsync']],
  ];
  const results = new Map(contenders.map(([label]) => [label, { wall: [], rss: [] }]));
  await run('cat', [big], { maxBuffer: 2 ** 31 }).catch(() => {}); // warm the cache
  for (let i = 0; i < runs; i++) {
    for (const [label, command, args] of contenders) {
      // Every contender writes a new file, as a user's run does (overwriting one in place lets ext4 flush it
      // early on close, auto_da_alloc), and none pays for another's dirty pages or freed blocks.
      for (const name of ['sp', 'cp.mov', 'cps.mov', 'qt.mov', 'qts.mov', 'ffmpeg.mov']) await rm(out(name), { recursive: true, force: true });
      await run('sync', []);
      // Freed blocks are discarded (TRIM) at the next journal commit: let that happen before, not during, the run.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const timed = await timeCommand(command, args);
      if (timed.code !== 0) throw new Error(`${label} failed: ${timed.stderr}`);
      results.get(label).wall.push(timed.wall);
      results.get(label).rss.push(timed.rssKb);
    }
  }
  console.log(`machine: ${machine()}`);
  console.log(`input: ${kind}, ${(size / 1e6).toFixed(0)} MB, moov at the end (${(await moovBytes(big) / 1e3).toFixed(0)} kB), warm cache, median of ${runs} runs, contenders alternating`);
  const floor = median(results.get('cp (copy floor)').wall);
  const qt = median(results.get('qt-faststart (Debian)').wall);
  for (const [label, { wall, rss }] of results) {
    console.log(`${label.padEnd(40)} ${fmt(median(wall))}  ${(median(wall) / floor).toFixed(2)}× cp  ${(median(wall) / qt).toFixed(2)}× qt-faststart   peak RSS ${Math.round(median(rss) / 1024)} MB`);
  }
  const ratio = (a, b) => (median(results.get(a).wall) / median(results.get(b).wall)).toFixed(2);
  console.log(`--no-fsync vs qt-faststart: ${ratio('streamprep faststart --no-fsync', 'qt-faststart (Debian)')}×  (target ≤ 1.0)`);
  console.log(`flushed default vs qt-faststart + sync: ${ratio('streamprep faststart (flushed, default)', 'qt-faststart + sync')}×  (target ≤ 1.0)`);
  await rm(big);
  for (const name of ['cp.mov', 'cps.mov', 'qt.mov', 'qts.mov', 'ffmpeg.mov']) await rm(out(name), { force: true });
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
