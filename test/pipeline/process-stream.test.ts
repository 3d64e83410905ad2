// `streamprep optimize -` and optimizer.optimizeStream(): a video encoded while its bytes arrive, with
// the real ffmpeg — verified and promoted as any output; a stream that ends early or is not video
// leaves nothing behind and says why.
import { execFile, spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/index.js';
import { CLI, ffmpegPath, ffprobe, tempDir } from '../helpers/media.js';

const run = promisify(execFile);
let dir: string;
let mkv: Buffer;

/** `streamprep optimize - …` with `input` on stdin. */
function cliWithStdin(args: string[], input: Buffer): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'optimize', '-', ...args], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.stdin.on('error', () => undefined); // a refused stream closes stdin early
    child.stdin.end(input);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const leftovers = async (folder: string): Promise<string[]> => (await readdir(folder).catch(() => [])).filter((name) => name.includes('streamprep'));

beforeAll(async () => {
  dir = await tempDir('stream');
  // What a generator writing through an ffmpeg pipe produces: Matroska, no index, no duration in its header.
  const { stdout } = await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=512x512:rate=25:duration=3',
    '-f', 'lavfi', '-i', 'sine=sample_rate=48000:duration=3', '-c:v', 'libx264', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-f', 'matroska', 'pipe:1'],
  { encoding: 'buffer', maxBuffer: 1 << 26 });
  mkv = stdout;
}, 120_000);

describe('a video read from stdin', () => {
  it('is encoded as it arrives and verified: faststart, the preset, as long as the input', async () => {
    const result = await cliWithStdin(['-o', 'out/chunk.mp4', '--no-progress', '--report', 'r.json'], mkv);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8'));
    expect(report.files[0]).toMatchObject({ input: '-', status: 'ok', faststartVerified: true });
    expect(report.files[0].durationSec).toBeCloseTo(3, 1);
    const probed = await ffprobe(path.join(dir, 'out', 'chunk.mp4'));
    expect(Number(probed.streams.find((stream) => stream.codec_type === 'video')?.duration)).toBeCloseTo(3, 1);
    expect(await leftovers(path.join(dir, 'out'))).toEqual([]);
  }, 120_000);

  it.each([
    ['cut off in the middle of a cluster', () => mkv.subarray(0, Math.floor(mkv.length * 0.6)), /ends in the middle of its data/],
    ['not a video', () => Buffer.from('hello, this is text\n'.repeat(20)), /not a video|text/],
    ['empty', () => Buffer.alloc(0), /ended before its first byte/],
  ])('%s: fails with the reason, and leaves nothing behind', async (label, make, reason) => {
    const out = `bad-${label.split(' ')[0]}`;
    const result = await cliWithStdin(['-o', `${out}/chunk.mp4`, '--no-progress'], make());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(reason);
    expect((await readdir(path.join(dir, out)).catch(() => [])).filter((name) => name.endsWith('.mp4') || name.includes('streamprep'))).toEqual([]);
  }, 120_000);

  it('refuses -o naming a folder (it names the output file)', async () => {
    const result = await cliWithStdin(['-o', '.', '--no-progress'], mkv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/-o names the output file/);
  }, 60_000);

  it('starts encoding before the stream ends (the library call, fed at a generator\'s pace)', async () => {
    const events: string[] = [];
    const optimizer = await createOptimizer({ concurrency: 1, onEvent: (event) => events.push(event.type) });
    // The stream in 40 pieces; the last ones only after the encode has started.
    const pieces = Array.from({ length: 40 }, (_, i) => mkv.subarray(Math.floor((i * mkv.length) / 40), Math.floor(((i + 1) * mkv.length) / 40)));
    async function* generator(): AsyncGenerator<Buffer> {
      for (const [i, piece] of pieces.entries()) {
        if (i === 35) {
          for (let waited = 0; !events.includes('started') && waited < 600; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
          events.push('late bytes');
        }
        yield piece;
      }
    }
    const report = await optimizer.optimizeStream(Readable.from(generator()), { output: path.join(dir, 'lib', 'chunk.mp4'), format: 'matroska' });
    await optimizer.close();
    expect(report.status, report.reason).toBe('ok');
    expect(events.indexOf('started')).toBeLessThan(events.indexOf('late bytes'));
    await expect(optimizer.optimizeStream(Readable.from([mkv]), { output: path.join(dir, 'x.mp4'), format: 'concat' })).rejects.toThrow(/closed|not one of/);
  }, 120_000);
});
