// What `ffmpeg -version` said is remembered per binary file as it is, for a day at most; a cache that
// cannot be written is no error.
import { chmod, mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cacheFolder, cachedOutput } from '../../src/binaries/version-cache.js';
import { tempDir } from '../helpers/media.js';

let dir: string;
let binary: string;
let env: NodeJS.ProcessEnv;
let runs: number;
const run = async (): Promise<{ output: string; keep: boolean }> => ({ output: `version ${++runs}`, keep: true });

beforeEach(async () => {
  dir = await tempDir('version-cache');
  binary = path.join(dir, 'ffmpeg');
  await writeFile(binary, '#!/bin/sh\n');
  env = { STREAMPREP_CACHE_DIR: path.join(dir, 'cache') };
  runs = 0;
});

describe('cachedOutput', () => {
  it('runs once, then answers from the cache for the same file', async () => {
    expect(await cachedOutput(binary, run, env)).toBe('version 1');
    expect(await cachedOutput(binary, run, env)).toBe('version 1');
    expect(runs).toBe(1);
  });

  it('asks again when the file changed (a new build copied over it) or the entry is a day old', async () => {
    const now = Date.now();
    await cachedOutput(binary, run, env, now);
    await writeFile(binary, '#!/bin/sh\n# another build\n');
    expect(await cachedOutput(binary, run, env, now)).toBe('version 2');
    await utimes(binary, new Date(now + 5000), new Date(now + 5000));
    expect(await cachedOutput(binary, run, env, now)).toBe('version 3');
    expect(await cachedOutput(binary, run, env, now + 25 * 3600 * 1000)).toBe('version 4');
    expect(runs).toBe(4);
  });

  it('keeps nothing from a failed run, and nothing at all when turned off', async () => {
    const failing = async (): Promise<{ output: string; keep: boolean }> => ({ output: `broken ${++runs}`, keep: false });
    expect(await cachedOutput(binary, failing, env)).toBe('broken 1');
    expect(await cachedOutput(binary, failing, env)).toBe('broken 2');
    const off = { ...env, STREAMPREP_NO_CACHE: '1' };
    expect(cacheFolder(off)).toBeUndefined();
    await cachedOutput(binary, run, off);
    await cachedOutput(binary, run, off);
    expect(runs).toBe(4);
  });

  it('a cache folder that cannot be written, or a cache file that is not JSON, only means asking each time', async () => {
    const readOnly = path.join(dir, 'ro');
    await mkdir(readOnly);
    await chmod(readOnly, 0o500);
    const blocked = { STREAMPREP_CACHE_DIR: path.join(readOnly, 'cache') };
    expect(await cachedOutput(binary, run, blocked)).toBe('version 1');
    // root writes anyway; either way the answer is right.
    expect(await cachedOutput(binary, run, blocked)).toMatch(/^version [12]$/);
    await mkdir(env.STREAMPREP_CACHE_DIR as string, { recursive: true });
    await writeFile(path.join(env.STREAMPREP_CACHE_DIR as string, 'binaries.json'), 'not json');
    expect(await cachedOutput(binary, run, env)).toMatch(/^version \d$/);
    await chmod(readOnly, 0o700);
  });

  it('lives under XDG_CACHE_HOME or ~/.cache unless STREAMPREP_CACHE_DIR says otherwise', () => {
    expect(cacheFolder({ XDG_CACHE_HOME: '/x' })).toBe(path.join('/x', 'streamprep'));
    expect(cacheFolder({ STREAMPREP_CACHE_DIR: '/y', XDG_CACHE_HOME: '/x' })).toBe('/y');
    expect(cacheFolder({})).toMatch(/\.cache[/\\]streamprep$/);
  });
});
