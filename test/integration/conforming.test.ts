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
