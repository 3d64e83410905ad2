// Runs the real ffmpeg on every fixture through the library API and checks each output with ffprobe.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { optimize } from '../../src/index.js';
import type { OptimizeReport } from '../../src/report/types.js';
import { FIXTURES, type ProbedStream, ffprobe, frameTimes, tempDir, topLevelTypes } from '../helpers/media.js';

let out: string;
let report: OptimizeReport;

beforeAll(async () => {
  out = await tempDir('fixtures');
  report = await optimize([FIXTURES], { output: out, concurrency: 2 });
});

const rate = (value = '0/1'): number => {
  const [num, den] = value.split('/').map(Number);
  return (num ?? 0) / (den || 1);
};
const mbs = (pixels = 0): number => Math.ceil(pixels / 16);

async function outputOf(name: string): Promise<{ video: ProbedStream; audio: ProbedStream | undefined; file: string }> {
  const file = path.join(out, name.replace(/\.\w+$/, '.mp4'));
  const probed = await ffprobe(file);
  const video = probed.streams.find((s) => s.codec_type === 'video');
  if (!video) throw new Error(`${file} has no video`);
  return { video, audio: probed.streams.find((s) => s.codec_type === 'audio'), file };
}

const FIXTURE_NAMES = [
  'camera-prores-422-10bit.mov', 'chunk-moov-at-end.mp4', 'hd-1080p-30fps.mp4', 'hevc-10bit-no-audio.mp4', 'interlaced-h264-no-fiel.mp4',
  'odd-size-321x241.mp4', 'phone-hlg-hevc-10bit.mp4', 'phone-pq-hevc-10bit.mp4', 'phone-rotated-90.mp4', 'phone-vfr-30-then-10fps.mp4',
  'screen-yuv444.mp4', 'sd-bt601-640x480.mp4', 'sdr-reference-bt709.mp4', 'slow-10fps.mp4', 'surround-5.1.mkv',
  // Every other container the demuxer whitelist opens (MPEG-TS crashes the bundled ffprobe: ffmpeg describes it instead).
  'formats/broadcast.mxf', 'formats/dvd.mpg', 'formats/legacy.avi', 'formats/screen-recording.ts', 'formats/stream.flv',
  'formats/theora.ogv', 'formats/upload.webm', 'formats/windows.wmv',
];

describe('optimize on the fixtures', () => {
  it('succeeds on every fixture and writes nothing else', async () => {
    expect(report.files.map((f) => [path.relative(FIXTURES, f.input), f.status, f.reason]).sort()).toEqual(
      FIXTURE_NAMES.map((name) => [name, 'ok', undefined]).sort());
    expect((await readdir(out)).sort()).toEqual([...FIXTURE_NAMES.filter((name) => !name.includes('/')).map((name) => name.replace(/\.\w+$/, '.mp4')), 'formats'].sort());
    expect((await readdir(path.join(out, 'formats'))).sort()).toEqual(FIXTURE_NAMES.filter((name) => name.startsWith('formats/')).map((name) => path.basename(name).replace(/\.\w+$/, '.mp4')).sort());
  });

  it.each(FIXTURE_NAMES)('%s: Baseline 3.0 within its limits, 8-bit 4:2:0, even size, ≤ 18 fps, faststart', async (name) => {
    const { video, file } = await outputOf(name);
    expect(video.codec_name).toBe('h264');
    expect(video.profile).toMatch(/Baseline/);
    expect(video.level).toBe(30);
    expect(video.pix_fmt).toBe('yuv420p');
    const width = video.width ?? 0;
    const height = video.height ?? 0;
    expect(width % 2 + height % 2).toBe(0);
    const fps = rate(video.avg_frame_rate);
    expect(fps).toBeLessThanOrEqual(18.01);
    expect(mbs(width) * mbs(height)).toBeLessThanOrEqual(1620);
    expect(mbs(width) * mbs(height) * fps).toBeLessThanOrEqual(40500);
    const types = await topLevelTypes(file);
    expect(types.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(types.indexOf('moov')).toBeLessThan(types.indexOf('mdat'));
    const entry = report.files.find((f) => path.relative(FIXTURES, f.input) === name);
    expect(entry?.faststartVerified).toBe(true);
  });

  const WITHOUT_AUDIO = ['hevc-10bit-no-audio.mp4', 'screen-yuv444.mp4', 'phone-vfr-30-then-10fps.mp4', 'interlaced-h264-no-fiel.mp4',
    'phone-hlg-hevc-10bit.mp4', 'phone-pq-hevc-10bit.mp4', 'sd-bt601-640x480.mp4', 'sdr-reference-bt709.mp4'];

  it.each(FIXTURE_NAMES.filter((name) => !WITHOUT_AUDIO.includes(name)))('%s: AAC 24 kHz mono', async (name) => {
    const { audio } = await outputOf(name);
    expect(audio).toMatchObject({ codec_name: 'aac', sample_rate: '24000', channels: 1 });
  });

  it('writes no audio track for sources without one, and does not count it as an error', async () => {
    for (const name of WITHOUT_AUDIO) {
      expect((await outputOf(name)).audio).toBeUndefined();
    }
  });

  it('keeps a 10 fps source at 10 fps without duplicating frames', async () => {
    const source = (await ffprobe(path.join(FIXTURES, 'slow-10fps.mp4'))).streams.find((s) => s.codec_type === 'video');
    const { video } = await outputOf('slow-10fps.mp4');
    expect(rate(video.avg_frame_rate)).toBeCloseTo(10, 1);
    expect(Number(video.nb_frames)).toBeLessThanOrEqual(Number(source?.nb_frames));
  });

  it('caps a variable-rate source at 18 fps without duplicating its slow stretch', async () => {
    const { file } = await outputOf('phone-vfr-30-then-10fps.mp4');
    const times = await frameTimes(file);
    const gaps = times.slice(1).map((time, i) => time - (times[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1 / 18 - 0.001);
    // 1 s capped at 18 fps + 1 s at 10 fps kept whole: 28 frames (a constant-rate filter makes 36).
    expect(times.length).toBeGreaterThanOrEqual(26);
    expect(times.length).toBeLessThanOrEqual(29);
  });

  it('caps 25 and 30 fps sources at 18', async () => {
    expect(rate((await outputOf('chunk-moov-at-end.mp4')).video.avg_frame_rate)).toBeCloseTo(18, 1);
    expect(rate((await outputOf('phone-rotated-90.mp4')).video.avg_frame_rate)).toBeCloseTo(18, 1);
  });

  it('turns a rotated phone video upright, with no rotation left in the file', async () => {
    const { video } = await outputOf('phone-rotated-90.mp4');
    expect([video.width, video.height]).toEqual([176, 320]);
    expect(video.side_data_list?.some((side) => side.rotation) ?? false).toBe(false);
    expect(video.tags?.rotate ?? '0').toBe('0');
  });

  it('crops an odd size to an even one', async () => {
    const { video } = await outputOf('odd-size-321x241.mp4');
    expect([video.width, video.height]).toEqual([320, 240]);
  });

  it('scales 1080p down to fit level 3.0, keeping 16:9, and reports it', async () => {
    const { video } = await outputOf('hd-1080p-30fps.mp4');
    expect(Math.abs((video.width ?? 0) / (video.height ?? 1) - 16 / 9)).toBeLessThan(0.01);
    const entry = report.files.find((f) => f.input.endsWith('hd-1080p-30fps.mp4'));
    expect(entry?.adaptations.some((note) => /^scaled 1920x1080 → \d+x\d+ to fit level 3\.0/.test(note))).toBe(true);
  });

  it('reports startup bytes before and after: the whole file before, a small part after', () => {
    const chunk = report.files.find((f) => f.input.endsWith('chunk-moov-at-end.mp4'));
    expect(chunk?.startupBytesBefore).toBe(chunk?.inputBytes);
    expect(chunk?.startupBytesAfter).toBeLessThan((chunk?.outputBytes ?? 0) / 2);
    const matroska = report.files.find((f) => f.input.endsWith('.mkv'));
    expect(matroska?.startupBytesBefore).toBeUndefined();
    expect(matroska?.startupBytesAfter).toBeGreaterThan(0);
  });

  it('reports sizes, durations, encode times and RTF that add up', () => {
    for (const file of report.files) {
      expect(file.inputBytes).toBeGreaterThan(0);
      expect(file.outputBytes).toBeGreaterThan(0);
      expect(file.durationSec).toBeGreaterThan(0.3);
      expect(file.encodeSec).toBeGreaterThan(0);
      expect(file.rtf).toBeCloseTo((file.encodeSec ?? 0) / (file.durationSec ?? 1), 6);
      expect(file.cpuSec).toBeGreaterThan(0);
    }
    const { totals } = report;
    expect(totals).toMatchObject({ files: FIXTURE_NAMES.length, ok: FIXTURE_NAMES.length, failed: 0, skipped: 0 });
    expect(totals.inputBytes).toBe(report.files.reduce((sum, f) => sum + (f.inputBytes ?? 0), 0));
    expect(totals.aggregateRtf).toBeCloseTo(totals.wallSec / totals.mediaSec, 6);
  });
});
