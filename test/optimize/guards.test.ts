// The library's optimizer keeps the batch's promises: no public call skips the guards, a file's cause
// is a value, an input that changes mid-encode is never reported done, protected content is refused,
// and a waiting call holds no file descriptor. Real ffmpeg, real files.
import { execFile } from 'node:child_process';
import { copyFile, readFile, readdir, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/index.js';
import { RUN_GUARDED } from '../../src/optimize/optimizer.js';
import { FIXTURES, ffmpegPath, tempDir } from '../helpers/media.js';

const CHUNK = path.join(FIXTURES, 'chunk-moov-at-end.mp4');
const run = promisify(execFile);

describe('the optimizer guards every call', () => {
  it('never replaces its own input (force or not) or a file that is not a video, with cause collision', async () => {
    const dir = await tempDir('guards');
    const input = path.join(dir, 'in.mp4');
    await copyFile(CHUNK, input);
    const notes = path.join(dir, 'notes.mp4');
    await writeFile(notes, 'my notes, not a video\n');
    const optimizer = await createOptimizer({ concurrency: 1 });
    try {
      const self = await optimizer.optimize({ input, output: input, force: true });
      expect(self).toMatchObject({ status: 'failed', cause: 'collision' });
      const viaDots = await optimizer.optimize(input, { output: path.join(dir, '.', '..', path.basename(dir), 'in.mp4'), force: true });
      expect(viaDots).toMatchObject({ status: 'failed', cause: 'collision' });
      const text = await optimizer.optimize({ input, output: notes, force: true });
      expect(text).toMatchObject({ status: 'failed', cause: 'collision', reason: expect.stringMatching(/not an MP4 video/) });
      // An assignment made up by hand (not by the guards) is refused, nothing written.
      const forged = await optimizer[RUN_GUARDED]({ input: { path: input, root: dir }, output: input, conflict: undefined }, { force: true });
      expect(forged.report).toMatchObject({ status: 'failed', cause: 'internal' });
      // An existing video output is skipped with cause exists, and replaced with force.
      const first = await optimizer.optimize({ input, output: path.join(dir, 'out.mp4') });
      expect(first).toMatchObject({ status: 'ok', cause: undefined });
      expect(await optimizer.optimize({ input, output: path.join(dir, 'out.mp4') })).toMatchObject({ status: 'skipped', cause: 'exists' });
      expect(await optimizer.optimize({ input, output: path.join(dir, 'out.mp4'), force: true })).toMatchObject({ status: 'ok' });
    } finally {
      await optimizer.close();
    }
    expect(await readFile(input)).toEqual(await readFile(CHUNK));
    expect(await readFile(notes, 'utf8')).toBe('my notes, not a video\n');
  });

  it('an input truncated when its encode starts is failed as changed-during-encode, never reported ok', async () => {
    const dir = await tempDir('guards-truncate');
    const input = path.join(dir, 'in.mp4');
    await copyFile(path.join(FIXTURES, 'hd-1080p-30fps.mp4'), input);
    const size = (await stat(input)).size;
    const optimizer = await createOptimizer({
      concurrency: 1,
      onEvent: (event) => {
        if (event.type === 'started') void truncate(input, Math.floor(size / 3));
      },
    });
    try {
      const report = await optimizer.optimize({ input, output: path.join(dir, 'out.mp4') });
      expect(report.status).toBe('failed');
      expect(['changed-during-encode', 'bad-input', 'verification']).toContain(report.cause);
    } finally {
      await optimizer.close();
    }
    expect(await readdir(dir)).toEqual(['in.mp4']);
  });

  it('refuses encrypted (CENC) input with cause encrypted instead of encoding noise', async () => {
    const dir = await tempDir('guards-cenc');
    const encrypted = path.join(dir, 'cenc.mp4');
    await run(ffmpegPath(), ['-v', 'error', '-i', CHUNK, '-c', 'copy', '-encryption_scheme', 'cenc-aes-ctr',
      '-encryption_key', '76a6c65c5ea762046bd749a2e632ccbb', '-encryption_kid', 'a7e61c373e219033c21091fa607bf3b8', encrypted]);
    const optimizer = await createOptimizer({ concurrency: 1 });
    try {
      const report = await optimizer.optimize({ input: encrypted, output: path.join(dir, 'out.mp4') });
      expect(report).toMatchObject({ status: 'failed', cause: 'encrypted', reason: expect.stringMatching(/encrypted \(video encv.*audio enca/) });
    } finally {
      await optimizer.close();
    }
    expect(await readdir(dir)).toEqual(['cenc.mp4']);
  });

  it('a thousand waiting calls hold no file descriptor and no lock: those are taken at dispatch', async () => {
    const dir = await tempDir('guards-fds');
    let queued = 0;
    const optimizer = await createOptimizer({ concurrency: 1, onEvent: (event) => { if (event.type === 'queued') queued++; } });
    const openFds = async (): Promise<number> => (await readdir('/proc/self/fd')).length;
    const before = await openFds();
    const controller = new AbortController();
    const calls = Array.from({ length: 1000 }, (_, i) => optimizer.optimize({ input: CHUNK, output: path.join(dir, `c${i}.mp4`), signal: controller.signal }));
    // Every call has passed its guards and waits for the one slot (or runs in it).
    while (queued < 1000) await new Promise((resolve) => setTimeout(resolve, 20));
    const waiting = await openFds();
    const locks = (await readdir(dir)).filter((name) => name.endsWith('.lock'));
    controller.abort();
    const reports = await Promise.all(calls);
    await optimizer.close();
    expect(waiting - before).toBeLessThan(50);
    expect(locks.length).toBeLessThanOrEqual(1);
    expect(reports.filter((report) => report.status === 'failed').every((report) => report.cause === 'interrupted')).toBe(true);
  }, 120_000);
});
