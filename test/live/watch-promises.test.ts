// watch against a real generator writing into a real folder, tried as an attacker would: files that
// share an output, a chunk renamed over (or truncated) while it is encoded, a fragmented MP4 and an MKV
// written slowly in place, 500 files at once. Nothing is moved to --done-dir that was not encoded as it
// is, and nothing is encoded twice.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, open, readFile, readdir, rename, truncate } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ffmpegPath, ffprobe, tempDir } from '../helpers/media.js';
import { eventsOf, startWatch } from '../helpers/watch.js';

const run = promisify(execFile);
const CHUNK = path.join(FIXTURES, 'chunk-moov-at-end.mp4');

const of = eventsOf;
const md5 = async (file: string): Promise<string> => createHash('md5').update(await readFile(file)).digest('hex');
const videoSeconds = async (file: string): Promise<number> => Number((await ffprobe(file)).format.duration);

/** A clip of `seconds`, by default 1280x720 (slow enough to encode that a test can act while it runs). */
async function clip(file: string, seconds: number, size = '1280x720'): Promise<void> {
  await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30`, '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-y', file]);
}

describe('watch keeps files safe', () => {
  it('two files with one output: the second fails as a collision, and a restart never moves it to --done-dir', async () => {
    const dir = await tempDir('watch-collide');
    await mkdir(path.join(dir, 'in'));
    await mkdir(path.join(dir, 'in2'));
    await copyFile(CHUNK, path.join(dir, 'in', 'a.mp4'));
    await copyFile(path.join(FIXTURES, 'slow-10fps.mp4'), path.join(dir, 'in', 'a.mov'));
    await copyFile(path.join(FIXTURES, 'sd-bt601-640x480.mp4'), path.join(dir, 'in2', 'a.mp4'));
    for (let round = 0; round < 2; round++) {
      const watcher = startWatch(['in', 'in2', '-o', 'out', '--done-dir', 'done'], dir);
      try {
        // The first run also waits for its move (it follows the report); a skipped file is never moved.
        await watcher.waitFor((events) => of(events, 'done').length + of(events, 'failed').length + of(events, 'skipped').length >= (round === 0 ? 3 : 2)
          && of(events, 'moved').length + of(events, 'warning').length >= (round === 0 ? 1 : 0));
        if (round === 0) {
          expect(of(watcher.events, 'done')).toHaveLength(1);
          expect(of(watcher.events, 'failed').map((event) => event.cause)).toEqual(['collision', 'collision']);
        } else {
          // The output exists (from the other file): skipped, never moved as if it had been encoded; the third still collides.
          expect(watcher.events.filter((event) => event.cause).map((event) => event.cause).sort()).toEqual(['collision', 'exists']);
        }
        expect(of(watcher.events, 'moved')).toHaveLength(round === 0 ? 1 : 0);
      } finally {
        await watcher.stop();
      }
    }
    expect(await readdir(path.join(dir, 'done'))).toHaveLength(1);
    expect((await readdir(path.join(dir, 'in'))).length + (await readdir(path.join(dir, 'in2'))).length).toBe(2);
  });

  it('a chunk renamed over one being encoded: the new content is encoded and moved, never the old output under its name', async () => {
    const dir = await tempDir('watch-renamed-over');
    await mkdir(path.join(dir, 'in'));
    await clip(path.join(dir, 'long.mp4'), 6);
    await copyFile(CHUNK, path.join(dir, 'short.mp4'));
    const watcher = startWatch(['in', '-o', 'out', '--done-dir', 'done', '--threads', '1'], dir);
    try {
      await watcher.waitFor((events) => of(events, 'watching').length > 0);
      await copyFile(path.join(dir, 'long.mp4'), path.join(dir, 'in', '.c.mp4'));
      await rename(path.join(dir, 'in', '.c.mp4'), path.join(dir, 'in', 'c.mp4'));
      await watcher.waitFor((events) => of(events, 'started').length > 0);
      await rename(path.join(dir, 'short.mp4'), path.join(dir, 'in', 'c.mp4'));
      await watcher.waitFor((events) => of(events, 'moved').length > 0);
    } finally {
      await watcher.stop();
    }
    const reports = watcher.events.filter((event) => ['done', 'failed'].includes(event.type));
    expect(reports.at(-1)).toMatchObject({ type: 'done' });
    if (reports.length > 1) expect(reports[0]).toMatchObject({ type: 'failed', cause: 'changed-during-encode' });
    expect(await md5(path.join(dir, 'done', 'c.mp4'))).toBe(await md5(CHUNK));
    expect(await videoSeconds(path.join(dir, 'out', 'c.mp4'))).toBeLessThan(1.5); // the short chunk's output, not the 6-s one
  }, 120_000);

  it('an input truncated while it is encoded is never reported done nor moved', async () => {
    const dir = await tempDir('watch-truncated');
    await mkdir(path.join(dir, 'in'));
    await clip(path.join(dir, 'long.mp4'), 6);
    const watcher = startWatch(['in', '-o', 'out', '--done-dir', 'done', '--threads', '1'], dir);
    try {
      await watcher.waitFor((events) => of(events, 'watching').length > 0);
      await copyFile(path.join(dir, 'long.mp4'), path.join(dir, 'in', '.t.mp4'));
      await rename(path.join(dir, 'in', '.t.mp4'), path.join(dir, 'in', 't.mp4'));
      await watcher.waitFor((events) => of(events, 'started').length > 0);
      await truncate(path.join(dir, 'in', 't.mp4'), 200_000);
      // Cut short while it was encoded: no verdict on a file that changed, it is looked at again.
      await watcher.waitFor((events) => of(events, 'retrying').length > 0);
      expect(of(watcher.events, 'retrying')[0]?.cause).toMatch(/changed-during-encode|bad-input|verification/);
      expect(of(watcher.events, 'failed')).toEqual([]);
    } finally {
      await watcher.stop();
    }
    expect(of(watcher.events, 'done')).toEqual([]);
    expect(await readdir(path.join(dir, 'done'))).toEqual([]);
  }, 120_000);

  it('a fragmented MP4 and an MKV written slowly in place are taken once, whole', async () => {
    const dir = await tempDir('watch-slow-writers');
    await mkdir(path.join(dir, 'in'));
    await clip(path.join(dir, 'source.mkv'), 4, '320x240');
    const watcher = startWatch(['in', '-o', 'out'], dir);
    try {
      await watcher.waitFor((events) => of(events, 'watching').length > 0);
      // ffmpeg writing a fragmented MP4 in real time: after the first fragment it already looks whole but for mfra.
      const fragmented = run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '4',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25', '-movflags', 'frag_keyframe+empty_moov', '-y', path.join(dir, 'in', 'frag.mp4')]);
      // An MKV dribbled 10 KB every 100 ms.
      const bytes = await readFile(path.join(dir, 'source.mkv'));
      const handle = await open(path.join(dir, 'in', 'slow.mkv'), 'w');
      for (let offset = 0; offset < bytes.length; offset += 10_000) {
        await handle.write(bytes.subarray(offset, offset + 10_000));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await handle.close();
      await fragmented;
      await watcher.waitFor((events) => of(events, 'done').length + of(events, 'failed').length >= 2, 90_000);
    } finally {
      await watcher.stop();
    }
    expect(of(watcher.events, 'started')).toHaveLength(2);
    expect(of(watcher.events, 'done').map((event) => path.basename(event.input)).sort()).toEqual(['frag.mp4', 'slow.mkv']);
    expect(await videoSeconds(path.join(dir, 'out', 'frag.mp4'))).toBeGreaterThan(3.8);
    expect(await videoSeconds(path.join(dir, 'out', 'slow.mp4'))).toBeGreaterThan(3.8);
  }, 180_000);

  it('an MP4 written a byte at a time, then in small pieces, is taken once, when whole', async () => {
    const dir = await tempDir('watch-bytewise');
    await mkdir(path.join(dir, 'in'));
    const bytes = await readFile(CHUNK);
    const watcher = startWatch(['in', '-o', 'out'], dir);
    try {
      await watcher.waitFor((events) => of(events, 'watching').length > 0);
      const handle = await open(path.join(dir, 'in', 'slow.mp4'), 'w');
      // The first header a byte at a time (files under 8 bytes are not judged), then 4 KB pieces.
      for (let offset = 0; offset < 24; offset++) {
        await handle.write(bytes.subarray(offset, offset + 1));
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      for (let offset = 24; offset < bytes.length; offset += 4096) {
        await handle.write(bytes.subarray(offset, offset + 4096));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await handle.close();
      await watcher.waitFor((events) => of(events, 'done').length + of(events, 'failed').length > 0);
    } finally {
      await watcher.stop();
    }
    expect(of(watcher.events, 'failed')).toEqual([]);
    expect(of(watcher.events, 'started')).toHaveLength(1);
    expect(of(watcher.events, 'done')).toHaveLength(1);
  }, 120_000);

  it('500 files copied in at once are each started exactly once, and none fails for being moved', async () => {
    const dir = await tempDir('watch-500');
    await mkdir(path.join(dir, 'in'));
    const tiny = path.join(dir, 'tiny.mp4');
    await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=64x64:rate=10', '-t', '0.3',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', tiny]);
    const watcher = startWatch(['in', '-o', 'out', '--done-dir', 'done', '--rescan', '0.2'], dir);
    try {
      await watcher.waitFor((events) => of(events, 'watching').length > 0);
      await Promise.all(Array.from({ length: 500 }, (_, i) => copyFile(tiny, path.join(dir, 'in', `c${String(i).padStart(3, '0')}.mp4`))));
      await watcher.waitFor((events) => of(events, 'moved').length === 500, 170_000);
    } finally {
      await watcher.stop();
    }
    expect(of(watcher.events, 'started')).toHaveLength(500);
    expect(new Set(of(watcher.events, 'started').map((event) => event.input)).size).toBe(500);
    expect(of(watcher.events, 'failed')).toEqual([]);
    expect(await readdir(path.join(dir, 'done'))).toHaveLength(500);
  }, 200_000);
});
