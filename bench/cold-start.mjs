// Cold start of every entrance against its floor, contenders alternating, medians:
//   streamprep --version                 vs node -e 0                       (target ≤ +30 ms)
//   streamprep check one.mp4             vs node -e 0                       (target ≤ +60 ms)
//   streamprep optimize one-chunk.mp4    vs ffmpeg alone (same argv) + node (target ≤ +80 ms)
// Usage: node bench/cold-start.mjs [runs=15]
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT, machine, median, run, timeCommand } from './lib.mjs';

const runs = Number(process.argv[2] ?? 15);
const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-cold-'));
try {
  const footage = path.join(ROOT, '..', 'shared', 'media', 'lego-560x320-30fps.mp4');
  const source = existsSync(footage) ? footage : path.join(ROOT, 'fixtures', 'chunk-moov-at-end.mp4');
  const chunk = path.join(dir, 'chunk.mp4');
  const { ffmpeg } = (await import('./tools.mjs')).locate();
  // One generator-style chunk: 5 s 512×512 25 fps High, 48 kHz stereo, moov at the end.
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-stream_loop', '1', '-i', source, '-t', '5',
    '-vf', 'scale=512:512:force_original_aspect_ratio=increase,crop=512:512,fps=25', '-c:v', 'libx264', '-preset', 'medium',
    '-crf', '18', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ar', '48000', '-ac', '2', '-b:a', '192k', chunk]);
  // ffmpeg alone runs exactly what streamprep runs (its --print-command), into a plain file.
  const printed = await run(process.execPath, [CLI, 'optimize', chunk, '-o', path.join(dir, 'printed'), '--print-command']);
  const argv = JSON.parse(JSON.stringify(printed.stdout.trim()));
  const ffmpegAlone = ['sh', ['-c', `${argv.replace(/file:\S+printed\/chunk\.mp4$/, `file:${dir}/alone.mp4`)} >/dev/null 2>&1`]];
  const contenders = [
    ['node -e 0', process.execPath, ['-e', '0']],
    ['streamprep --version', process.execPath, [CLI, '--version']],
    ['streamprep check one.mp4', process.execPath, [CLI, 'check', chunk]],
    ['ffmpeg alone (same argv)', ...ffmpegAlone],
    ['streamprep optimize one chunk', process.execPath, [CLI, 'optimize', chunk, '-o', path.join(dir, 'out'), '--force', '--no-progress', '--report', path.join(dir, 'report.json')]],
  ];
  const walls = new Map(contenders.map(([label]) => [label, []]));
  // Paired: each optimize run's wall minus its own ffmpeg's (the report's encode time, spawn to exit) —
  // what streamprep adds, without the run-to-run spread of two separate ffmpeg runs.
  const beyondOwnFfmpeg = [];
  for (let i = 0; i <= runs; i++) {
    for (const [label, command, args] of contenders) {
      const timed = await timeCommand(command, args);
      if (timed.code !== 0 && !label.includes('check')) throw new Error(`${label} failed: ${timed.stderr}`);
      if (i === 0) continue;
      walls.get(label).push(timed.wall);
      if (label === 'streamprep optimize one chunk') {
        const { files } = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8'));
        beyondOwnFfmpeg.push(timed.wall - files[0].encodeSec);
      }
    }
  }
  const m = (label) => median(walls.get(label)) * 1000;
  console.log(`machine: ${machine()}`);
  console.log(`median of ${runs} runs after a warm-up, contenders alternating; chunk: 5 s 512×512 25 fps High, AAC 48 kHz stereo, moov at the end`);
  for (const [label] of contenders) console.log(`${label.padEnd(32)} ${m(label).toFixed(0).padStart(5)} ms`);
  const node = m('node -e 0');
  console.log(`--version − node:                  +${(m('streamprep --version') - node).toFixed(0)} ms   (target ≤ +30)`);
  console.log(`check one file − node:             +${(m('streamprep check one.mp4') - node).toFixed(0)} ms   (target ≤ +60)`);
  console.log(`optimize one chunk − ffmpeg − node: +${(m('streamprep optimize one chunk') - m('ffmpeg alone (same argv)') - node).toFixed(0)} ms   (target ≤ +80)`);
  console.log(`  paired (each run − its own ffmpeg's spawn-to-exit time) − node: +${(median(beyondOwnFfmpeg) * 1000 - node).toFixed(0)} ms`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
