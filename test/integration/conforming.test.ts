// A chunk that already is what the preset produces is not re-encoded: its moov is moved to the front
// (or the file copied when it is already faststart) — packets identical, verified like any output.
// --reencode encodes it anyway. Real ffmpeg, real files.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ffmpegPath, runCli, tempDir, topLevelTypes } from '../helpers/media.js';

const run = promisify(execFile);
const packetsMd5 = async (file: string): Promise<string> =>
  (await run(ffmpegPath(), ['-v', 'error', '-i', file, '-map', '0', '-c', 'copy', '-f', 'md5', '-'])).stdout.trim();
let dir: string;

beforeAll(async () => {
  dir = await tempDir('conforming');
  // Conforming chunks: streamprep's own outputs, one made moov-at-end again by a stream copy.
  const made = await runCli(['optimize', path.join(FIXTURES, 'chunk-moov-at-end.mp4'), path.join(FIXTURES, 'slow-10fps.mp4'), '-o', path.join(dir, 'first'), '--no-progress']);
  expect(made.code).toBe(0);
  await mkdir(path.join(dir, 'in'));
  await copyFile(path.join(dir, 'first', 'chunk-moov-at-end.mp4'), path.join(dir, 'in', 'faststart.mp4'));
  await run(ffmpegPath(), ['-v', 'error', '-i', path.join(dir, 'first', 'slow-10fps.mp4'), '-map', '0', '-c', 'copy', path.join(dir, 'in', 'moov-at-end.mp4')]);
});

describe('conforming inputs', () => {
  it('are relocated, not re-encoded: identical packets, faststart, reported as such', async () => {
    expect((await topLevelTypes(path.join(dir, 'in', 'moov-at-end.mp4'))).slice(-1)).toEqual(['moov']);
    const result = await runCli(['optimize', 'in', '-o', 'out', '--no-progress', '--report', 'r.json'], { cwd: dir });
    expect(result.code).toBe(0);
    const report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8'));
    for (const file of report.files) {
      expect(file).toMatchObject({ status: 'ok', adaptations: ['conformed: relocated, not re-encoded'] });
      expect(file.verified).toEqual(['faststart', 'structure', 'preset streaming', 'duration']);
      expect(await packetsMd5(file.output)).toBe(await packetsMd5(file.input));
      const types = await topLevelTypes(file.output);
      expect(types.indexOf('moov')).toBeLessThan(types.indexOf('mdat'));
    }
  });

  it('--reencode encodes them anyway, and --print-command says which inputs would be relocated', async () => {
    const printed = await runCli(['optimize', 'in', '-o', 'out2', '--print-command'], { cwd: dir });
    expect(printed.stdout.match(/^# conforms to the preset/gm)).toHaveLength(2);
    const result = await runCli(['optimize', 'in', '-o', 'out2', '--reencode', '--no-progress', '--report', 'r2.json'], { cwd: dir });
    expect(result.code).toBe(0);
    const report = JSON.parse(await readFile(path.join(dir, 'r2.json'), 'utf8'));
    for (const file of report.files) expect(file.adaptations).not.toContain('conformed: relocated, not re-encoded');
    expect(await packetsMd5(path.join(dir, 'out2', 'faststart.mp4'))).not.toBe(await packetsMd5(path.join(dir, 'in', 'faststart.mp4')));
  });
});

describe('--keep-smaller', () => {
  it('keeps a conforming input whose re-encode comes out larger (and says so); without it the larger output is kept and flagged', async () => {
    // Conforming, but encoded far below the preset's quality: re-encoding it can only grow it.
    const tiny = path.join(dir, 'tiny', 'tiny.mp4');
    await mkdir(path.dirname(tiny), { recursive: true });
    await run(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=18:duration=2', '-f', 'lavfi', '-i', 'sine=sample_rate=24000:duration=2',
      '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'baseline', '-level', '3.0', '-crf', '45', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-ar', '24000', '-ac', '1', '-b:a', '32k', '-movflags', '+faststart', tiny]);
    const grown = await runCli(['optimize', tiny, '-o', path.join(dir, 'grown'), '--reencode', '--no-progress', '--report', path.join(dir, 'grown.json')]);
    expect(grown.code).toBe(0);
    const grownFile = JSON.parse(await readFile(path.join(dir, 'grown.json'), 'utf8')).files[0];
    expect(grownFile.outputBytes).toBeGreaterThan(grownFile.inputBytes);
    expect(grown.stdout).toMatch(/output grew/);
    const kept = await runCli(['optimize', tiny, '-o', path.join(dir, 'kept'), '--reencode', '--keep-smaller', '--no-progress', '--report', path.join(dir, 'kept.json')]);
    expect(kept.code).toBe(0);
    const keptFile = JSON.parse(await readFile(path.join(dir, 'kept.json'), 'utf8')).files[0];
    expect(keptFile.adaptations).toEqual(['conformed: relocated, not re-encoded', expect.stringMatching(/^kept the input: the re-encode was [\d.]+% larger/)]);
    expect(await packetsMd5(path.join(dir, 'kept', 'tiny.mp4'))).toBe(await packetsMd5(tiny));
  }, 120_000);
});
