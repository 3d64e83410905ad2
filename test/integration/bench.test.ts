// streamprep bench on two fixtures: presets side by side, a concurrency sweep, quality, JSON, cleanup.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runCli, tempDir } from '../helpers/media.js';

const benchDirs = async () => (await readdir(os.tmpdir())).filter((name) => name.startsWith('streamprep-bench-'));

describe('streamprep bench', () => {
  it('measures presets and levels, writes JSON, and leaves no temporary folder', async () => {
    const dir = await tempDir('bench-cli');
    const streaming = JSON.parse(await readFile(path.join(ROOT, 'presets/streaming.json'), 'utf8'));
    const hq = path.join(dir, 'hq.json');
    await writeFile(hq, JSON.stringify({ ...streaming, name: 'hq', video: { ...streaming.video, crf: 20 } }));
    const json = path.join(dir, 'bench.json');
    const before = await benchDirs();
    const inputs = ['slow-10fps.mp4', 'phone-rotated-90.mp4'].map((name) => path.join(FIXTURES, name));
    const result = await runCli(['bench', ...inputs, '-p', 'streaming', '-p', hq, '--runs', '1', '-j', '1,2', '--quality', '--json', json]);
    expect(result.code, result.stderr).toBe(0);
    expect(await benchDirs()).toEqual(before);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report.schemaVersion).toBe(1);
    expect(report.environment.cpu.count).toBeGreaterThan(0);
    expect(report.environment.ffmpeg.version).toBeTruthy();
    expect(report.presets.map((p: { preset: string }) => p.preset)).toEqual(['streaming', 'hq']);
    for (const preset of report.presets) {
      expect(preset.levels.map((l: { concurrency: number }) => l.concurrency)).toEqual([1, 2]);
      expect(preset.levels[0].efficiency).toBe(1);
      for (const file of preset.files) {
        expect(file.status).toBe('ok');
        expect(file.rtf).toBeCloseTo(file.encodeSec.median / file.durationSec, 6);
        expect(file.ssim).toBeGreaterThan(0.8);
        expect(file.ssim).toBeLessThanOrEqual(1);
        expect(file.psnr).toBeGreaterThan(20);
      }
    }
    // A lower CRF costs bytes and buys quality.
    const [low, high] = report.presets;
    expect(high.files[0].outputBytes).toBeGreaterThan(low.files[0].outputBytes);
    expect(high.files[0].psnr).toBeGreaterThan(low.files[0].psnr);
    expect(result.stdout).toMatch(/^concurrency +batch wall median/m);
  }, 120_000);

  it('refuses bad levels (exit 2)', async () => {
    const result = await runCli(['bench', FIXTURES, '-j', '0']);
    expect(result.code).toBe(2);
  });
});
