// ffprobe is found at start but only started when an input needs it: MP4/MOV chunks are read from
// their own moov, so a batch of them runs no ffprobe at all (not even -version).
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateBinary } from '../../src/binaries/locate.js';
import { FIXTURES, runCli, tempDir } from '../helpers/media.js';

describe('ffprobe', () => {
  it('runs only for inputs whose moov does not tell all', async () => {
    const dir = await tempDir('lazy-ffprobe');
    const record = path.join(dir, 'ffprobe.log');
    const real = locateBinary('ffprobe');
    if (!real || 'error' in real) throw new Error('tests need ffprobe');
    const standIn = path.join(dir, 'ffprobe');
    await writeFile(standIn, `#!/bin/sh\necho "$*" >> '${record}'\nexec '${real.path}' "$@"\n`);
    await chmod(standIn, 0o755);
    const env = { FFPROBE_PATH: standIn };
    const mp4 = await runCli(['optimize', path.join(FIXTURES, 'slow-10fps.mp4'), '-o', path.join(dir, 'a'), '--no-progress'], { env });
    expect(mp4.code).toBe(0);
    expect(await readFile(record, 'utf8').catch(() => '')).toBe('');
    const mkv = await runCli(['optimize', path.join(FIXTURES, 'surround-5.1.mkv'), '-o', path.join(dir, 'b'), '--no-progress'], { env });
    expect(mkv.code).toBe(0);
    const calls = (await readFile(record, 'utf8')).trim().split('\n');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/-show_streams/);
  });
});
