// The command line as a user meets it: help, exit codes, presets, doctor, print-command, skip/force, report files.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runCli, tempDir } from '../helpers/media.js';

const CLIP = path.join(FIXTURES, 'slow-10fps.mp4');

async function oneClipFolder(): Promise<string> {
  const dir = await tempDir('cli-in');
  await copyFile(CLIP, path.join(dir, 'clip.mp4'));
  return dir;
}

describe('usage', () => {
  it('says a checkout that was never built needs `npm ci`, exit 2 (not a module-resolution stack)', async () => {
    const checkout = await tempDir('unbuilt');
    await mkdir(path.join(checkout, 'bin'));
    await copyFile(path.join(ROOT, 'bin', 'streamprep.js'), path.join(checkout, 'bin', 'streamprep.js'));
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [path.join(checkout, 'bin', 'streamprep.js'), '--version'], (error, _stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stderr }));
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^streamprep is not built: run `npm ci` \(or `npm run build`\) in .*unbuilt/)]);
  });

  it('shows help with examples, exit 0', async () => {
    const result = await runCli(['optimize', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('--print-command');
  });

  it.each([
    [['optimize', 'fixtures'], /required option '-o, --output <dir>'/],
    [['optimize', 'fixtures', '-o', 'x', '-j', '0'], /expected a whole number ≥ 1/],
    [['optimize', 'fixtures', '-o', 'x', '--report-format', 'xml'], /expected "json", "md" or "html"/],
    [['frobnicate'], /unknown command/],
  ])('%j is a usage error: exit 2', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('refuses an unknown preset and an invalid preset file before encoding anything (exit 2)', async () => {
    const dir = await tempDir('cli-preset');
    const presetFile = path.join(dir, 'mine.json');
    const streaming = JSON.parse(await readFile(path.join(ROOT, 'presets/streaming.json'), 'utf8'));
    await writeFile(presetFile, JSON.stringify({ ...streaming, video: { ...streaming.video, crf: 'low' } }));
    const out = path.join(dir, 'out');
    const bad = await runCli(['optimize', CLIP, '-o', out, '--preset', presetFile]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`streamprep: ${presetFile}: video.crf must be a number (got "low")\n`);
    const unknown = await runCli(['optimize', CLIP, '-o', out, '--preset', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown preset "nope"/);
    await expect(stat(out)).rejects.toThrow();
  });

  it('refuses a missing ffmpeg given explicitly (exit 2)', async () => {
    const result = await runCli(['optimize', CLIP, '-o', await tempDir('cli-ff'), '--ffmpeg', '/nonexistent/ffmpeg']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--ffmpeg points to \/nonexistent\/ffmpeg, which is not an executable file/);
  });

  it('says so when a folder holds no videos (exit 2)', async () => {
    const result = await runCli(['optimize', await tempDir('cli-empty'), '-o', await tempDir('cli-empty-out')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no video files found/);
  });
});

describe('presets and doctor', () => {
  it('lists and shows the built-in presets', async () => {
    const list = await runCli(['presets']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^streaming\s+/m);
    const show = await runCli(['presets', 'show', 'streaming']);
    expect(JSON.parse(show.stdout)).toEqual(JSON.parse(await readFile(path.join(ROOT, 'presets/streaming.json'), 'utf8')));
  });

  it('doctor names the binaries, their versions and the encoders', async () => {
    const result = await runCli(['doctor', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(true);
    expect(report.encoders).toEqual({ libx264: true, aac: true });
    expect(report.ffmpeg.version).toBeTruthy();
    expect(report.ffprobe.path).toBeTruthy();
  });

  it('doctor fails (exit 2) when a given binary is not there', async () => {
    const result = await runCli(['doctor'], { env: { FFMPEG_PATH: '/nonexistent/ffmpeg' } });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/✗ FFMPEG_PATH points to \/nonexistent\/ffmpeg/);
  });
});

describe('optimize', () => {
  it('fits its table to $COLUMNS (a terminal\'s width): no line over 100 columns, repeated notes explained once', async () => {
    const dir = await tempDir('cli-columns');
    const result = await runCli(['optimize', path.join(FIXTURES, 'formats'), path.join(FIXTURES, 'hd-1080p-30fps.mp4'), '-o', dir, '--no-progress'], { env: { COLUMNS: '100' } });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(100);
    expect(lines).toContainEqual(expect.stringMatching(/^\[\d\] fps 25 → 18$/));
  });

  it('--print-command prints the ffmpeg command and writes nothing', async () => {
    const out = path.join(await tempDir('cli-print'), 'out');
    const result = await runCli(['optimize', CLIP, '-o', out, '--print-command']);
    expect(result.code).toBe(0);
    const line = result.stdout.trim();
    expect(line).toContain(`-i file:${CLIP}`);
    expect(line).toContain('-movflags +faststart');
    expect(line).toContain(`file:${path.join(out, 'slow-10fps.mp4')}`);
    await expect(stat(out)).rejects.toThrow();
  });

  it('skips existing outputs, replaces them with --force', async () => {
    const input = await oneClipFolder();
    const out = await tempDir('cli-force');
    const first = await runCli(['optimize', input, '-o', out]);
    expect(first.code).toBe(0);
    const written = await stat(path.join(out, 'clip.mp4'));
    const again = await runCli(['optimize', input, '-o', out]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^skipped\s+.*clip\.mp4: output exists/m);
    expect((await stat(path.join(out, 'clip.mp4'))).mtimeMs).toBe(written.mtimeMs);
    const forced = await runCli(['optimize', input, '-o', out, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/^ok\s+/m);
    expect((await stat(path.join(out, 'clip.mp4'))).mtimeMs).toBeGreaterThan(written.mtimeMs);
  });

  it('never writes over an input', async () => {
    const input = await oneClipFolder();
    const before = await readFile(path.join(input, 'clip.mp4'));
    const result = await runCli(['optimize', input, '-o', input]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/would overwrite the input/);
    expect(await readFile(path.join(input, 'clip.mp4'))).toEqual(before);
  });

  it('writes the report as JSON and as Markdown', async () => {
    const dir = await tempDir('cli-report');
    const json = path.join(dir, 'report.json');
    const md = path.join(dir, 'summary.md');
    const a = await runCli(['optimize', CLIP, '-o', path.join(dir, 'a'), '--report', json]);
    const b = await runCli(['optimize', CLIP, '-o', path.join(dir, 'b'), '--report', md]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report.schemaVersion).toBe(2);
    expect(report.files).toHaveLength(1);
    expect(report.files[0]).toMatchObject({ status: 'ok', faststartVerified: true });
    expect(report.totals).toMatchObject({ ok: 1, failed: 0 });
    expect(await readFile(md, 'utf8')).toMatch(/^\| status \| file \| in \| out \|/m);
    expect((await readdir(dir)).sort()).toEqual(['a', 'b', 'report.json', 'summary.md']);
  });

  it('--report-format md prints Markdown instead of the table', async () => {
    const result = await runCli(['optimize', CLIP, '-o', await tempDir('cli-md'), '--report-format', 'md', '--no-progress']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^### streamprep optimize/);
    expect(result.stderr).toBe('');
  });
});
