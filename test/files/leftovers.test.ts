import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeLeftovers } from '../../src/files/leftovers.js';
import { lockNameFor, tempNameFor } from '../../src/files/temp-names.js';

describe('a killed run\'s leftovers', () => {
  let dir: string;
  let deadPid: number;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'streamprep-leftovers-'));
    // A process that has exited: its pid names no process now.
    deadPid = spawnSync(process.execPath, ['-e', '']).pid as number;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('are removed (temporary files and locks of this host\'s dead processes); what a live process or another host holds, and users\' files, stay', async () => {
    const files: Record<string, string> = {
      [tempNameFor('a.mp4', deadPid, '0123abcd')]: 'half an encode',
      [lockNameFor('a.mp4')]: `${deadPid}@${hostname()}\n`,
      [tempNameFor('b.mp4', process.pid, '0123abcd')]: 'this process\'s own',
      [lockNameFor('b.mp4')]: `${process.pid}@${hostname()}\n`,
      [lockNameFor('c.mp4')]: `${deadPid}@another-host.example\n`,
      [lockNameFor('d.mp4')]: 'not a lock this tool wrote',
      'a.mp4': 'a user\'s file',
      '.a.streamprep-v2.mp4': 'a user\'s file that looks like ours',
    };
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    expect(await removeLeftovers(dir)).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(Object.keys(files).filter((name) => !name.startsWith('.a.mp4.') && name !== tempNameFor('a.mp4', deadPid, '0123abcd')).sort());
  });

  it('a folder that is not there has none', async () => {
    expect(await removeLeftovers(path.join(dir, 'missing'))).toBe(0);
  });
});
