// The README's way into a project (the Library section): the packed tarball installed into a new
// project. The library imports, the CLI runs, `streamprep/player` resolves for a bundler, and
// dist/player.js is one browser module a page can load without one.
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, tempDir } from '../helpers/media.js';
import { readmeBlocks } from '../helpers/readme.js';

const exec = promisify(execFile);
let project: string;

beforeAll(async () => {
  const dir = await tempDir('install');
  project = path.join(dir, 'app');
  await mkdir(project);
  // The README's block names the commands; the build is already there (npm test builds first), so the
  // pack skips `prepare` — the tarball holds what `npm pack` would put in it after building.
  const block = (await readmeBlocks()).find((candidate) => candidate.marker?.startsWith('run by test/docs/install.test.ts'));
  expect(block?.body).toMatch(/npm pack && npm install \.\/streamprep-\d+\.\d+\.\d+\.tgz/);
  const { stdout } = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, maxBuffer: 1 << 26 });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const files = packed?.files.map((file) => file.path) ?? [];
  for (const needed of ['bin/streamprep.js', 'dist/index.js', 'dist/player.js', 'dist/player/chunk-player.js', 'dist/player/chunk-player.d.ts', 'presets/streaming.json']) expect(files).toContain(needed);
  expect(files.filter((file) => file.startsWith('src/') || file.startsWith('test/'))).toEqual([]);
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
  await exec('npm', ['install', path.join(dir, packed?.filename as string), '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project, maxBuffer: 1 << 26 });
}, 300_000);

describe('streamprep installed into a project from its tarball', () => {
  it('the library imports, and the CLI optimizes a file', async () => {
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', "const m = await import('streamprep'); console.log(typeof m.createOptimizer, typeof m.optimize)"], { cwd: project });
    expect(stdout.trim()).toBe('function function');
    const cli = path.join(project, 'node_modules', '.bin', 'streamprep');
    expect((await exec(cli, ['--version'], { cwd: project })).stdout.trim()).toBe(JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).version);
    const run = await exec(cli, ['optimize', path.join(FIXTURES, 'slow-10fps.mp4'), '-o', 'out', '--no-progress'], { cwd: project });
    expect(run.stdout).toMatch(/^ok +.*slow-10fps\.mp4/m);
  }, 120_000);

  it('a bundler resolves streamprep/player; without one, dist/player.js is one module with no imports', async () => {
    await writeFile(path.join(project, 'page.js'), "import { createChunkPlayer, followPlaylist } from 'streamprep/player';\nwindow.play = (video, url) => followPlaylist(createChunkPlayer(video), url);\n");
    const bundled = await build({ entryPoints: [path.join(project, 'page.js')], bundle: true, write: false, format: 'esm', platform: 'browser', absWorkingDir: project, logLevel: 'silent' });
    expect(bundled.outputFiles[0]?.text).toMatch(/ManagedMediaSource/);
    const standalone = await readFile(path.join(project, 'node_modules', 'streamprep', 'dist', 'player.js'), 'utf8');
    expect(standalone).not.toMatch(/^\s*import\s/m);
    expect(standalone).toMatch(/export\s*\{[^}]*createChunkPlayer/);
    expect(standalone).toMatch(/export\s*\{[^}]*followPlaylist/);
  }, 120_000);
});
