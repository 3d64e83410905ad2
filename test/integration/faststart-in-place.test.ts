// faststart --in-place (and check --fix) changes where moov sits, nothing else about the file: owner,
// group, mode and times stay; a symlink stays a link to the rewritten file; hard links are not split silently.
import { chmod, chown, copyFile, link, lstat, readlink, stat, symlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir, topLevelTypes } from '../helpers/media.js';

const MOOV_AT_END = path.join(FIXTURES, 'chunk-moov-at-end.mp4');
const faststartOrder = async (file: string): Promise<boolean> => {
  const types = await topLevelTypes(file);
  return types.indexOf('moov') < types.indexOf('mdat');
};

describe.each([
  ['faststart --in-place', (file: string, extra: string[] = []) => ['faststart', file, '--in-place', ...extra]],
  ['check --fix', (file: string, extra: string[] = []) => ['check', file, '--fix', ...extra]],
])('%s', (_name, command) => {
  it('keeps owner, group, mode and modification time', async () => {
    const dir = await tempDir('in-place');
    const file = path.join(dir, 'clip.mp4');
    await copyFile(MOOV_AT_END, file);
    // Another user's file where this process may change ownership (root, as CI runs); its own otherwise.
    const owner = process.getuid?.() === 0 ? 65534 : (process.getuid?.() ?? 0);
    const group = process.getuid?.() === 0 ? 65534 : (process.getgid?.() ?? 0);
    await chown(file, owner, group);
    await chmod(file, 0o640);
    const then = new Date('2020-01-01T12:00:00Z');
    await utimes(file, then, then);
    const result = await runCli(command(file));
    expect(result.code).toBe(0);
    const after = await stat(file);
    expect({ uid: after.uid, gid: after.gid, mode: after.mode & 0o7777, mtime: after.mtime.toISOString() })
      .toEqual({ uid: owner, gid: group, mode: 0o640, mtime: then.toISOString() });
    expect(await faststartOrder(file)).toBe(true);
  });

  it('rewrites the file a symlink points to and leaves the link a link', async () => {
    const dir = await tempDir('in-place-link');
    await copyFile(MOOV_AT_END, path.join(dir, 'target.mp4'));
    await symlink('target.mp4', path.join(dir, 'link.mp4'));
    const result = await runCli(command('link.mp4'), { cwd: dir });
    expect(result.code).toBe(0);
    expect((await lstat(path.join(dir, 'link.mp4'))).isSymbolicLink()).toBe(true);
    expect(await readlink(path.join(dir, 'link.mp4'))).toBe('target.mp4');
    expect(await faststartOrder(path.join(dir, 'target.mp4'))).toBe(true);
  });

  it('refuses a file with other hard links unless --break-hardlinks', async () => {
    const dir = await tempDir('in-place-hardlink');
    await copyFile(MOOV_AT_END, path.join(dir, 'a.mp4'));
    await link(path.join(dir, 'a.mp4'), path.join(dir, 'b.mp4'));
    const refused = await runCli(command('a.mp4'), { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/has 2 hard links.*--break-hardlinks/);
    expect(await faststartOrder(path.join(dir, 'a.mp4'))).toBe(false);
    expect((await stat(path.join(dir, 'a.mp4'))).nlink).toBe(2);
    const forced = await runCli(command('a.mp4', ['--break-hardlinks']), { cwd: dir });
    expect(forced.code).toBe(0);
    expect(await faststartOrder(path.join(dir, 'a.mp4'))).toBe(true);
    expect(await faststartOrder(path.join(dir, 'b.mp4'))).toBe(false); // the other name keeps the old version
  });
});
