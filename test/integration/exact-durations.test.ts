// An output lasts what its input lasts: chunks like a generator's (25 fps, 48 kHz stereo AAC, 4–6 s of
// varied length) become round(duration × 18) frames and audio cut to the sample, both within half a
// frame of the input — measured by ffprobe (which honours the edit list), and said in the report.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffmpegPath, ffprobe, runCli, tempDir } from '../helpers/media.js';

const run = promisify(execFile);
const HALF_FRAME = 0.5 / 18;
const DURATIONS = [4, 4.36, 5.52, 6];
let dir: string;
let report: { files: Array<Record<string, any>> };

beforeAll(async () => {
  dir = await tempDir('exact');
  for (const seconds of DURATIONS) {
    await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=512x512:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', String(seconds), '-c:v', 'libx264', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-b:a', '192k', path.join(dir, `c${seconds}.mp4`)]);
  }
  const result = await runCli(['optimize', ...DURATIONS.map((seconds) => path.join(dir, `c${seconds}.mp4`)), '-o', path.join(dir, 'out'), '--no-progress', '--report', path.join(dir, 'r.json')]);
  expect(result.code).toBe(0);
  report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8'));
});

describe('exact durations', () => {
  it.each(DURATIONS)('a %s s chunk: round(d × 18) frames, video and audio within half a frame of the input', async (seconds) => {
    const output = path.join(dir, 'out', `c${seconds}.mp4`);
    const probed = (await ffprobe(output)).streams;
    const video = probed.find((stream) => stream.codec_type === 'video');
    const audio = probed.find((stream) => stream.codec_type === 'audio');
    expect(Number(video?.nb_frames)).toBe(Math.round(seconds * 18));
    expect(Math.abs(Number(video?.duration) - seconds)).toBeLessThanOrEqual(HALF_FRAME);
    expect(Math.abs(Number(audio?.duration) - seconds)).toBeLessThanOrEqual(HALF_FRAME);
    const file = report.files.find((entry) => entry.output === output);
    expect(Math.abs(file?.outputDurations.videoSec - seconds)).toBeLessThanOrEqual(HALF_FRAME);
    expect(Math.abs(file?.outputDurations.audioSec - seconds)).toBeLessThanOrEqual(HALF_FRAME);
    expect(file?.verified).toContain('duration');
  });

  it('audio played back to back does not drift: the chunks\' audio sums to their inputs\' within a millisecond', () => {
    // Video frames land on each chunk's own 1/18 s grid, so each chunk is within half a frame; a
    // continuous timeline across chunks (carrying the remainder on) is the conversation's job.
    const audio = report.files.reduce((total, file) => total + file.outputDurations.audioSec, 0);
    expect(Math.abs(audio - DURATIONS.reduce((total, seconds) => total + seconds, 0))).toBeLessThanOrEqual(0.001);
  });
});
