// Shared helpers for the benchmark scripts: timing commands, medians, peak memory, the machine.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const CLI = path.join(ROOT, 'bin', 'streamprep.js');
export const run = promisify(execFile);

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Runs a command and returns its wall time (s) and peak RSS (kB, via GNU time when present).
 * The command runs without a shell unless `shell` is given.
 */
export function timeCommand(command, args, { shell = false, cwd = ROOT, env } = {}) {
  const useTime = !shell && hasGnuTime();
  const file = useTime ? '/usr/bin/time' : command;
  const argv = useTime ? ['-f', '__RSS__ %M', command, ...args] : args;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { cwd, shell, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('exit', (code) => {
      const wall = (performance.now() - started) / 1000;
      const rss = /__RSS__ (\d+)/.exec(stderr);
      // (GNU time's own lines left out: a failed run's last line is then the command's own reason.)
      const own = stderr.split('\n').filter((line) => !line.startsWith('__RSS__ ') && !line.startsWith('Command exited with non-zero status')).join('\n');
      resolve({ wall, code, rssKb: rss ? Number(rss[1]) : undefined, stderr: own });
    });
  });
}

let gnuTime;
function hasGnuTime() {
  if (gnuTime === undefined) {
    try {
      readFileSync('/usr/bin/time');
      gnuTime = true;
    } catch {
      gnuTime = false;
    }
  }
  return gnuTime;
}

export function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
}

export const fmt = (seconds) => `${seconds.toFixed(3)} s`;

/**
 * Generator-style chunks cut from real footage (shared/media's LEGO clip, or a fixture when it is absent):
 * 5-s 512×512 25 fps High, AAC 48 kHz stereo 192 kb/s, moov at the end. Returns their paths, sorted.
 */
export async function makeGeneratorChunks(ffmpeg, folder, seconds) {
  const { existsSync } = await import('node:fs');
  const { mkdir, readdir } = await import('node:fs/promises');
  const footage = [path.join(ROOT, '..', 'shared', 'media', 'lego-560x320-30fps.mp4'), path.join(ROOT, 'fixtures', 'chunk-moov-at-end.mp4')]
    .find((file) => existsSync(file));
  await mkdir(folder, { recursive: true });
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-stream_loop', String(Math.ceil(seconds / 5)), '-i', footage, '-t', String(seconds),
    '-vf', 'scale=512:512:force_original_aspect_ratio=increase,crop=512:512,fps=25',
    '-c:v', 'libx264', '-preset', 'medium', '-crf', '18', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ar', '48000', '-ac', '2', '-b:a', '192k',
    '-f', 'segment', '-segment_time', '5', '-reset_timestamps', '1', '-force_key_frames', 'expr:gte(t,n_forced*5)',
    path.join(folder, 'chunk_%03d.mp4')]);
  return (await readdir(folder)).sort().map((name) => path.join(folder, name));
}
