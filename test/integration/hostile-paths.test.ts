// Paths chosen as an attacker or a careless user would: outputs and reports must never land on an
// input, whatever symlinks, hard links, globs or long names say; refusals name the cause (exit 2).
import { createHash } from 'node:crypto';
import { chmod, copyFile, link, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../helpers/media.js';
import { runCliAsOtherUser, sharedTempDir } from '../helpers/other-user.js';

const CLIP = path.join(FIXTURES, 'slow-10fps.mp4');
const MOOV_AT_END = path.join(FIXTURES, 'chunk-moov-at-end.mp4');
const md5 = async (file: string): Promise<string> => createHash('md5').update(await readFile(file)).digest('hex');

async function clipsFolder(): Promise<string> {
  const dir = await tempDir('hostile');
  await mkdir(path.join(dir, 'clips'));
  await copyFile(CLIP, path.join(dir, 'clips', 'a.mp4'));
  return dir;
}

describe('an output never replaces an input', () => {
  it('through a symlink to the input\'s own folder (-o self --force)', async () => {
    const dir = await clipsFolder();
    const clips = path.join(dir, 'clips');
    await symlink('.', path.join(clips, 'self'));
    const before = await md5(path.join(clips, 'a.mp4'));
    const result = await runCli(['optimize', 'a.mp4', '-o', 'self', '--force', '--no-progress'], { cwd: clips });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/would overwrite the input itself/);
    expect(await md5(path.join(clips, 'a.mp4'))).toBe(before);
  });

  it('through a symlinked path to the output folder, a hard link, or a second name of the same folder', async () => {
    const dir = await clipsFolder();
    const clips = path.join(dir, 'clips');
    await mkdir(path.join(dir, 'other'));
    await link(path.join(clips, 'a.mp4'), path.join(dir, 'other', 'a.mp4'));
    await symlink(clips, path.join(dir, 'clips-link'));
    const before = await md5(path.join(clips, 'a.mp4'));
    for (const [input, output] of [['other/a.mp4', 'clips'], ['clips/a.mp4', 'clips-link'], ['clips-link/a.mp4', 'clips']]) {
      const result = await runCli(['optimize', input as string, '-o', output as string, '--force', '--no-progress'], { cwd: dir });
      expect(result.code, `${input} -o ${output}`).toBe(1);
      expect(result.stdout).toMatch(/would overwrite the input itself \(the same file on disk\)/);
    }
    expect(await md5(path.join(clips, 'a.mp4'))).toBe(before);
  });

  it('faststart -o compares identities too', async () => {
    const dir = await tempDir('hostile-fs');
    await copyFile(MOOV_AT_END, path.join(dir, 'a.mp4'));
    await symlink('.', path.join(dir, 'self'));
    const before = await md5(path.join(dir, 'a.mp4'));
    const result = await runCli(['faststart', 'a.mp4', '-o', 'self'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/would overwrite the input itself/);
    expect(await md5(path.join(dir, 'a.mp4'))).toBe(before);
  });
});

describe('a report never replaces a video', () => {
  it.each([
    ['an input', 'clips/a.mp4', /--report clips\/a\.mp4: would overwrite the input/],
    ['an input by another path', './clips/../clips/a.mp4', /would overwrite the input/],
    ['an output', 'out/a.mp4', /--report out\/a\.mp4: would overwrite the output/],
    ['a file in a folder that does not exist', 'nowhere/r.json', /the folder .*nowhere does not exist/],
    ['a folder', 'clips', /is a folder/],
  ])('refuses %s before encoding anything (exit 2)', async (_name, report, message) => {
    const dir = await clipsFolder();
    const before = await md5(path.join(dir, 'clips', 'a.mp4'));
    const result = await runCli(['optimize', 'clips', '-o', 'out', '--report', report, '--no-progress'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(await md5(path.join(dir, 'clips', 'a.mp4'))).toBe(before);
    expect(await readdir(dir)).toEqual(['clips']);
  });

  it('check --junit refuses a video that is not even checked, and bench --json too', async () => {
    const dir = await clipsFolder();
    await copyFile(CLIP, path.join(dir, 'keep.mov'));
    const check = await runCli(['check', 'clips', '--junit', 'keep.mov'], { cwd: dir });
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/--junit keep\.mov: exists and is not a text file/);
    const bench = await runCli(['bench', 'clips', '--json', 'keep.mov', '--runs', '1', '-j', '1'], { cwd: dir });
    expect(bench.code).toBe(2);
    expect(await md5(path.join(dir, 'keep.mov'))).toBe(await md5(CLIP));
  });

  it('a report that cannot be written after a good batch names the report file (exit 1), outputs stay', async () => {
    // A read-only folder stops only a user that is not root: the CLI runs as nobody when the tests run as root,
    // from a copy that user can read (the checkout may be private), on files in a folder it can reach.
    const dir = await sharedTempDir('report-denied');
    await mkdir(path.join(dir, 'clips'));
    await copyFile(CLIP, path.join(dir, 'clips', 'a.mp4'));
    await chmod(path.join(dir, 'clips'), 0o755);
    await chmod(path.join(dir, 'clips', 'a.mp4'), 0o644);
    await mkdir(path.join(dir, 'ro'));
    await chmod(path.join(dir, 'ro'), 0o555);
    const out = path.join(dir, 'out');
    await mkdir(out);
    await chmod(out, 0o777);
    const result = await runCliAsOtherUser(['optimize', path.join(dir, 'clips', 'a.mp4'), '-o', out, '--report', path.join(dir, 'ro', 'r.json'), '--no-progress'], { cwd: dir });
    expect(result.stderr).toMatch(/--report .*ro\/r\.json: the report could not be written: permission denied/);
    expect(result.code).toBe(1);
    expect((await stat(path.join(out, 'a.mp4'))).size).toBeGreaterThan(0);
  });
});

describe('inputs', () => {
  it('a glob run twice never takes the first run\'s outputs (the output folder inside the glob\'s base)', async () => {
    const dir = await clipsFolder();
    for (let run = 0; run < 2; run++) {
      const result = await runCli(['optimize', 'clips/**/*.mp4', '-o', 'clips/out', '--no-progress'], { cwd: dir });
      expect(result.code).toBe(0);
    }
    expect((await readdir(path.join(dir, 'clips', 'out'))).sort()).toEqual(['a.mp4']);
  });

  it('the output folder is excluded by its real path, also when reached through a symlink', async () => {
    const dir = await clipsFolder();
    await mkdir(path.join(dir, 'clips', 'out'));
    await copyFile(CLIP, path.join(dir, 'clips', 'out', 'old.mp4'));
    await symlink(path.join(dir, 'clips', 'out'), path.join(dir, 'out-link'));
    const result = await runCli(['optimize', 'clips', '-o', 'out-link', '--no-progress', '--report', 'r.json'], { cwd: dir });
    expect(result.code).toBe(0);
    const report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8'));
    expect(report.files.map((file: { input: string }) => file.input)).toEqual([path.join(dir, 'clips', 'a.mp4')]);
  });

  it('a user\'s file whose name contains ".streamprep-" is checked; hidden ones are counted as skipped', async () => {
    const dir = await tempDir('hostile-names');
    await copyFile(MOOV_AT_END, path.join(dir, 'promo.streamprep-v2.mp4'));
    await copyFile(CLIP, path.join(dir, '.hidden.mp4'));
    await copyFile(CLIP, path.join(dir, '.a.streamprep-12-0123abcd.tmp.mp4'));
    const result = await runCli(['check', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL .*promo\.streamprep-v2\.mp4 +moov-after-mdat/);
    expect(result.stdout).toMatch(/1 checked: 0 passed, 1 failed; 2 skipped/);
  });

  it.each([
    ['a symlink loop', async (dir: string) => {
      await symlink('loop-b.mp4', path.join(dir, 'loop-a.mp4'));
      await symlink('loop-a.mp4', path.join(dir, 'loop-b.mp4'));
      return 'loop-a.mp4';
    }, /symlink loop/],
    ['a broken symlink', async (dir: string) => {
      await symlink('nowhere.mp4', path.join(dir, 'dangling.mp4'));
      return 'dangling.mp4';
    }, /broken symlink/],
  ])('%s is named as such', async (_name, make, reason) => {
    const dir = await tempDir('hostile-links');
    const input = await make(dir);
    for (const command of [['optimize', input, '-o', 'out', '--no-progress'], ['check', input], ['faststart', input, '-o', 'fs']]) {
      const result = await runCli(command, { cwd: dir });
      expect(result.code, command.join(' ')).toBe(1);
      expect(result.stdout).toMatch(reason);
    }
  });
});

describe('long names', () => {
  it('a 228-byte name is optimized, made faststart and fixed (temporary names fit NAME_MAX)', async () => {
    const dir = await tempDir('hostile-long');
    const name = `${'a'.repeat(224)}.mp4`;
    await copyFile(MOOV_AT_END, path.join(dir, name));
    const optimized = await runCli(['optimize', name, '-o', 'out', '--no-progress'], { cwd: dir });
    expect(optimized.code).toBe(0);
    expect(await readdir(path.join(dir, 'out'))).toEqual([name]);
    const moved = await runCli(['faststart', name, '-o', 'fs'], { cwd: dir });
    expect(moved.code).toBe(0);
    const fixed = await runCli(['check', name, '--fix'], { cwd: dir });
    expect(fixed.stdout).toMatch(/^FIXED/);
    expect(fixed.code).toBe(0);
  });

  it('an output name longer than the file system allows is refused with the reason', async () => {
    const dir = await tempDir('hostile-long');
    const name = `${'b'.repeat(252)}.ts`; // 255 bytes; 256 as .mp4
    await copyFile(MOOV_AT_END, path.join(dir, name));
    const result = await runCli(['optimize', name, '-o', 'out', '--no-progress'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/is 256 bytes, more than the 255 a file name may have/);
  });
});

describe('usage errors (exit 2)', () => {
  it.each([
    [['-o', 'afile'], /-o afile: exists and is not a folder/],
    [['-o', 'out', '--threads', '65'], /expected at most 64 threads/],
    [['-o', 'out', '--threads', '0'], /expected a whole number ≥ 1/],
  ])('optimize %j', async (args, message) => {
    const dir = await clipsFolder();
    await writeFile(path.join(dir, 'afile'), 'x');
    const result = await runCli(['optimize', 'clips', ...args], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });
});
