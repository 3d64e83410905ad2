// `streamprep optimize -` with a writer that stalls: an inactivity limit before and after the first
// 256 KiB (the chunk fails with cause `timeout`, nothing left behind), and the first SIGINT/SIGTERM ends
// it at once with 130/143, its lock and temporary files removed — however long the writer stays silent.
// Also: another run writing the same output makes this one `skipped` (cause `locked`), as for files.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimOutput } from '../../src/files/output-lock.js';
import { guardStream } from '../../src/pipeline/stream-guard.js';
import { CLI, ffmpegPath, tempDir } from '../helpers/media.js';

const run = promisify(execFile);
let dir: string;
let mkv: Buffer;

beforeAll(async () => {
  dir = await tempDir('stdin-stall');
  // Noise does not compress: well past 256 KiB in a few seconds of Matroska.
  const { stdout } = await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'nullsrc=size=320x240:rate=25,geq=random(1)*255:128:128',
    '-t', '3', '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'matroska', 'pipe:1'], { encoding: 'buffer', maxBuffer: 1 << 27 });
  mkv = stdout;
  expect(mkv.length).toBeGreaterThan(600 * 1024);
}, 120_000);

interface Fed { child: ChildProcess; said: () => string; exited: Promise<number | string | null> }

/** The CLI reading stdin, fed `head` bytes by a writer that then stays silent (stdin open, nothing more). */
function feedThenStall(out: string, head: Buffer, extra: string[] = []): Fed {
  const child = spawn(process.execPath, [CLI, 'optimize', '-', '-o', out, '--no-progress', ...extra], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let said = '';
  child.stdout?.on('data', (chunk) => { said += chunk; });
  child.stderr?.on('data', (chunk) => { said += chunk; });
  child.stdin?.on('error', () => undefined);
  child.stdin?.write(head);
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return { child, said: () => said, exited };
}

/**
 * Whether the process is reading its stdin: libuv has added fd 0 to its epoll set (an eventpoll's fdinfo
 * lists the fds it watches as `tfd:`). streamprep installs its signal handlers before any command runs.
 */
async function readingStdin(pid: number): Promise<boolean> {
  const fds = await readdir(`/proc/${pid}/fdinfo`).catch(() => []);
  for (const fd of fds) if (/^tfd:\s+0\s/m.test(await readFile(`/proc/${pid}/fdinfo/${fd}`, 'utf8').catch(() => ''))) return true;
  return false;
}

const leftovers = async (folder: string): Promise<string[]> => (await readdir(folder).catch(() => [])).filter((name) => name.includes('streamprep') || name.endsWith('.mp4'));

/** Waits until `condition` holds (polled), or fails after a generous limit. */
async function until(condition: () => Promise<boolean> | boolean, what: string, limitMs = 60_000): Promise<void> {
  for (const started = Date.now(); !(await condition()); ) {
    if (Date.now() - started > limitMs) throw new Error(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a writer that falls silent', () => {
  it.each([
    ['before the first 256 KiB', 10 * 1024],
    ['after the first 256 KiB (encoding under way)', 400 * 1024],
  ])('%s: fails with cause timeout after --stall-timeout, exit 1, nothing left behind', async (label, bytes) => {
    const out = path.join(dir, `stall-${bytes}`);
    await mkdir(out);
    const fed = feedThenStall(path.join(out, 'chunk.mp4'), mkv.subarray(0, bytes), ['--stall-timeout', '1.5', '--report', path.join(dir, `stall-${bytes}.json`)]);
    try {
      expect(await fed.exited, fed.said()).toBe(1);
      expect(fed.said()).toMatch(/the writer sent nothing for 1\.5 s \(--stall-timeout\)/);
      const report = JSON.parse(await readFile(path.join(dir, `stall-${bytes}.json`), 'utf8'));
      expect(report.files[0]).toMatchObject({ status: 'failed', cause: 'timeout' });
      expect(await leftovers(out)).toEqual([]);
    } finally {
      fed.child.kill('SIGKILL');
    }
  }, 120_000);

  it('the limit counts silence only: a writer slower than it overall but never silent that long is encoded', async () => {
    async function* slow(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 6; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        yield new Uint8Array([i]);
      }
    }
    const seen: number[] = [];
    for await (const part of guardStream(slow(), { idleMs: 5_000 })) seen.push(part[0] as number);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('a signal while the writer is silent', () => {
  it.each([
    ['SIGTERM', 10 * 1024, 143],
    ['SIGINT', 10 * 1024, 130],
    ['SIGTERM', 400 * 1024, 143],
  ])('%s with %i bytes fed: exit %i at once: no lock, no temporary file', async (signal, bytes, code) => {
    const out = path.join(dir, `signal-${signal}-${bytes}`);
    await mkdir(out);
    const fed = feedThenStall(path.join(out, 'chunk.mp4'), mkv.subarray(0, bytes));
    try {
      // Under way: streamprep reads the stream before a signal is sent, and, past 256 KiB, the encode has
      // started (its lock and temporary file are there).
      await until(async () => readingStdin(fed.child.pid as number), 'reading stdin');
      if (bytes > 256 * 1024) await until(async () => (await readdir(out)).length > 0, 'the encode started');
      fed.child.kill(signal as NodeJS.Signals);
      expect(await fed.exited, fed.said()).toBe(code);
      expect(await leftovers(out)).toEqual([]);
    } finally {
      fed.child.kill('SIGKILL');
    }
  }, 120_000);
});

describe('another run writing the same output', () => {
  it('makes the stream skipped with cause locked (exit 0), as a file would be', async () => {
    const out = path.join(dir, 'locked');
    await mkdir(out);
    const claim = await claimOutput(path.join(out, 'chunk.mp4'));
    expect(claim.ok).toBe(true);
    try {
      const child = spawn(process.execPath, [CLI, 'optimize', '-', '-o', path.join(out, 'chunk.mp4'), '--no-progress', '--report', path.join(dir, 'locked.json')], { cwd: dir });
      child.stdin.on('error', () => undefined);
      child.stdin.end(mkv);
      const code = await new Promise((resolve) => child.on('exit', resolve));
      const report = JSON.parse(await readFile(path.join(dir, 'locked.json'), 'utf8'));
      expect(report.files[0]).toMatchObject({ status: 'skipped', cause: 'locked' });
      expect(code).toBe(0);
    } finally {
      if (claim.ok) await claim.release();
    }
  }, 120_000);
});
