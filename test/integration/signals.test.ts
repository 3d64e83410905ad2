// Every command that writes removes its temporary files when stopped by SIGINT, SIGTERM or SIGHUP, and
// exits 130, 143 or 129; the original is untouched.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { isOwnFileName } from '../../src/files/temp-names.js';
import { CLI, ffmpegPath, tempDir } from '../helpers/media.js';

let big: string;

beforeAll(async () => {
  // ~190 MB of raw video with moov at the end: rewriting it takes long enough to be interrupted.
  big = path.join(await tempDir('signals-src'), 'big.mov');
  await promisify(execFile)(ffmpegPath(), [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=30', '-t', '2',
    '-c:v', 'rawvideo', '-pix_fmt', 'uyvy422', '-f', 'mov', big,
  ]);
});

const exitOf = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => child.on('exit', (code) => resolve(code)));

async function waitForTemp(dir: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await readdir(dir)).some(isOwnFileName)) {
    if (Date.now() > deadline) throw new Error(`no temporary file appeared in ${dir}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const)('%s', (signal, code) => {
  it.each([
    ['faststart -o', (dir: string) => ['faststart', 'big.mov', '-o', 'web'], 'web'],
    ['faststart --in-place', () => ['faststart', 'big.mov', '--in-place'], '.'],
    ['check --fix', () => ['check', 'big.mov', '--fix'], '.'],
  ])(`stops %s with exit ${code} and leaves no temporary file`, async (_name, args, watched) => {
    const dir = await tempDir('signals');
    await copyFile(big, path.join(dir, 'big.mov'));
    await mkdir(path.join(dir, 'web'));
    const child = spawn(process.execPath, [CLI, ...args(dir)], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = exitOf(child);
    await waitForTemp(path.join(dir, watched));
    child.kill(signal);
    expect(await exited).toBe(code);
    for (const folder of [dir, path.join(dir, 'web')]) {
      expect((await readdir(folder)).filter(isOwnFileName)).toEqual([]);
    }
    expect((await stat(path.join(dir, 'big.mov'))).size).toBe((await stat(big)).size);
  });
});
