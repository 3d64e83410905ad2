// The GitHub Action without GitHub: its step runs with bash as the runner would, the GITHUB_* files
// pointing at temporary ones, on passing and failing inputs (more failures than the annotation limit,
// and a summary that would pass the 1 MiB cap).
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, tempDir } from '../helpers/media.js';

interface ActionRun { code: number; stdout: string; summary: string; outputs: Record<string, string> }

/** Runs the action as the runner does: its `main` on Node, each input as INPUT_<NAME> (defaults from action.yml). */
async function runAction(inputs: Record<string, string>, cwd: string, root = ROOT): Promise<ActionRun> {
  const yml = await readFile(path.join(root, 'action.yml'), 'utf8');
  const main = /\n  using: node24\n  main: (\S+)\n/.exec(yml)?.[1];
  if (!main) throw new Error('action.yml is not a node24 JavaScript action');
  const env: Record<string, string> = {};
  let current: string | undefined;
  for (const line of (yml.split('\ninputs:\n')[1] ?? '').split('\noutputs:')[0]!.split('\n')) {
    const name = /^  ([\w-]+):$/.exec(line)?.[1];
    if (name) env[`INPUT_${(current = name).toUpperCase()}`] = inputs[name] ?? '';
    const defaulted = /^    default: (.*)$/.exec(line)?.[1];
    if (defaulted !== undefined && current && inputs[current] === undefined) env[`INPUT_${current.toUpperCase()}`] = defaulted.replace(/^'(.*)'$/, '$1');
  }
  const summaryFile = path.join(cwd, 'summary.md');
  const outputFile = path.join(cwd, 'output.txt');
  await writeFile(summaryFile, '');
  await writeFile(outputFile, '');
  const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [path.join(root, main)], {
      cwd, maxBuffer: 64 << 20,
      env: { ...process.env, ...env, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: cwd },
    }, (error, stdout) => resolve({ code: (error as { code?: number } | null)?.code ?? 0, stdout }));
  });
  const outputs = Object.fromEntries((await readFile(outputFile, 'utf8')).trim().split('\n').filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2)));
  return { ...result, summary: await readFile(summaryFile, 'utf8'), outputs };
}

describe('the GitHub Action', () => {
  it('runs check from a clean checkout with nothing installed (no node_modules, no build), on the runner\'s Node', async () => {
    // The repository's tracked files only, as actions/checkout or `uses:` gets them.
    const checkout = await tempDir('action-checkout');
    const { stdout } = await promisify(execFile)('git', ['ls-files', '-z'], { cwd: ROOT, maxBuffer: 64 << 20 });
    for (const file of stdout.split('\0').filter(Boolean)) {
      await mkdir(path.dirname(path.join(checkout, file)), { recursive: true });
      await copyFile(path.join(ROOT, file), path.join(checkout, file));
    }
    await expect(readFile(path.join(checkout, 'node_modules', 'commander', 'package.json'))).rejects.toThrow();
    const dir = await tempDir('action-clean');
    await mkdir(path.join(dir, 'videos'));
    await copyFile(path.join(FIXTURES, 'chunk-moov-at-end.mp4'), path.join(dir, 'videos', 'a.mp4'));
    const result = await runAction({ paths: 'videos', preset: 'streaming' }, dir, checkout);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error file=videos\/a\.mp4,title=streamprep check%3A moov-after-mdat::/m);
    expect(result.summary).toMatch(/### streamprep check \(preset `streaming`\): 0 of 1 passed, 1 failed/);
  });

  it('is committed as built: action/bundle matches its sources', async () => {
    // npm test builds first; a bundle that differs from the committed one was not rebuilt before committing.
    const diff = await promisify(execFile)('git', ['status', '--porcelain', '--', 'action/bundle'], { cwd: ROOT });
    expect(diff.stdout, 'run npm run build and commit action/bundle').toBe('');
  });

  it('passes on faststart files: exit 0, a summary, the report as an output', async () => {
    const dir = await tempDir('action-pass');
    await mkdir(path.join(dir, 'videos'));
    await copyFile(path.join(FIXTURES, 'slow-10fps.mp4'), path.join(dir, 'videos', 'a.mp4'));
    const fixed = await runAction({ paths: 'videos', args: '' }, dir);
    expect(fixed.code).toBe(1); // slow-10fps.mp4 has moov at the end
    const optimized = await runAction({ command: 'optimize', paths: 'videos', args: '-o web' }, dir);
    expect(optimized.code).toBe(0);
    expect(optimized.summary).toMatch(/### streamprep optimize \(preset `streaming`\): 1 ok, 0 failed, 0 skipped · \d+(\.\d)? kB → \d+(\.\d)? kB/);
    // Sizes for people, as the other reports give them: kB, not raw bytes.
    expect(optimized.summary).toMatch(/\| ok \| \d+(\.\d)? kB \| \d+(\.\d)? kB \|/);
    expect(optimized.summary).not.toMatch(/\d{4,} B/);
    const passed = await runAction({ paths: 'web', preset: 'streaming' }, dir);
    expect(passed.code).toBe(0);
    expect(passed.summary).toMatch(/1 of 1 passed, 0 failed/);
    expect(passed.summary).toMatch(/Every file is faststart and matches the preset/);
    expect(passed.outputs).toMatchObject({ failed: '0', 'exit-code': '0' });
    expect(JSON.parse(await readFile(passed.outputs.report as string, 'utf8')).passed).toBe(1);
    expect(passed.stdout).not.toMatch(/::error/);
  });

  it('fails with at most 10 annotations and lists every failure in the summary', async () => {
    const dir = await tempDir('action-fail');
    await mkdir(path.join(dir, 'videos'));
    for (let i = 0; i < 14; i++) await copyFile(path.join(FIXTURES, 'chunk-moov-at-end.mp4'), path.join(dir, 'videos', `c${String(i).padStart(2, '0')}.mp4`));
    const result = await runAction({ paths: 'videos' }, dir);
    expect(result.code).toBe(1);
    expect(result.stdout.match(/^::error /gm)).toHaveLength(10);
    expect(result.stdout).toMatch(/^::error file=videos\/c00\.mp4,title=streamprep check%3A moov-after-mdat::moov-after-mdat/m);
    expect(result.summary).toMatch(/14 failures; the first 10 are annotated/);
    expect(result.summary.match(/^\| videos\/c\d\d\.mp4 \|/gm)).toHaveLength(14);
    expect(result.outputs).toMatchObject({ failed: '14', 'exit-code': '1' });
    const lenient = await runAction({ paths: 'videos', 'fail-on': 'never' }, dir);
    expect(lenient.code).toBe(0);
  });

  it('keeps the summary under GitHub\'s 1 MiB cap and says what it left out', async () => {
    const dir = await tempDir('action-cap');
    await mkdir(path.join(dir, 'v'));
    // 4,000 failing files with long names: their rows would pass 1 MiB.
    for (let i = 0; i < 4000; i++) await writeFile(path.join(dir, 'v', `${String(i).padStart(4, '0')}-${'n'.repeat(230)}.mp4`), 'not a video');
    const result = await runAction({ paths: 'v' }, dir);
    expect(result.code).toBe(1);
    expect(Buffer.byteLength(result.summary)).toBeLessThan(1024 * 1024);
    expect(result.summary).toMatch(/\d+ more rows not shown: the job summary is capped at 1 MiB/);
    expect(result.outputs.failed).toBe('4000');
  });

  it('refuses a wrong input with a one-line reason (exit 2)', async () => {
    const dir = await tempDir('action-usage');
    const result = await runAction({ command: 'frobnicate', paths: 'x' }, dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/::error title=streamprep action::command must be check or optimize/);
  });

  it('takes every line of paths as a path, never an option: a changed-file list cannot run a program', async () => {
    const dir = await tempDir('action-inject');
    await mkdir(path.join(dir, 'videos'));
    await copyFile(path.join(FIXTURES, 'chunk-moov-at-end.mp4'), path.join(dir, 'videos', 'ok.mp4'));
    await copyFile(path.join(FIXTURES, 'chunk-moov-at-end.mp4'), path.join(dir, 'videos', 'with space.mp4'));
    const evil = path.join(dir, 'evil.sh');
    await writeFile(evil, `#!/bin/sh\ntouch "${path.join(dir, 'pwned')}"\n`, { mode: 0o755 });
    for (const paths of ['videos/ok.mp4 --ffmpeg=evil.sh', 'videos/ok.mp4\n--ffmpeg=evil.sh', '--ffmpeg=./evil.sh\nvideos/ok.mp4']) {
      const result = await runAction({ command: 'optimize', paths, args: '-o web' }, dir);
      expect(result.code).toBe(1); // the option-looking line is a file that does not exist
      await expect(readFile(path.join(dir, 'pwned'))).rejects.toThrow();
    }
    const spaced = await runAction({ command: 'optimize', paths: 'videos/with space.mp4\n  videos/ok.mp4  \n', args: '-o web2' }, dir);
    expect(spaced.code).toBe(0);
    expect(spaced.outputs.failed).toBe('0');
    expect(JSON.parse(await readFile(spaced.outputs.report as string, 'utf8')).files).toHaveLength(2);
  });
});
