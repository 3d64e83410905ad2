// Ctrl-C mid-batch: exit 130, no partial file under a final name, no temporary file, no ffmpeg left running.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFile, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ffmpegPath, ffprobe, tempDir, topLevelTypes } from '../helpers/media.js';

const CLIPS = 6;
let input: string;

beforeAll(async () => {
  input = await tempDir('interrupt-in');
  // Long enough (8 s of 720p) that single-threaded encodes are still running when the signal comes.
  const first = path.join(input, 'clip-0.mp4');
  await promisify(execFile)(ffmpegPath(), [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=duration=8:size=1280x720:rate=30',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '40', '-pix_fmt', 'yuv420p', first,
  ]);
  for (let i = 1; i < CLIPS; i++) await copyFile(first, path.join(input, `clip-${i}.mp4`));
});

/** Processes whose command line mentions `needle` (Linux /proc). */
async function processesMentioning(needle: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(needle) && !cmdline.includes('vitest')) found.push(Number(entry));
  }
  return found;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const exitOf = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => child.on('exit', (code) => resolve(code)));

describe.each([
  ['to streamprep alone (kill -INT)', false],
  ['to the whole process group, as a terminal does', true],
])('SIGINT %s', (_name, wholeGroup) => {
  it('stops with exit 130 and leaves only whole, verified outputs', async () => {
    const out = await tempDir('interrupt-out');
    const child = spawn(process.execPath, [CLI, 'optimize', input, '-o', out, '-j', '2', '--threads', '1'], {
      detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => { stderr += chunk; });
    const exited = exitOf(child);
    // Wait until encodes are running, then interrupt them.
    await waitFor(async () => (await processesMentioning(out)).length >= 2, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (wholeGroup) process.kill(-(child.pid as number), 'SIGINT');
    else child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('interrupted');

    const written = await readdir(out);
    expect(written.filter((name) => name.includes('.streamprep-'))).toEqual([]);
    expect(written.length).toBeLessThan(CLIPS);
    for (const name of written) {
      const types = await topLevelTypes(path.join(out, name));
      expect(types.indexOf('moov')).toBeLessThan(types.indexOf('mdat'));
      const duration = Number((await ffprobe(path.join(out, name))).format.duration);
      expect(duration).toBeGreaterThan(7.9);
    }
    expect(await processesMentioning(out)).toEqual([]);
  });
});
