// streamprep watch as a backend runs it: a generator writes chunks (renamed in, and ffmpeg writing in
// place with and without +faststart) while `watch --json` announces each verified output.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isOwnFileName, isOwnTempName } from '../../src/files/temp-names.js';
import { startWatch } from '../helpers/watch.js';
import { FIXTURES, ffmpegPath, ffprobe, runCli, tempDir, topLevelTypes } from '../helpers/media.js';

const run = promisify(execFile);
const CHUNK = path.join(FIXTURES, 'chunk-moov-at-end.mp4');

const finished = (events: Array<Record<string, any>>, type = 'done') => events.filter((event) => event.type === type);

/** ffmpeg writing a 1-second chunk in place, in real time (so the watcher sees it growing). */
const writeInPlace = (file: string, faststart: boolean) => run(ffmpegPath(), [
  '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '1',
  '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', ...(faststart ? ['-movflags', '+faststart'] : []), '-y', file,
]);

describe('streamprep watch', () => {
  it('takes files already there, then renamed-in and in-place chunks, each once and only when complete', async () => {
    const dir = await tempDir('watch');
    const inbox = path.join(dir, 'inbox');
    await mkdir(inbox);
    await copyFile(CHUNK, path.join(inbox, 'early.mp4'));
    await writeFile(path.join(inbox, 'notes.txt'), 'not a video');
    const watcher = startWatch(['inbox', '-o', 'out', '--settle', '100'], dir);
    try {
      await watcher.waitFor((events) => finished(events).length === 1);
      // The atomic writer: a temporary name (ignored), then a rename.
      for (let i = 0; i < 3; i++) {
        await copyFile(CHUNK, path.join(inbox, `.chunk-${i}.mp4.part`));
        await rename(path.join(inbox, `.chunk-${i}.mp4.part`), path.join(inbox, `chunk-${i}.mp4`));
      }
      // ffmpeg writing in place, without and with its faststart pass.
      await Promise.all([writeInPlace(path.join(inbox, 'live-a.mp4'), false), writeInPlace(path.join(inbox, 'live-b.mp4'), true)]);
      await watcher.waitFor((events) => finished(events).length === 6);
      watcher.child.kill('SIGINT');
      expect(await watcher.exit).toBe(130);
    } finally {
      watcher.child.kill('SIGKILL');
    }
    const done = finished(watcher.events);
    expect(done.map((event) => path.basename(event.input)).sort())
      .toEqual(['chunk-0.mp4', 'chunk-1.mp4', 'chunk-2.mp4', 'early.mp4', 'live-a.mp4', 'live-b.mp4']);
    expect(finished(watcher.events, 'failed')).toEqual([]);
    expect(watcher.events.findIndex((event) => event.type === 'queued' && event.input.endsWith('early.mp4')))
      .toBeLessThan(watcher.events.findIndex((event) => event.type === 'queued' && event.input.endsWith('chunk-0.mp4')));
    for (const event of done) {
      expect(event.report.status).toBe('ok');
      expect(event.report.verified).toContain('faststart');
      const types = await topLevelTypes(event.output);
      expect(types.indexOf('moov')).toBeLessThan(types.indexOf('mdat'));
    }
    // The in-place chunks were taken whole: their outputs last as long as what ffmpeg wrote.
    for (const name of ['live-a.mp4', 'live-b.mp4']) {
      expect(Number((await ffprobe(path.join(dir, 'out', name))).format.duration)).toBeGreaterThan(0.9);
    }
    expect((await readdir(path.join(dir, 'out'))).filter(isOwnFileName)).toEqual([]);
  });

  it('loses and duplicates nothing when killed mid-encode and restarted', async () => {
    const dir = await tempDir('watch-restart');
    const inbox = path.join(dir, 'inbox');
    await mkdir(inbox);
    // Long enough (720p, 4 s) that encodes are running when the watcher is killed.
    await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-t', '4',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', path.join(dir, 'long.mp4')]);
    for (let i = 0; i < 4; i++) await copyFile(path.join(dir, 'long.mp4'), path.join(inbox, `c${i}.mp4`));
    const first = startWatch(['inbox', '-o', 'out', '--threads', '1'], dir);
    await first.waitFor((events) => events.filter((event) => event.type === 'started').length >= 2);
    // Killed once ffmpeg has begun writing (a temporary output exists), whatever ffmpeg's speed.
    for (let waited = 0; !(await readdir(path.join(dir, 'out')).catch(() => [] as string[])).some(isOwnTempName) && waited < 600; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.child.kill('SIGKILL');
    await first.exit;
    const leftovers = (await readdir(path.join(dir, 'out'))).filter(isOwnFileName);
    expect(leftovers.length).toBeGreaterThan(0); // a killed run cannot clean up: the restart must

    const second = startWatch(['inbox', '-o', 'out'], dir);
    try {
      await second.waitFor((events) => finished(events).length + finished(events, 'skipped').length === 4, 60_000);
      second.child.kill('SIGTERM');
      expect(await second.exit).toBe(143);
    } finally {
      second.child.kill('SIGKILL');
    }
    const watching = second.events.find((event) => event.type === 'watching');
    expect(watching?.staleRemoved).toBeGreaterThan(0);
    const out = await readdir(path.join(dir, 'out'));
    expect(out.sort()).toEqual(['c0.mp4', 'c1.mp4', 'c2.mp4', 'c3.mp4']);
    for (const name of out) expect(Number((await ffprobe(path.join(dir, 'out', name))).format.duration)).toBeGreaterThan(3.9);
  });

  it('--once processes what is there, moves originals with --done-dir, and exits', async () => {
    const dir = await tempDir('watch-once');
    await mkdir(path.join(dir, 'inbox'));
    await copyFile(CHUNK, path.join(dir, 'inbox', 'a.mp4'));
    await copyFile(path.join(FIXTURES, 'slow-10fps.mp4'), path.join(dir, 'inbox', 'b.mp4'));
    await writeFile(path.join(dir, 'inbox', 'broken.mp4'), 'not a video at all, just text');
    const result = await runCli(['watch', 'inbox', '-o', 'out', '--once', '--done-dir', 'done'], { cwd: dir });
    expect(result.code).toBe(1); // broken.mp4 failed
    expect(result.stdout).toMatch(/ok +inbox\/a\.mp4 → out\/a\.mp4/);
    expect(result.stdout).toMatch(/failed +inbox\/broken\.mp4: /);
    expect((await readdir(path.join(dir, 'done'))).sort()).toEqual(['a.mp4', 'b.mp4']);
    expect(await readdir(path.join(dir, 'inbox'))).toEqual(['broken.mp4']);
  });

  it('refuses an output folder that is a watched folder (exit 2)', async () => {
    const dir = await tempDir('watch-usage');
    await mkdir(path.join(dir, 'inbox'));
    const result = await runCli(['watch', 'inbox', '-o', './inbox/'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/must not be a watched folder/);
  });
});
