// A worker's share of its machine's cores, and the folder where workers count each other.
import { spawn } from 'node:child_process';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinHost, shareOf } from '../../src/queue/host-share.js';
import { tempDir } from '../helpers/media.js';

describe('shareOf', () => {
  it.each([[2, 1, 2], [2, 2, 1], [2, 3, 1], [8, 3, 2], [8, 2, 4], [16, 4, 4], [1, 5, 1], [4, 0, 4]])('%i cores, %i worker(s): %i each', (cores, workers, each) => {
    expect(shareOf(cores, workers)).toBe(each);
  });
});

describe('joinHost', () => {
  it('counts the live workers in its folder, forgets dead ones, and leaves', async () => {
    const folder = path.join(await tempDir('host-share'), 'workers');
    const me = await joinHost({ folder, cores: 8 });
    expect(me.cores()).toBe(8);
    // Another live process, and one long gone.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await writeFile(path.join(folder, String(other.pid)), '');
      await writeFile(path.join(folder, '999999999'), '');
      await writeFile(path.join(folder, 'not-a-pid'), '');
      expect(await me.refresh()).toBe(2);
      expect(me.cores()).toBe(4);
      expect(await readdir(folder)).not.toContain('999999999');
    } finally {
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
    }
    expect(await me.refresh()).toBe(1);
    expect(me.cores()).toBe(8);
    await me.leave();
    expect(await readdir(folder)).not.toContain(String(process.pid));
  });

  it('refuses a folder that is a link put in its place', async () => {
    const base = await tempDir('host-share-link');
    const elsewhere = path.join(base, 'elsewhere');
    await mkdir(elsewhere);
    const folder = path.join(base, 'workers');
    await symlink(elsewhere, folder);
    await expect(joinHost({ folder, cores: 4 })).rejects.toThrow(/not a folder of this user's/);
    expect(await readdir(elsewhere)).toEqual([]);
  });
});
