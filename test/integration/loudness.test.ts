// Even loudness: chunks recorded at −30, −23 and −14 LUFS come out within 1 LU of the preset's target
// and under its true-peak ceiling (+1 dB), measured by ffmpeg's own ebur128 filter; the report says
// both loudnesses. Real ffmpeg.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffmpegPath, runCli, tempDir } from '../helpers/media.js';

const run = promisify(execFile);
const TARGET = -16;
const CEILING = -1.5;
const LEVELS = [-30, -23, -14];
let dir: string;
let report: { files: Array<Record<string, any>> };

async function ebur128(file: string): Promise<{ integrated: number; truePeak: number }> {
  const { stderr } = await run(ffmpegPath(), ['-hide_banner', '-nostats', '-i', file, '-map', '0:a', '-af', 'ebur128=peak=true', '-f', 'null', '-']);
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  return { integrated: Number(/I:\s+(-?[\d.]+) LUFS/.exec(summary)?.[1]), truePeak: Number(/Peak:\s+(-?[\d.]+) dBFS/.exec(summary)?.[1]) };
}

beforeAll(async () => {
  dir = await tempDir('loudness');
  for (const level of LEVELS) {
    await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi',
      '-i', `anoisesrc=color=pink:amplitude=0.5:sample_rate=48000,loudnorm=I=${level}:TP=-1:LRA=20`, '-t', '5',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ar', '48000', '-ac', '2', '-b:a', '192k', path.join(dir, `c${level}.mp4`)]);
  }
  await writeFile(path.join(dir, 'speech.json'), JSON.stringify({ extends: 'streaming', name: 'speech', audio: { loudness: { integratedLufs: TARGET, truePeakDbtp: CEILING } } }));
  const result = await runCli(['optimize', ...LEVELS.map((level) => `c${level}.mp4`), '-o', 'out', '-p', './speech.json', '--no-progress', '--report', 'r.json'], { cwd: dir });
  expect(result.code).toBe(0);
  report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8'));
});

describe('even loudness', () => {
  it.each(LEVELS)('a chunk at %d LUFS comes out within 1 LU of the target, under the ceiling', async (level) => {
    const before = await ebur128(path.join(dir, `c${level}.mp4`));
    expect(Math.abs(before.integrated - level)).toBeLessThan(1);
    const after = await ebur128(path.join(dir, 'out', `c${level}.mp4`));
    expect(Math.abs(after.integrated - TARGET)).toBeLessThanOrEqual(1);
    expect(after.truePeak).toBeLessThanOrEqual(CEILING + 1);
    const file = report.files.find((entry) => entry.input.endsWith(`c${level}.mp4`));
    expect(Math.abs(file?.loudness.inputLufs - level)).toBeLessThan(1.5);
    expect(Math.abs(file?.loudness.outputLufs - TARGET)).toBeLessThanOrEqual(1);
    expect(file?.adaptations.join('; ')).toMatch(new RegExp(`loudness -?[\\d.]+ → ${TARGET} LUFS`));
  });
});
