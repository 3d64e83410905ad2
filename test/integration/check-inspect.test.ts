// check and inspect on real files of every layout: generated with the bundled ffmpeg by stream copy.
import { execFile } from 'node:child_process';
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ffmpegPath, runCli, tempDir, writeBrokenInputs } from '../helpers/media.js';

let dir: string;
const copy = (from: string, to: string, ...args: string[]) =>
  promisify(execFile)(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', '-i', path.join(FIXTURES, from), ...args, path.join(dir, to)]);

// File → the verdict check must give it.
const VERDICTS: Record<string, string> = {
  'faststart.mp4': 'faststart',
  'moov-at-end.mp4': 'moov-after-mdat',
  'fragmented.mp4': 'faststart',
  'quicktime.mov': 'moov-after-mdat',
  'quicktime-faststart.mov': 'faststart',
  'audio-only.m4a': 'faststart',
  'video-only.mp4': 'faststart',
  'truncated.mp4': 'truncated',
  'unfinished-recording.mp4': 'truncated',
  'empty.mp4': 'not-mp4',
  'noise.mp4': 'not-mp4',
};

beforeAll(async () => {
  dir = await tempDir('check');
  await Promise.all([
    copy('chunk-moov-at-end.mp4', 'faststart.mp4', '-c', 'copy', '-movflags', '+faststart'),
    copyFile(path.join(FIXTURES, 'chunk-moov-at-end.mp4'), path.join(dir, 'moov-at-end.mp4')),
    copy('chunk-moov-at-end.mp4', 'fragmented.mp4', '-c', 'copy', '-movflags', '+frag_keyframe+empty_moov'),
    copyFile(path.join(FIXTURES, 'camera-prores-422-10bit.mov'), path.join(dir, 'quicktime.mov')),
    copy('camera-prores-422-10bit.mov', 'quicktime-faststart.mov', '-c', 'copy', '-movflags', '+faststart'),
    copy('chunk-moov-at-end.mp4', 'audio-only.m4a', '-vn', '-c', 'copy', '-movflags', '+faststart'),
    copy('chunk-moov-at-end.mp4', 'video-only.mp4', '-an', '-c', 'copy', '-movflags', '+faststart'),
  ]);
  const broken = await tempDir('check-broken');
  await writeBrokenInputs(broken);
  for (const name of ['truncated.mp4', 'unfinished-recording.mp4', 'empty.mp4', 'noise.mp4']) {
    await copyFile(path.join(broken, name), path.join(dir, name));
  }
});

interface JsonReport { checked: number; passed: number; failed: number; files: Array<{ file: string; verdict: string; passed: boolean; violations: string[] }> }

describe('streamprep check', () => {
  it('gives every layout its verdict, exit 1 when any fails', async () => {
    const result = await runCli(['check', dir, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    const verdicts = Object.fromEntries(report.files.map((f) => [path.basename(f.file), f.verdict]));
    expect(verdicts).toEqual(VERDICTS);
    expect(report.passed).toBe(Object.values(VERDICTS).filter((v) => v === 'faststart').length);
  });

  it('exits 0 when every file passes, and prints one line each', async () => {
    const result = await runCli(['check', path.join(dir, 'faststart.mp4'), path.join(dir, 'fragmented.mp4')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^PASS  .*faststart\.mp4  faststart \(moov before mdat\)$/m);
    expect(result.stdout).toMatch(/^2 checked: 2 passed, 0 failed$/m);
  });

  it('--quiet prints failures only; GitHub Actions gets annotations', async () => {
    const result = await runCli(['check', dir, '--quiet'], { env: { GITHUB_ACTIONS: 'true' } });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toMatch(/^PASS/m);
    expect(result.stdout).toMatch(/^FAIL  .*moov-at-end\.mp4  moov-after-mdat: moov at offset \d+ comes after mdat/m);
    expect(result.stdout).toMatch(/^::error file=.*moov-at-end\.mp4,title=streamprep check%3A moov-after-mdat::/m);
  });

  it('writes a JUnit report with one testcase per file', async () => {
    const junit = path.join(await tempDir('junit'), 'check.xml');
    await runCli(['check', dir, '--junit', junit, '--quiet']);
    const xml = await readFile(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(Object.keys(VERDICTS).length);
    expect(xml.match(/<failure /g)).toHaveLength(Object.values(VERDICTS).filter((v) => v !== 'faststart').length);
  });

  it('--preset passes what optimize wrote and fails the sources, from moov alone', async () => {
    const out = await tempDir('check-optimized');
    const inputs = ['chunk-moov-at-end.mp4', 'hd-1080p-30fps.mp4'].map((name) => path.join(FIXTURES, name));
    expect((await runCli(['optimize', ...inputs, '-o', out, '--no-progress'])).code).toBe(0);
    expect((await runCli(['check', out, '--preset', 'streaming'])).code).toBe(0);
    const sources = await runCli(['check', ...inputs, '--preset', 'streaming', '--json']);
    expect(sources.code).toBe(1);
    const report = JSON.parse(sources.stdout) as JsonReport;
    expect(report.files[0]?.violations).toEqual(['profile High, not baseline', '25 fps > 18', 'audio 48000 Hz, not 24000', 'audio 2 channel(s), not 1']);
    expect(report.files[1]?.violations).toContain('level 4.0, above 3.0');
  });

  it('refuses (exit 2) when nothing matches', async () => {
    const result = await runCli(['check', await tempDir('check-empty')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no MP4\/MOV files found/);
  });
});

describe('streamprep inspect', () => {
  it('shows the tree, tracks and startup bytes of a faststart file', async () => {
    const result = await runCli(['inspect', path.join(dir, 'faststart.mp4'), '--json']);
    expect(result.code).toBe(0);
    const info = JSON.parse(result.stdout);
    expect(info.verdict).toBe('faststart');
    expect(info.boxes.map((b: { type: string }) => b.type)).toEqual(['ftyp', 'moov', 'free', 'mdat']);
    const stbl = JSON.stringify(info.boxes[1].children);
    expect(stbl).toMatch(/"type":"stsz","offset":\d+,"size":\d+,"entryCount":25/);
    expect(info.tracks.map((t: { kind: string; codec: string }) => [t.kind, t.codec])).toEqual([['video', 'avc1'], ['audio', 'mp4a']]);
    expect(info.tracks[0]).toMatchObject({ width: 512, height: 512, profile: 'High', levelIdc: 30, sampleCount: 25 });
    expect(info.tracks[0].fps).toBeCloseTo(25, 1);
    expect(info.tracks[1]).toMatchObject({ sampleRate: 48000, channels: 2 });
    expect(info.startupBytes).toBeGreaterThan(info.boxes[1].offset + info.boxes[1].size);
    expect(info.startupBytes).toBeLessThan(info.size);
  });

  it('counts the whole file as startup bytes when moov is at the end (exit 1)', async () => {
    const result = await runCli(['inspect', path.join(dir, 'moov-at-end.mp4')]);
    expect(result.code).toBe(1);
    const size = (await readFile(path.join(dir, 'moov-at-end.mp4'))).length;
    expect(result.stdout).toContain(`startup bytes  ${size.toLocaleString('en-US')} B (100.0% of the file)`);
    expect(result.stdout).toMatch(/^moov +@ +[\d,]+ +[\d,]+ B$/m);
  });

  it('inspects several files one after another; --json gives an array; exit 0 only when all are faststart', async () => {
    const files = ['faststart.mp4', 'moov-at-end.mp4'].map((name) => path.join(dir, name));
    const text = await runCli(['inspect', ...files]);
    expect(text.code).toBe(1);
    expect(text.stdout.match(/^file /gm)).toHaveLength(2);
    const json = await runCli(['inspect', ...files, path.join(dir, 'missing.mp4'), '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).map((entry: { verdict: string }) => entry.verdict)).toEqual(['faststart', 'moov-after-mdat']);
    expect(json.stderr).toMatch(/unreadable +\S*missing\.mp4: no such file/);
    expect((await runCli(['inspect', files[0] as string, files[0] as string])).code).toBe(0);
  });
});
