// The cap is a cap: a variable-rate source whose average is under 18 fps but which bursts faster (31
// frames 33 ms apart, then 39 frames 100 ms apart: 14.2 fps on average) is thinned so that no two
// output frames are closer than 1/18 s — it was relocated as conforming, and with --reencode kept its
// burst — and check --preset judges the shortest interval as well as the average, naming it.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { planEncode } from '../../src/plan/encode-plan.js';
import { loadPreset } from '../../src/presets/load.js';
import { ffmpegPath, frameTimes, runCli, tempDir } from '../helpers/media.js';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await tempDir('burst');
  await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30', '-frames:v', '70',
    '-vf', "setpts='if(lt(N,31),N/30,31/30+(N-31)/10)/TB'", '-vsync', 'vfr', '-c:v', 'libx264', '-video_track_timescale', '30000', path.join(dir, 'burst.mp4')]);
}, 60_000);

const gaps = (times: number[]): number[] => times.slice(1).map((time, i) => time - (times[i] as number));

describe('a burst above the cap under an average below it', () => {
  it('the input has its burst (the test is about something real)', async () => {
    expect(Math.min(...gaps(await frameTimes(path.join(dir, 'burst.mp4'))))).toBeLessThan(0.04);
  });

  it.each([[[]], [['--reencode']]])('optimize %j: no two frames closer than 1/18 s, the slow stretch kept whole, and the note says so', async (extra) => {
    const out = path.join(dir, `out${extra.length}`);
    const result = await runCli(['optimize', path.join(dir, 'burst.mp4'), '-o', out, '--no-progress', ...extra]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/bursts up to 30 fps thinned to 18/);
    const times = await frameTimes(path.join(out, 'burst.mp4'));
    expect(Math.min(...gaps(times))).toBeGreaterThanOrEqual(1 / 18 - 0.0005);
    // The 39 frames 100 ms apart (from 1.03 s on): every one kept (each moved at most half a 1/18-s tick).
    expect(times.filter((time) => time > 1.05).length).toBeGreaterThanOrEqual(38);
    // The burst (31 frames in 1.03 s) thinned to the cap, not below it.
    expect(times.filter((time) => time < 1.0).length).toBeGreaterThanOrEqual(16);
    expect((await runCli(['check', path.join(out, 'burst.mp4'), '--preset', 'streaming'])).code).toBe(0);
  }, 120_000);

  it('check --preset fails the input on its shortest interval, naming it', async () => {
    const result = await runCli(['check', path.join(dir, 'burst.mp4'), '--preset', 'streaming']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/frames 33\.3 ms apart \(a burst at 30 fps\) > 18 fps/);
  }, 60_000);

  it('the plan caps on the peak rate (pure)', async () => {
    const preset = await loadPreset('streaming');
    const video = { index: 0, codec: 'h264', width: 320, height: 240, rotation: 0, displayWidth: 320, displayHeight: 240, pixelFormat: 'yuv420p', durationSec: 4.7 };
    expect(planEncode({ durationSec: 4.7, audio: undefined, video: { ...video, fps: 14.2, peakFps: 30, constantRate: false } }, preset).capFps).toBe(18);
    expect(planEncode({ durationSec: 4.7, audio: undefined, video: { ...video, fps: 14.2, peakFps: 18.2, constantRate: false } }, preset).capFps).toBeUndefined();
    expect(planEncode({ durationSec: 4.7, audio: undefined, video: { ...video, fps: 10, constantRate: true } }, preset).capFps).toBeUndefined();
  });
});
