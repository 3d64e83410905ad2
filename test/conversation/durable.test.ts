// A conversation never loses, doubles or rewrites a chunk: its log survives restarts and kill -9, one
// process owns it, its folder never reaches the inputs, and every chunk ends published or left out.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, rename, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOG_NAME, parseLog, type LogChunk } from '../../src/conversation/log.js';
import { createOptimizer } from '../../src/optimize/optimizer.js';
import { CLI, ffmpegPath, runCli, tempDir } from '../helpers/media.js';
import { eventsOf, expectNoSilentDrop, startWatch } from '../helpers/watch.js';

const run = promisify(execFile);
const SECONDS = [1.0, 1.2, 0.8, 1.0, 1.4, 1.2];
let source: string;

const md5 = async (file: string): Promise<string> => createHash('md5').update(await readFile(file)).digest('hex');

/** Chunk n (1-based) as a generator writes it: moov at the end, 25 fps, stereo 48 kHz. */
const chunkFile = (n: number): string => path.join(source, `chunk-${n}.mp4`);

async function logChunks(dir: string): Promise<LogChunk[]> {
  const text = await readFile(path.join(dir, LOG_NAME), 'utf8').catch(() => '');
  const parsed = parseLog(text);
  return parsed.ok ? parsed.entries.filter((entry): entry is LogChunk => entry.type === 'chunk') : [];
}

/** Frames of video the playlist decodes to, and how long its video lasts. */
async function decodePlaylist(playlist: string): Promise<{ frames: number; seconds: number }> {
  const { stdout } = await run(ffmpegPath(), ['-hide_banner', '-allowed_extensions', 'ALL', '-i', playlist, '-map', '0:v', '-f', 'framecrc', '-'], { maxBuffer: 1 << 24 });
  const rows = stdout.split('\n').filter((line) => /^\s*0,/.test(line)).map((line) => line.split(',').map((field) => Number(field.trim())));
  const tb = Number(/#tb 0: 1\/(\d+)/.exec(stdout)?.[1] ?? 90000);
  const end = Math.max(...rows.map((row) => ((row[2] as number) + (row[3] as number)) / tb));
  return { frames: rows.length, seconds: end - (rows[0] ? (rows[0][2] as number) / tb : 0) };
}

/** Drops chunk n into the conversation folder the way an atomic writer does (temporary name, then rename). */
async function drop(folder: string, n: number): Promise<void> {
  await copyFile(chunkFile(n), path.join(folder, `.chunk-${n}.mp4`));
  await rename(path.join(folder, `.chunk-${n}.mp4`), path.join(folder, `chunk-${n}.mp4`));
}

beforeAll(async () => {
  source = await tempDir('durable-chunks');
  for (const [i, seconds] of SECONDS.entries()) {
    await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=${300 + 50 * i}:sample_rate=48000:duration=${seconds}`, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', chunkFile(i + 1)]);
  }
}, 120_000);

describe('a conversation\'s log', () => {
  it('kill -9 at any point, then a restart: published files stay byte-identical, every chunk once, the playlist decodes to the sum; ended stays ended', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 400 }), async (after, extraMs) => {
      const dir = await tempDir('durable-kill');
      const folder = path.join(dir, 'inbox', 'talk');
      const hls = path.join(dir, 'out', 'talk.hls');
      await mkdir(folder, { recursive: true });
      const first = startWatch(['inbox', '-o', 'out', '--conversations'], dir);
      await first.waitFor((events) => eventsOf(events, 'watching').length > 0);
      for (let n = 1; n <= after + 1; n++) await drop(folder, n);
      // Killed while chunk `after + 1` is somewhere between arriving and being published.
      await first.waitFor((events) => eventsOf(events, 'published').length >= after, 60_000);
      await new Promise((resolve) => setTimeout(resolve, extraMs));
      first.child.kill('SIGKILL');
      await first.exit;
      const before = await logChunks(hls);
      const sums = new Map(await Promise.all(before.map(async (chunk) => [chunk.file, await md5(path.join(hls, chunk.file))] as const)));

      const second = startWatch(['inbox', '-o', 'out', '--conversations'], dir);
      try {
        await second.waitFor((events) => eventsOf(events, 'watching').length > 0);
        for (let n = after + 2; n <= SECONDS.length; n++) await drop(folder, n);
        await second.waitFor((events) => eventsOf(events, 'published').filter((event) => event.input).length >= SECONDS.length, 90_000);
        await writeFile(path.join(folder, '.end'), '');
        await second.waitFor((events) => eventsOf(events, 'conversation-ended').length > 0, 60_000);
      } finally {
        await second.stop();
      }
      expectNoSilentDrop(second.events);
      const chunks = await logChunks(hls);
      for (const [file, sum] of sums) expect(await md5(path.join(hls, file)), `${file} was rewritten`).toBe(sum);
      expect(chunks.filter((chunk) => !chunk.closing).map((chunk) => chunk.source?.name)).toEqual(SECONDS.map((_, i) => `chunk-${i + 1}.mp4`));
      const total = SECONDS.reduce((a, b) => a + b, 0);
      const decoded = await decodePlaylist(path.join(hls, 'playlist.m3u8'));
      expect(decoded.frames).toBe(SECONDS.reduce((sum, s) => sum + Math.round(s * 18), 0));
      expect(Math.abs(decoded.seconds - total)).toBeLessThan(1 / 18 + 0.001);
      const playlist = await readFile(path.join(hls, 'playlist.m3u8'), 'utf8');
      expect(playlist).toMatch(/#EXT-X-ENDLIST\n$/);

      // Ended stays ended: a later chunk is left out with the reason, nothing is rewritten.
      const ended = await Promise.all(chunks.map((chunk) => md5(path.join(hls, chunk.file))));
      const third = startWatch(['inbox', '-o', 'out', '--conversations'], dir);
      try {
        await third.waitFor((events) => eventsOf(events, 'watching').length > 0);
        await copyFile(chunkFile(1), path.join(folder, 'chunk-7.mp4'));
        await third.waitFor((events) => eventsOf(events, 'left-out').length > 0, 60_000);
      } finally {
        await third.stop();
      }
      expect(eventsOf(third.events, 'left-out').map((event) => [path.basename(event.input), event.cause])).toEqual([['chunk-7.mp4', 'ended']]);
      expect(await Promise.all(chunks.map((chunk) => md5(path.join(hls, chunk.file))))).toEqual(ended);
      expect(await readFile(path.join(hls, 'playlist.m3u8'), 'utf8')).toBe(playlist);
    }), { numRuns: 3, seed: 27 });
  }, 600_000);

  it('two watch processes on one inbox: one owns the conversation (the other says locked), every chunk placed once, the whole decodes', async () => {
    const dir = await tempDir('durable-two');
    const folder = path.join(dir, 'inbox', 'talk');
    await mkdir(folder, { recursive: true });
    const watchers = [startWatch(['inbox', '-o', 'out', '--conversations'], dir), startWatch(['inbox', '-o', 'out', '--conversations'], dir)];
    try {
      for (const watcher of watchers) await watcher.waitFor((events) => eventsOf(events, 'watching').length > 0);
      for (let n = 1; n <= 3; n++) await drop(folder, n);
      await writeFile(path.join(folder, '.end'), '');
      for (const watcher of watchers) await watcher.waitFor((events) => eventsOf(events, 'conversation-ended').length > 0 || eventsOf(events, 'left-out').length >= 3, 90_000);
    } finally {
      for (const watcher of watchers) await watcher.stop();
    }
    const owners = watchers.filter((watcher) => eventsOf(watcher.events, 'published').length > 0);
    expect(owners).toHaveLength(1);
    const other = watchers.find((watcher) => !owners.includes(watcher)) as (typeof watchers)[number];
    expect(eventsOf(other.events, 'left-out').every((event) => event.cause === 'locked')).toBe(true);
    expect(eventsOf(other.events, 'warning').some((event) => /being written by another streamprep run/.test(event.message))).toBe(true);
    const chunks = await logChunks(path.join(dir, 'out', 'talk.hls'));
    expect(chunks.filter((chunk) => !chunk.closing).map((chunk) => chunk.source?.name)).toEqual(['chunk-1.mp4', 'chunk-2.mp4', 'chunk-3.mp4']);
    const decoded = await decodePlaylist(path.join(dir, 'out', 'talk.hls', 'playlist.m3u8'));
    expect(decoded.frames).toBe(SECONDS.slice(0, 3).reduce((sum, s) => sum + Math.round(s * 18), 0));
  }, 180_000);

  it('optimize --conversation after the chunks were optimized alone: each keeps its input\'s length; -f replaces the whole conversation', async () => {
    const dir = await tempDir('durable-batch');
    await mkdir(path.join(dir, 'base'));
    for (let n = 1; n <= 3; n++) await copyFile(chunkFile(n), path.join(dir, 'base', `chunk-${n}.mp4`));
    expect((await runCli(['optimize', 'base', '-o', 'o', '--no-progress'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['optimize', 'base', '-o', 'o', '--conversation', 'talk', '--no-progress'], { cwd: dir })).code).toBe(0);
    const hls = path.join(dir, 'o', 'talk.hls');
    const first = await logChunks(hls);
    expect(first.map((chunk) => chunk.length / 24_000)).toEqual([SECONDS[0], SECONDS[1], SECONDS[2]]);
    // Again without -f: an ended conversation is refused, nothing changes.
    const sums = await Promise.all(first.map((chunk) => md5(path.join(hls, chunk.file))));
    const again = await runCli(['optimize', 'base', '-o', 'o', '--conversation', 'talk', '--no-progress'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/ended conversation.*--force/);
    expect(await Promise.all(first.map((chunk) => md5(path.join(hls, chunk.file))))).toEqual(sums);
    // -f with fewer chunks: new files, the old ones gone once the new playlist is in place.
    await rename(path.join(dir, 'base', 'chunk-3.mp4'), path.join(dir, 'chunk-3.mp4'));
    expect((await runCli(['optimize', 'base', '-o', 'o', '--conversation', 'talk', '-f', '--no-progress'], { cwd: dir })).code).toBe(0);
    const replaced = await logChunks(hls);
    expect(replaced.map((chunk) => chunk.file)).toEqual(['g2-0001.mp4', 'g2-0002.mp4']);
    expect((await readdir(hls)).filter((name) => name.endsWith('.mp4')).sort()).toEqual(['g2-0001.mp4', 'g2-0002.mp4']);
    expect((await decodePlaylist(path.join(hls, 'playlist.m3u8'))).frames).toBe(SECONDS.slice(0, 2).reduce((sum, s) => sum + Math.round(s * 18), 0));
  }, 180_000);
});

describe('a conversation\'s folder never reaches the inputs', () => {
  it('a symlink in its place is refused, the inputs untouched', async () => {
    const dir = await tempDir('durable-link');
    await mkdir(path.join(dir, 'in'));
    await mkdir(path.join(dir, 'out'));
    for (let n = 1; n <= 2; n++) await copyFile(chunkFile(n), path.join(dir, 'in', `000${n}.mp4`));
    const sums = await Promise.all([1, 2].map((n) => md5(path.join(dir, 'in', `000${n}.mp4`))));
    await symlink('../in', path.join(dir, 'out', 'talk.hls'));
    const result = await runCli(['optimize', 'in', '-o', 'out', '--conversation', 'talk', '--no-progress'], { cwd: dir });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/symbolic link/);
    expect(await Promise.all([1, 2].map((n) => md5(path.join(dir, 'in', `000${n}.mp4`))))).toEqual(sums);
    expect((await readdir(path.join(dir, 'in'))).sort()).toEqual(['0001.mp4', '0002.mp4']);
  }, 60_000);

  it('the library\'s conversation in the inputs\' own folder leaves its chunks out, the inputs untouched', async () => {
    for (const [name, cause] of [['chunk-1.mp4', 'collision'], ['0001.mp4', 'exists']] as const) {
      const dir = await tempDir('durable-inside');
      await mkdir(path.join(dir, 'gen'));
      await copyFile(chunkFile(1), path.join(dir, 'gen', name));
      const sum = await md5(path.join(dir, 'gen', name));
      const optimizer = await createOptimizer({ concurrency: 1 });
      const conversation = optimizer.conversation('t', { dir: path.join(dir, 'gen') });
      const placed = await conversation.append(path.join(dir, 'gen', name), { output: path.join(dir, 'o', name) });
      await conversation.end();
      await optimizer.close();
      expect(placed.published).toBeUndefined();
      // Its own folder (collision), or a folder holding what looks like another conversation's chunks (refused as it exists).
      expect(placed.cause).toBe(cause);
      expect(await md5(path.join(dir, 'gen', name))).toBe(sum);
      expect((await readdir(path.join(dir, 'gen'))).filter((file) => file.endsWith('.mp4'))).toEqual([name]);
    }
  }, 60_000);
});

describe('append() with an output that already exists', () => {
  it('refuses an output made from another input (an earlier chunk\'s) instead of publishing that content again', async () => {
    const dir = await tempDir('durable-stale-output');
    const optimizer = await createOptimizer({ concurrency: 1 });
    const conversation = optimizer.conversation('t', { dir: path.join(dir, 't.hls') });
    const first = await conversation.append(chunkFile(1), { output: path.join(dir, 'o', 'a.mp4') });
    expect(first.published).toBeDefined();
    const second = await conversation.append(chunkFile(5), { output: path.join(dir, 'o', 'a.mp4') });
    await conversation.end();
    await optimizer.close();
    expect(second.published).toBeUndefined();
    expect(second.cause).toBe('collision');
    expect(second.reason).toMatch(/made from another input/);
  }, 60_000);
});

describe('watch --conversations keeps every conversation going', () => {
  it('refuses x.hls and unusable subfolder names with a warning; duplicates and huge numbers are left out by name; nothing is dropped silently', async () => {
    const dir = await tempDir('durable-names');
    const inbox = path.join(dir, 'inbox');
    const bad = ['x.hls', 'tab\there', 'ctl\x01x', 'line\nbreak', 'n'.repeat(201)];
    for (const name of ['talk', ...bad]) await mkdir(path.join(inbox, name), { recursive: true });
    for (const name of bad) await copyFile(chunkFile(1), path.join(inbox, name, 'chunk-1.mp4'));
    const watcher = startWatch(['inbox', '-o', 'out', '--conversations'], dir);
    try {
      await watcher.waitFor((events) => eventsOf(events, 'watching').length > 0);
      await copyFile(chunkFile(1), path.join(inbox, 'talk', 'chunk_1.mp4'));
      await copyFile(chunkFile(2), path.join(inbox, 'talk', 'chunk_3.mp4'));
      await copyFile(chunkFile(3), path.join(inbox, 'talk', 'chunk_03.mov'));
      await copyFile(chunkFile(4), path.join(inbox, 'talk', 'chunk_99999999999999999998.mp4'));
      await copyFile(chunkFile(5), path.join(inbox, 'talk', 'chunk_99999999999999999999.mp4'));
      await watcher.waitFor((events) => eventsOf(events, 'done').length >= 5, 90_000);
      await writeFile(path.join(inbox, 'talk', '.end'), '');
      await watcher.waitFor((events) => eventsOf(events, 'conversation-ended').length > 0, 60_000);
    } finally {
      expect(await watcher.stop()).toBe(143);
    }
    expect(watcher.events.at(-1)?.type).toBe('stopped');
    const warnings = eventsOf(watcher.events, 'warning').map((event) => event.message as string);
    for (const name of bad) expect(warnings.some((message) => message.includes(name) && /not a conversation/.test(message)), name).toBe(true);
    expect(eventsOf(watcher.events, 'queued').every((event) => path.dirname(event.input) === path.join(dir, 'inbox', 'talk'))).toBe(true);
    const leftOut = Object.fromEntries(eventsOf(watcher.events, 'left-out').map((event) => [path.basename(event.input), event.cause]));
    expect(leftOut['chunk_99999999999999999998.mp4']).toBe('bad-number');
    expect(leftOut['chunk_99999999999999999999.mp4']).toBe('bad-number');
    expect(Object.keys(leftOut).filter((name) => /chunk_0?3\./.test(name))).toHaveLength(1);
    expect(Object.entries(leftOut).find(([name]) => /chunk_0?3\./.test(name))?.[1]).toBe('duplicate');
    expect(eventsOf(watcher.events, 'published').filter((event) => event.input).map((event) => path.basename(event.input))).toHaveLength(2);
    expectNoSilentDrop(watcher.events);
  }, 180_000);
});

describe('sentences read from stdin that end within their first bytes', () => {
  it('are published, each run exits 0, the last ends the playlist: MPEG-TS under 256 KiB (planned from its first bytes), Matroska under 16 KiB (whole: no part could be)', async () => {
    const dir = await tempDir('stdin-small');
    const ts = path.join(dir, 'one.ts');
    const tiny = path.join(dir, 'two.mkv');
    await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-i', chunkFile(1), '-c', 'copy', '-f', 'mpegts', ts]);
    await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=0.4', '-f', 'lavfi', '-i', 'sine=sample_rate=48000:duration=0.4',
      '-c:v', 'libx264', '-c:a', 'aac', '-f', 'matroska', tiny]);
    expect((await readFile(ts)).length).toBeLessThan(256 * 1024);
    expect((await readFile(tiny)).length).toBeLessThan(16 * 1024);
    const sentence = (input: string, output: string, last: boolean): Promise<{ code: number | null; stdout: string }> => new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, 'optimize', '-', '-o', path.join(dir, 'out', output), '--conversation', 'talk', '--no-progress', ...(last ? ['--last'] : [])], { stdio: ['pipe', 'pipe', 'ignore'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
      child.on('close', (code) => resolve({ code, stdout }));
      void readFile(input).then((bytes) => child.stdin.end(bytes));
    });
    for (const [input, output, last] of [[ts, '1.mp4', false], [tiny, '2.mp4', false], [ts, '3.mp4', true]] as const) {
      const result = await sentence(input, output, last);
      expect(result.code, result.stdout).toBe(0);
      expect(result.stdout).not.toMatch(/left out/);
    }
    const chunks = (await logChunks(path.join(dir, 'out', 'talk.hls'))).filter((chunk) => !chunk.closing);
    expect(chunks.map((chunk) => chunk.source?.name)).toEqual(['1.mp4', '2.mp4', '3.mp4']);
    expect(chunks.map((chunk) => Math.round((chunk.length / 24_000) * 10) / 10)).toEqual([1, 0.4, 1]);
    expect(await readFile(path.join(dir, 'out', 'talk.hls', 'playlist.m3u8'), 'utf8')).toMatch(/#EXT-X-ENDLIST\n$/);
    expect((await decodePlaylist(path.join(dir, 'out', 'talk.hls', 'playlist.m3u8'))).frames).toBe(18 + 7 + 18);
  }, 120_000);
});
