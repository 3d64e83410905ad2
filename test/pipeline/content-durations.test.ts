// Decisions from what the decoder sees, not from what a header claims: the frame size FFmpeg decodes
// (a sample entry one row smaller than the SPS), durations as they play (edit lists, packets of a
// Matroska or fragmented file, a movie header of 0xFFFFFFFF or 100× too long) — one model for the plan,
// the verification, the report and inspect.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { packetStats, videoPlays } from '../../src/probe/facts.js';
import { withContainerHeight, withEmptyTail, withMovieDuration } from '../helpers/craft.js';
import { CLI, ffmpegPath, ffprobe, frameTimes, runCli, tempDir } from '../helpers/media.js';

const run = promisify(execFile);
let dir: string;
const ff = (args: string[]) => run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', ...args]);

beforeAll(async () => {
  dir = await tempDir('content');
  await ff(['-f', 'lavfi', '-i', 'testsrc2=size=320x242:rate=25:duration=1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path.join(dir, 'sps-242.mp4')]);
  await withContainerHeight(path.join(dir, 'sps-242.mp4'), path.join(dir, 'container-241.mp4'), 241);
  await ff(['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=3', '-f', 'lavfi', '-i', 'sine=duration=3', '-c:v', 'libx264', '-g', '50', '-c:a', 'aac', path.join(dir, 'source.mp4')]);
  // An edit list that starts 0.5 s into the media (stream copy from a non-keyframe), and a 1-s empty edit.
  await ff(['-ss', '0.5', '-i', path.join(dir, 'source.mp4'), '-c', 'copy', path.join(dir, 'edit-trimmed.mp4')]);
  await ff(['-itsoffset', '1', '-i', path.join(dir, 'source.mp4'), '-c', 'copy', path.join(dir, 'edit-empty.mp4')]);
  await ff(['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30:duration=1', '-f', 'lavfi', '-i', 'sine=duration=1', '-c:v', 'libx264', '-c:a', 'aac',
    '-movflags', 'frag_keyframe', path.join(dir, 'fragmented.mp4')]);
  await withMovieDuration(path.join(dir, 'fragmented.mp4'), path.join(dir, 'fragmented-all-ones.mp4'), 0xffffffff);
  await withMovieDuration(path.join(dir, 'fragmented.mp4'), path.join(dir, 'fragmented-3900s.mp4'), (timescale) => 3900 * timescale);
  await withMovieDuration(path.join(dir, 'source.mp4'), path.join(dir, 'mvhd-100x.mp4'), (timescale) => 300 * timescale);
  await ff(['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=1.2', '-f', 'lavfi', '-i', 'sine=duration=1.2', '-c:v', 'libx264', '-c:a', 'aac', path.join(dir, 'chunk.mkv')]);
}, 120_000);

const reportOf = async (input: string, out: string) => {
  const result = await runCli(['optimize', path.join(dir, input), '-o', path.join(dir, out), '--no-progress', '--report', path.join(dir, `${out}.json`)]);
  return { result, file: JSON.parse(await readFile(path.join(dir, `${out}.json`), 'utf8')).files[0] };
};
const videoSeconds = async (file: string) => Number((await ffprobe(file)).streams.find((stream) => stream.codec_type === 'video')?.duration);

describe('the frame size FFmpeg decodes', () => {
  it('a sample entry one row smaller than the SPS (as in Apple\'s DualDiscs.mov): inspect says 320x241, the plan crops to even, the output conforms', async () => {
    const inspected = await runCli(['inspect', path.join(dir, 'container-241.mp4')]);
    expect(inspected.stdout).toMatch(/track 1 +video +avc1 .* 320x241 /);
    const { result, file } = await reportOf('container-241.mp4', 'out-crop');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(file.status).toBe('ok');
    expect(file.adaptations.join('; ')).toMatch(/size 320x241 → 320x240 \(even\)/);
    const video = (await ffprobe(path.join(dir, 'out-crop', 'container-241.mp4'))).streams.find((stream) => stream.codec_type === 'video');
    expect([video?.width, video?.height]).toEqual([320, 240]);
  }, 120_000);
});

describe('durations as they play', () => {
  it('an edit list that trims the start: the target is what it presents (2.5 s), not the samples (3 s); inspect agrees', async () => {
    const { result, file } = await reportOf('edit-trimmed.mp4', 'out-edit');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(file.durationSec).toBeCloseTo(2.5, 2);
    expect(await videoSeconds(path.join(dir, 'out-edit', 'edit-trimmed.mp4'))).toBeCloseTo(2.5, 1);
    expect((await runCli(['inspect', path.join(dir, 'edit-trimmed.mp4')])).stdout).toMatch(/^duration +2\.50 s$/m);
  }, 120_000);

  it('an empty edit (a 1-s late start): the movie lasts 4 s as ffprobe says, the report counts the 3 s of video it encodes', async () => {
    expect((await runCli(['inspect', path.join(dir, 'edit-empty.mp4')])).stdout).toMatch(/^duration +4\.00 s$/m);
    const { file } = await reportOf('edit-empty.mp4', 'out-empty');
    expect(file.status).toBe('ok');
    expect(file.durationSec).toBeCloseTo(3, 2);
  }, 120_000);

  it.each(['fragmented-all-ones.mp4', 'fragmented-3900s.mp4', 'mvhd-100x.mp4'])('%s: a movie header that lies is a hint — the report says what plays', async (input) => {
    const { result, file } = await reportOf(input, `out-${input}`);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const expected = input.startsWith('fragmented') ? 1 : 3;
    expect(file.durationSec).toBeCloseTo(expected, 1);
    expect(file.rtf).toBeCloseTo(file.encodeSec / file.durationSec, 6);
  }, 120_000);

  it('a Matroska chunk: its video\'s packets (1.2 s), not the segment\'s duration with the audio\'s padding (1.223 s)', async () => {
    const { file } = await reportOf('chunk.mkv', 'out-mkv');
    expect(file.durationSec, JSON.stringify(file)).toBeCloseTo(1.2, 6);
    expect(file.targetDurationSec).toBeCloseTo(1.2, 6);
  }, 120_000);
});

describe('packetStats and videoPlays', () => {
  it('spans each stream from its earliest presentation to its latest end, whatever the order (B-frames)', () => {
    const stats = packetStats([
      { stream_index: 0, pts_time: '0.080', duration_time: '0.040' },
      { stream_index: 0, pts_time: '0.000', duration_time: '0.040' },
      { stream_index: 0, pts_time: '0.040', duration_time: '0.040' },
      { stream_index: 1, pts_time: '-0.021', duration_time: '0.021' },
      { stream_index: 1, pts_time: '0.000', duration_time: '0.5' },
      { stream_index: 2, pts_time: 'N/A' },
    ]);
    expect(stats.get(0)).toEqual({ count: 3, span: expect.closeTo(0.12, 9) });
    expect(stats.get(1)?.span).toBeCloseTo(0.521, 9);
    expect(stats.has(2)).toBe(false);
  });

  it('a constant rate plays frames × frame duration, however a muxer rounded or shifted its timestamps', () => {
    // An old muxer's Matroska: 30 frames of 40 ms, the first at 0, the others 23 ms late (span 1.223).
    const shifted = packetStats(Array.from({ length: 30 }, (_, i) => ({ stream_index: 0, pts_time: String(i === 0 ? 0 : i * 0.04 + 0.023), duration_time: '0.040000' })));
    expect(videoPlays(shifted.get(0), 25)).toBeCloseTo(1.2, 9);
    // 30 fps in milliseconds: every duration 33 ms (150 × 33 ms would be 4.95 s).
    const rounded = packetStats(Array.from({ length: 150 }, (_, i) => ({ stream_index: 0, pts_time: (Math.round(i * 1000 / 30) / 1000).toFixed(3), duration_time: '0.033000' })));
    expect(videoPlays(rounded.get(0), 30)).toBeCloseTo(5, 9);
    expect(videoPlays(rounded.get(0), undefined)).toBeCloseTo(5, 2);
  });

  it('the last packet lasts the typical interval when packets have no durations (ASF, some AVI)', () => {
    const stats = packetStats(Array.from({ length: 25 }, (_, i) => ({ stream_index: 0, pts_time: (i * 0.04).toFixed(3) })));
    expect(stats.get(0)?.span).toBeCloseTo(1, 9);
  });
});

describe('exact durations on every path', () => {
  it('the same Matroska (30 fps, millisecond timestamps) through stdin and as a file: the same frames, the same length, and the summary counts its media', async () => {
    const mkv = path.join(dir, 'noise-30fps.mkv');
    // Noise does not compress: past the first 256 KiB, so the stream is encoded as it arrives.
    await ff(['-f', 'lavfi', '-i', 'nullsrc=size=320x240:rate=30,geq=random(1)*255:128:128', '-f', 'lavfi', '-i', 'sine=duration=3:sample_rate=48000', '-t', '3',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-f', 'matroska', mkv]);
    const asFile = await reportOf('noise-30fps.mkv', 'out-file');
    const piped = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(process.execPath, [CLI, 'optimize', '-', '-o', path.join(dir, 'out-pipe', 'noise.mp4'), '--no-progress', '--report', path.join(dir, 'out-pipe.json')], (error, stdout) => resolve({ code: error ? (error as { code?: number }).code ?? 1 : 0, stdout }));
      void readFile(mkv).then((bytes) => child.stdin?.end(bytes));
    });
    expect(piped.code).toBe(0);
    const fromPipe = JSON.parse(await readFile(path.join(dir, 'out-pipe.json'), 'utf8')).files[0];
    expect((await frameTimes(path.join(dir, 'out-pipe', 'noise.mp4'))).length).toBe(54);
    expect((await frameTimes(path.join(dir, 'out-file', 'noise-30fps.mp4'))).length).toBe(54);
    expect(asFile.file.durationSec).toBeCloseTo(3, 6);
    expect(fromPipe.durationSec).toBeCloseTo(3, 3);
    expect(piped.stdout).toMatch(/3\.00 s of media/);
  }, 120_000);
});

describe('inspect on fragmented files', () => {
  it('durations and samples summed from the fragments (moov holds none, its movie duration 0), as ffprobe reads them', async () => {
    const file = path.join(dir, 'empty-moov.mp4');
    await ff(['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30:duration=2', '-f', 'lavfi', '-i', 'sine=duration=2', '-c:v', 'libx264', '-c:a', 'aac',
      '-movflags', 'frag_keyframe+empty_moov+default_base_moof', file]);
    const { stdout } = await runCli(['inspect', file]);
    expect(stdout).toMatch(/^duration +2\.0\d s$/m);
    expect(stdout).toMatch(/track 1 +video +avc1 .* 30\.00 fps +60 samples +2\.00 s/);
    const probed = await ffprobe(file);
    expect(Number(probed.format.duration)).toBeCloseTo(Number(/^duration +([\d.]+) s$/m.exec(stdout)?.[1]), 1);
  }, 60_000);
});

describe('durationTolerance', () => {
  it('a cover-art track (one frame over 10.47 s) doubled does not pass; a 10-fps source\'s last frame on the 18-fps grid does', async () => {
    const { durationTolerance } = await import('../../src/pipeline/promote-step.js');
    const cover = { videoSec: 10.47, inputFps: 1 / 10.47, outputFps: undefined };
    expect(durationTolerance(cover)).toBeLessThan(1.1);
    expect(Math.abs(20.94 - 10.47)).toBeGreaterThan(durationTolerance(cover));
    expect(durationTolerance({ videoSec: 1.9, inputFps: 21.05, outputFps: 18 })).toBeGreaterThan(1.9 - 1.833);
  });
});

describe('a cover-art track', () => {
  it('an .m4a whose video is one frame over 10.47 s of audio: held for its length, never doubled, and encoded by every ffmpeg (older builds gave up with "Too many packets buffered")', async () => {
    await ff(['-f', 'lavfi', '-i', 'color=c=red:size=320x240:rate=100/1047', '-frames:v', '1', '-c:v', 'libx264', path.join(dir, 'cover-frame.mp4')]);
    await ff(['-f', 'lavfi', '-i', 'sine=duration=10.47', '-c:a', 'aac', path.join(dir, 'cover-audio.m4a')]);
    await ff(['-i', path.join(dir, 'cover-audio.m4a'), '-i', path.join(dir, 'cover-frame.mp4'), '-map', '0', '-map', '1', '-c', 'copy', path.join(dir, 'cover.m4a')]);
    const { result, file } = await reportOf('cover.m4a', 'out-cover');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(file.status).toBe('ok');
    const streams = (await ffprobe(path.join(dir, 'out-cover', 'cover.mp4'))).streams;
    const seconds = (type: string) => Number(streams.find((stream) => stream.codec_type === type)?.duration);
    expect(Math.abs(seconds('video') - 10.47)).toBeLessThan(1 / 18);
    expect(Math.abs(seconds('audio') - 10.47)).toBeLessThan(1024 / 24_000 + 0.005);
  }, 120_000);
});

describe('an empty tail (an F4V whose tables claim more frames than it holds)', () => {
  it('45 samples in the tables, the last 5 empty: it plays 40 frames (2.667 s), is encoded to that, and inspect says so', async () => {
    await ff(['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15:duration=3', '-c:v', 'libx264', '-bf', '0', path.join(dir, 'full-tail.mp4')]);
    await withEmptyTail(path.join(dir, 'full-tail.mp4'), path.join(dir, 'empty-tail.mp4'), 5);
    const { result, file } = await reportOf('empty-tail.mp4', 'out-tail');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(file.durationSec).toBeCloseTo(40 / 15, 3);
    expect((await runCli(['inspect', path.join(dir, 'empty-tail.mp4')])).stdout).toMatch(/track 1 +video .* 40 samples +2\.67 s/);
  }, 120_000);
});

describe('verification of the audio by content', () => {
  it('an output whose audio is not what the input\'s plays (to the video\'s end) fails, naming both', async () => {
    const { verifyOutput } = await import('../../src/pipeline/promote-step.js');
    const { inspectFile } = await import('../../src/mp4/inspect-file.js');
    const { loadPreset } = await import('../../src/presets/load.js');
    await reportOf('source.mp4', 'out-audio');
    const inspection = await inspectFile(path.join(dir, 'out-audio', 'source.mp4'));
    const preset = await loadPreset('streaming');
    const base = { videoSec: 3, inputFps: 25, outputFps: 18 };
    expect(verifyOutput(inspection, preset, { ...base, audioSec: 3.02 })).toHaveProperty('checked');
    expect(verifyOutput(inspection, preset, { ...base, audioSec: 60 })).toHaveProperty('checked'); // cut at the video's end
    expect(verifyOutput(inspection, preset, { ...base, audioSec: 1.5 })).toEqual({ problem: expect.stringMatching(/its audio lasts 3\.0\d\d s, where the input's plays 1\.500 s/) });
    // Audio from time 0 (a batch conversation's): a late start is silence there, so more than the input's
    // audio passes, up to the video's end (the late-start case end to end: test/conversation/late-audio.test.ts).
    expect(verifyOutput(inspection, preset, { ...base, audioSec: 1.5, audioFromZero: true })).toHaveProperty('checked');
  }, 120_000);
});
