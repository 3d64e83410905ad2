// Colour survives the preset: HDR phone video (HLG, PQ) made from a known SDR clip comes out close to
// that clip, tagged BT.709; SDR is unchanged; BT.601 SD keeps and declares BT.601; field-coded H.264 in
// MP4 without a 'fiel' box is deinterlaced. Real ffmpeg, real files.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareFrames } from '../../src/bench/quality.js';
import { inspectFile } from '../../src/mp4/inspect-file.js';
import { FIXTURES, ffmpegPath, runCli, tempDir } from '../helpers/media.js';

const run = promisify(execFile);
const REFERENCE = path.join(FIXTURES, 'sdr-reference-bt709.mp4');
let out: string;
let report: { files: Array<Record<string, any>> };

/** Mean saturation (signalstats SATAVG) of a file, optionally scaled and resampled first. */
async function saturation(file: string, prefix = ''): Promise<number> {
  const { stdout } = await run(ffmpegPath(), ['-hide_banner', '-v', 'error', '-i', file, '-vf',
    `${prefix}signalstats,metadata=print:key=lavfi.signalstats.SATAVG:file=-`, '-f', 'null', '-']);
  const values = [...stdout.matchAll(/SATAVG=([\d.]+)/g)].map((match) => Number(match[1]));
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

const colourOf = async (file: string) => (await inspectFile(file)).moov?.tracks.find((track) => track.kind === 'video')?.colour;
const fileReport = (name: string) => report.files.find((file) => file.input.endsWith(name)) as Record<string, any>;

beforeAll(async () => {
  const dir = await tempDir('colour');
  out = path.join(dir, 'out');
  const names = ['phone-hlg-hevc-10bit.mp4', 'phone-pq-hevc-10bit.mp4', 'sdr-reference-bt709.mp4', 'sd-bt601-640x480.mp4', 'interlaced-h264-no-fiel.mp4'];
  const result = await runCli(['optimize', ...names.map((name) => path.join(FIXTURES, name)), '-o', out, '--no-progress', '--report', path.join(dir, 'r.json')]);
  expect(result.code).toBe(0);
  report = JSON.parse(await (await import('node:fs/promises')).readFile(path.join(dir, 'r.json'), 'utf8'));
});

describe.each([
  ['HLG', 'phone-hlg-hevc-10bit.mp4'],
  ['PQ', 'phone-pq-hevc-10bit.mp4'],
])('%s phone video', (kind, name) => {
  it('is tone-mapped to SDR BT.709: saturation within 20 %, SSIM ≥ 0.90 against the SDR original, tagged BT.709', async () => {
    const output = path.join(out, name);
    expect(fileReport(name).adaptations).toContain(`HDR (${kind}) tone-mapped to SDR BT.709`);
    const { width, height, fps } = fileReport(name).video;
    const original = await saturation(REFERENCE, `fps=${fps},scale=${width}:${height},`);
    const converted = await saturation(output);
    expect(Math.abs(converted - original) / original).toBeLessThan(0.2);
    // The SDR original, scaled and with the frames the encoder keeps under the same rate cap, losslessly.
    const reference = path.join(out, '..', `${kind}-reference.nut`);
    await run(ffmpegPath(), ['-hide_banner', '-v', 'error', '-i', REFERENCE, '-vf', `scale=${width}:${height},format=yuv420p`, '-vsync', 'vfr', '-r', String(fps), '-c:v', 'ffv1', '-f', 'nut', '-y', reference]);
    const quality = await compareFrames(ffmpegPath(), output, reference);
    expect(quality.ssim).toBeGreaterThanOrEqual(0.9);
    expect(await colourOf(output)).toMatchObject({ primaries: 'bt709', transfer: 'bt709', matrix: 'bt709', range: 'tv' });
  });
});

describe('SDR and SD sources', () => {
  it('SDR BT.709 keeps its colour: SSIM ≥ 0.98 against the same recipe without colour options, and is tagged BT.709', async () => {
    // The exact command streamprep runs (its --print-command), less the colour options: any difference is theirs.
    const plain = path.join(out, '..', 'plain.mp4');
    const printed = await runCli(['optimize', REFERENCE, '-o', path.join(out, '..', 'printed'), '--print-command']);
    const argv = printed.stdout.trim().split(' ').slice(1);
    const withoutColour = argv.filter((arg, i) => !/^-(color_primaries|color_trc|colorspace|color_range)$/.test(arg) && !/^-(color_primaries|color_trc|colorspace|color_range)$/.test(argv[i - 1] ?? ''));
    withoutColour[withoutColour.length - 1] = `file:${plain}`;
    await run(ffmpegPath(), withoutColour);
    const quality = await compareFrames(ffmpegPath(), path.join(out, 'sdr-reference-bt709.mp4'), plain);
    expect(quality.ssim).toBeGreaterThanOrEqual(0.98);
    expect(await colourOf(path.join(out, 'sdr-reference-bt709.mp4'))).toMatchObject({ primaries: 'bt709', transfer: 'bt709', matrix: 'bt709' });
  });

  it('SD BT.601 keeps BT.601 and declares it', async () => {
    expect(await colourOf(path.join(out, 'sd-bt601-640x480.mp4'))).toMatchObject({ primaries: 'smpte170m', transfer: 'smpte170m', matrix: 'smpte170m' });
    expect(fileReport('sd-bt601-640x480.mp4').adaptations.join(';')).not.toMatch(/colour unspecified/);
  });

  it('field-coded H.264 in MP4 without a fiel box is deinterlaced, and comes out progressive', async () => {
    expect(fileReport('interlaced-h264-no-fiel.mp4').adaptations).toContain('field-coded H.264: interlaced frames deinterlaced');
    const source = (await inspectFile(path.join(FIXTURES, 'interlaced-h264-no-fiel.mp4'))).moov?.tracks[0];
    expect(source).toMatchObject({ fieldCoding: true });
    expect((await inspectFile(path.join(out, 'interlaced-h264-no-fiel.mp4'))).moov?.tracks[0]?.fieldCoding).toBeUndefined();
  });
});

describe('check --preset', () => {
  it('reports an HDR transfer in a file as a violation: the preset promises SDR', async () => {
    const dir = await tempDir('colour-check');
    const hlgH264 = path.join(dir, 'hlg-h264.mp4');
    await run(ffmpegPath(), ['-hide_banner', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=duration=0.5:size=320x180:rate=18',
      '-c:v', 'libx264', '-profile:v', 'baseline', '-level', '3.0', '-pix_fmt', 'yuv420p', '-color_primaries', 'bt2020',
      '-color_trc', 'arib-std-b67', '-colorspace', 'bt2020nc', '-movflags', '+faststart', hlgH264]);
    const result = await runCli(['check', hlgH264, '--preset', 'streaming']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/HDR transfer arib-std-b67 \(HLG\): the preset promises SDR/);
  });
});
