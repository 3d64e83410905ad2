// Files crafted to hang, overflow or exhaust: FIFOs, a header claiming 30 hours, a million tiny boxes,
// a preset that asks for no faststart, a full disk. Each gets a reason and an exit code, promptly.
import { execFile, execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { isOwnFileName } from '../../src/files/temp-names.js';
import { CLI, FIXTURES, ROOT, ffprobe, runCli, tempDir } from '../helpers/media.js';

const CLIP = path.join(FIXTURES, 'slow-10fps.mp4');
const MOOV_AT_END = path.join(FIXTURES, 'chunk-moov-at-end.mp4');

describe('FIFOs and other non-regular files', () => {
  it('are refused at once by check, inspect, faststart, optimize and as a preset (no hang)', async () => {
    const dir = await tempDir('fifo');
    execFileSync('mkfifo', [path.join(dir, 'x.mp4')]);
    await copyFile(CLIP, path.join(dir, 'ok.mp4'));
    await import('node:fs/promises').then(({ symlink }) => symlink('x.mp4', path.join(dir, 'link-to-fifo.mp4')));
    const started = Date.now();
    const check = await runCli(['check', '.'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/FAIL  x\.mp4  unreadable: not a regular file \(a FIFO\)/);
    expect(check.stdout).toMatch(/FAIL  link-to-fifo\.mp4  unreadable: not a regular file \(a FIFO\)/);
    const inspect = await runCli(['inspect', 'x.mp4'], { cwd: dir });
    expect(inspect.code).toBe(1);
    expect(inspect.stderr).toMatch(/x\.mp4: not a regular file \(a FIFO\)/);
    const faststart = await runCli(['faststart', '.', '-o', 'web'], { cwd: dir });
    expect(faststart.stdout).toMatch(/failed +x\.mp4: not a regular file \(a FIFO\)/);
    const optimize = await runCli(['optimize', '.', '-o', 'out', '--no-progress'], { cwd: dir });
    expect(optimize.code).toBe(1);
    expect(optimize.stdout).toMatch(/not a regular file \(a FIFO\)/);
    const preset = await runCli(['optimize', 'ok.mp4', '-o', 'out', '-p', './x.mp4'], { cwd: dir });
    expect(preset.code).toBe(2);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('a header that claims 30 hours', () => {
  it('is encoded, not stopped at once by an overflowing timer', async () => {
    const dir = await tempDir('long-header');
    const bytes = await readFile(CLIP);
    const mvhd = bytes.indexOf('mvhd');
    expect(bytes[mvhd + 4]).toBe(0); // version 0: 32-bit timescale and duration
    const timescale = bytes.readUInt32BE(mvhd + 16);
    bytes.writeUInt32BE(30 * 3600 * timescale, mvhd + 20);
    await writeFile(path.join(dir, 'long.mp4'), bytes);
    const result = await runCli(['optimize', 'long.mp4', '-o', 'out', '--no-progress'], { cwd: dir });
    expect(result.stdout).not.toMatch(/took longer than/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/30:00:00/);
  });
});

describe('a million tiny top-level boxes', () => {
  it('are inspected in under 100 MB, the list bounded and the rest summarised', async () => {
    const dir = await tempDir('many-boxes');
    const ftyp = Buffer.from([0, 0, 0, 16, ...Buffer.from('ftypisom'), 0, 0, 0, 0]);
    const free = Buffer.from([0, 0, 0, 8, ...Buffer.from('free')]);
    await writeFile(path.join(dir, 'boxes.mp4'), Buffer.concat([ftyp, Buffer.alloc(999_990 * 8).fill(free)]));
    // Peak memory of the real CLI, reported by a preloaded module when the process exits.
    const reporter = path.join(dir, 'rss.mjs');
    await writeFile(reporter, `process.on('exit', () => process.stderr.write('maxrss=' + process.resourceUsage().maxRSS + '\\n'));\n`);
    for (const args of [['inspect', 'boxes.mp4'], ['inspect', 'boxes.mp4', '--json']]) {
      const result = await runCli(args, { cwd: dir, env: { NODE_OPTIONS: `--import=${reporter}` } });
      const peakKb = Number(/maxrss=(\d+)/.exec(result.stderr)?.[1]);
      expect(peakKb).toBeGreaterThan(0);
      expect(peakKb).toBeLessThan(100 * 1024);
      expect(result.stdout.length).toBeLessThan(200_000);
    }
    const text = await runCli(['inspect', 'boxes.mp4'], { cwd: dir });
    expect(text.stdout).toMatch(/… and 998,991 more top-level boxes \(7,991,928 B\) not listed/);
  });
});

describe('verification follows the preset', () => {
  it('a preset without faststart is verified for what it asks (structure, preset) and says so', async () => {
    const dir = await tempDir('no-faststart');
    const streaming = JSON.parse(await readFile(path.join(ROOT, 'presets/streaming.json'), 'utf8'));
    await writeFile(path.join(dir, 'plain.json'), JSON.stringify({ ...streaming, name: 'plain', container: { faststart: false } }));
    const result = await runCli(['optimize', CLIP, '-o', 'out', '-p', './plain.json', '--no-progress', '--report', 'r.json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ok .* not asked/);
    const report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8'));
    expect(report.files[0]).toMatchObject({ status: 'ok', faststartVerified: false, verified: ['structure', 'preset plain'] });
    const streamingRun = await runCli(['optimize', CLIP, '-o', 'out2', '--no-progress', '--report', 'r2.json'], { cwd: dir });
    expect(streamingRun.code).toBe(0);
    const streamingReport = JSON.parse(await readFile(path.join(dir, 'r2.json'), 'utf8'));
    expect(streamingReport.files[0].verified).toEqual(['faststart', 'structure', 'preset streaming']);
  });
});

describe('a full disk', () => {
  const mounts: string[] = [];
  afterAll(async () => {
    for (const mount of mounts) execFileSync('umount', [mount]);
  });

  it('is reported as such by optimize and faststart, with nothing left behind', async () => {
    // A real 48 KiB file system (tests run as root, as CI does): ffmpeg exits 0 after failing to write its trailer.
    const dir = await tempDir('disk-full');
    const full = path.join(dir, 'full');
    await mkdir(full);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48k', 'tmpfs', full]);
    mounts.push(full);
    const optimize = await runCli(['optimize', MOOV_AT_END, '-o', full, '--no-progress'], { cwd: dir });
    expect(optimize.code).toBe(1);
    expect(optimize.stdout).toMatch(/no space left on device \(output folder \S*full\)/);
    expect(await readdir(full)).toEqual([]);
    await writeFile(path.join(full, 'filler'), Buffer.alloc(40 * 1024));
    const faststart = await runCli(['faststart', MOOV_AT_END, '-o', full], { cwd: dir });
    expect(faststart.code).toBe(1);
    expect(faststart.stdout).toMatch(/no space left on device/);
    expect(await readdir(full)).toEqual(['filler']);
  });
});

describe('two runs into one folder', () => {
  it('encode each file once: the other run reports it skipped, nothing is left behind', async () => {
    const dir = await tempDir('two-runs');
    await mkdir(path.join(dir, 'in'));
    for (let i = 0; i < 6; i++) await copyFile(path.join(FIXTURES, 'hd-1080p-30fps.mp4'), path.join(dir, 'in', `c${i}.mp4`));
    const run = (report: string) => promisify(execFile)(process.execPath, [CLI, 'optimize', 'in', '-o', 'out', '-j', '2', '--no-progress', '--report', report], { cwd: dir });
    await Promise.all([run('r1.json'), run('r2.json')]);
    const reports = await Promise.all(['r1.json', 'r2.json'].map(async (file) => JSON.parse(await readFile(path.join(dir, file), 'utf8'))));
    const ok = reports.flatMap((report) => report.files.filter((file: { status: string }) => file.status === 'ok').map((file: { input: string }) => file.input));
    expect(ok.sort()).toEqual(Array.from({ length: 6 }, (_, i) => path.join(dir, 'in', `c${i}.mp4`)));
    for (const report of reports) {
      for (const file of report.files) {
        if (file.status === 'skipped') expect(file.reason).toMatch(/another streamprep run is writing this output|output exists/);
        else expect(file.status).toBe('ok');
      }
    }
    const written = await readdir(path.join(dir, 'out'));
    expect(written.filter(isOwnFileName)).toEqual([]);
    expect(written).toHaveLength(6);
    for (const name of written) expect(Number((await ffprobe(path.join(dir, 'out', name))).format.duration)).toBeGreaterThan(0.3);
    await rm(dir, { recursive: true, force: true });
  });
});
