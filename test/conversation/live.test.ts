// The whole live path, as users run it: a generator (ffmpeg) writes chunks, moov at the end, straight
// into a conversation folder that `streamprep watch --conversations` watches; each chunk's URL is pushed
// to streamprep/player in Chromium the moment it is published, and hls.js follows the live playlist
// (blocking reloads) — both play the conversation to its end on one timeline.
import { execFile, spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.js';
import { ffmpegPath, tempDir } from '../helpers/media.js';
import { startPlayerServer } from '../helpers/player-page.js';
import { eventsOf, startWatch } from '../helpers/watch.js';

const run = promisify(execFile);
const DURATIONS = [1.4, 1.2, 1.6, 1.0, 1.32];
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

interface PageResult { done: boolean; events: Array<{ type: string; chunk?: number }>; errors: unknown[]; buffered: Array<[number, number]> }
const resultOf = (page: { evaluate: (fn: () => unknown) => Promise<unknown> }): Promise<PageResult> =>
  page.evaluate(() => (globalThis as unknown as { result: PageResult }).result) as Promise<PageResult>;

/** watch --conversations on `inbox` into `<dir>/out`, and the test page in Chromium, served from there, ready for pushed URLs. */
async function watchAndPage(dir: string, inbox: string, extra: string[] = []) {
  const watcher = startWatch([inbox, '-o', path.join(dir, 'out'), '--conversations', ...extra], dir);
  cleanups.push(() => watcher.stop());
  await watcher.waitFor((events) => events.some((event) => event.type === 'watching'));
  const server = await startPlayerServer(path.join(dir, 'out'));
  cleanups.push(() => server.close());
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`${server.url}play.html?mode=live`);
  await page.waitForFunction(() => (globalThis as unknown as { result?: { ready?: boolean } }).result?.ready === true);
  return { watcher, server, browser, page };
}

describe('a generator writing into a watched conversation folder', () => {
  it('is played to its end by streamprep/player and by hls.js, on one timeline, while it is written', async () => {
    const dir = await tempDir('live');
    const inbox = path.join(dir, 'inbox');
    const folder = path.join(inbox, 'talk');
    await mkdir(folder, { recursive: true });
    const { watcher, server, browser, page: player } = await watchAndPage(dir, inbox, ['-j', '2']);

    // The generator: one chunk after another, each written in place by ffmpeg (moov at the end).
    let pushed = 0;
    let hls: typeof player | undefined;
    for (const [i, seconds] of DURATIONS.entries()) {
      await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=512x512:rate=25:duration=${seconds}`,
        '-f', 'lavfi', '-i', `sine=frequency=${220 * (i + 1)}:sample_rate=48000:duration=${seconds}`, '-c:v', 'libx264', '-profile:v', 'high', '-pix_fmt', 'yuv420p',
        '-c:a', 'aac', '-ac', '2', '-b:a', '192k', '-f', 'mp4', path.join(folder, `chunk-${i + 1}.mp4`)]);
      // Push what has been published so far (a backend forwards watch's events as server-sent events).
      for (const event of eventsOf(watcher.events, 'published').slice(pushed)) {
        await player.evaluate((url) => (globalThis as unknown as { push: (u: string) => void }).push(url), `/talk.hls/${path.basename(event.chunk.file)}`);
        pushed++;
      }
      if (!hls && pushed > 0) {
        hls = await browser.newPage();
        await hls.goto(`${server.url}play.html?mode=hls&playlist=${encodeURIComponent('/talk.hls/playlist.m3u8')}`);
      }
    }
    await writeFile(path.join(folder, '.end'), '');
    await watcher.waitFor((events) => events.some((event) => event.type === 'conversation-ended'), 120_000);
    for (const event of eventsOf(watcher.events, 'published').slice(pushed)) {
      await player.evaluate((url) => (globalThis as unknown as { push: (u: string) => void }).push(url), `/talk.hls/${path.basename(event.chunk.file)}`);
    }
    await player.evaluate(() => (globalThis as unknown as { finishPush: () => void }).finishPush());

    const published = eventsOf(watcher.events, 'published');
    expect(published.map((event) => event.chunk.index)).toEqual(DURATIONS.map((_, i) => i));
    expect(eventsOf(watcher.events, 'left-out').map((event) => event.reason), JSON.stringify(watcher.events.map((e) => [e.time, e.type, e.input, e.chunk?.index]))).toEqual([]);
    const total = DURATIONS.reduce((a, b) => a + b, 0);
    for (const page of [player, hls as typeof player]) {
      await page.waitForFunction(() => (globalThis as unknown as { result?: { done: boolean } }).result?.done === true, undefined, { timeout: 120_000 });
      const result = await resultOf(page);
      // What a viewer would notice: an error that stops playback. hls.js reports its own recoveries from a
      // moment's stall on a loaded machine (bufferStalledError, not fatal); playback must still reach the end
      // on one buffered range.
      const recovered = (error: unknown): boolean => {
        const { fatal, details } = error as { fatal?: boolean; details?: string };
        return fatal === false && /^buffer(Stalled|NudgeOnStall)/.test(String(details));
      };
      expect(result.errors.filter((error) => !recovered(error))).toEqual([]);
      expect(result.buffered).toHaveLength(1);
      expect((result.buffered[0] as [number, number])[1]).toBeGreaterThanOrEqual(total);
    }
    const playerResult = await resultOf(player);
    expect(playerResult.events.filter((event) => event.type === 'boundary').map((event) => event.chunk)).toEqual([1, 2, 3, 4]);
    const playlist = await readFile(path.join(dir, 'out', 'talk.hls', 'playlist.m3u8'), 'utf8');
    expect(playlist).toMatch(/#EXT-X-ENDLIST\n$/);
  }, 300_000);
});

describe('a chunk announced part by part, as a backend forwards watch --json', () => {
  it('streamprep/player plays each part as its event comes, while the generator still writes the chunk, to the end on one timeline', async () => {
    const dir = await tempDir('live-parts-sse');
    const inbox = path.join(dir, 'inbox');
    const folder = path.join(inbox, 'talk');
    await mkdir(folder, { recursive: true });
    // A generator's chunks: Matroska written at real-time pace (the README's recipe for a watched folder).
    const seconds = [2.4, 1.8];
    const sources = await Promise.all(seconds.map(async (length, i) => {
      const source = path.join(dir, `source-${i}.mkv`);
      await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${length}`,
        '-f', 'lavfi', '-i', `sine=frequency=${330 * (i + 1)}:sample_rate=48000:duration=${length}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
        '-c:a', 'aac', '-ac', '2', '-f', 'matroska', source]);
      return source;
    }));
    const { watcher, page } = await watchAndPage(dir, inbox);

    // The backend: every `part` event forwarded as it comes, and a `published` chunk only when it was not sent in parts.
    let forwarded = 0;
    let partsWhileWriting = 0;
    let writing = true;
    const forward = async (): Promise<void> => {
      for (const event of watcher.events.slice(forwarded)) {
        forwarded++;
        if (event.type === 'part') {
          if (writing) partsWhileWriting++;
          await page.evaluate(([url, options]) => (globalThis as unknown as { push: (u: string, o: unknown) => void }).push(url as string, options), [`/${event.url}`, { range: event.range, continues: event.continues }]);
        } else if (event.type === 'published' && !event.chunk.parts) {
          await page.evaluate((url) => (globalThis as unknown as { push: (u: string) => void }).push(url), `/${event.url}`);
        }
      }
    };
    for (const [i, source] of sources.entries()) {
      writing = true;
      const generator = spawn(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-re', '-i', source, '-c', 'copy', '-flush_packets', '1', '-cluster_time_limit', '200',
        '-f', 'matroska', path.join(folder, `chunk-${i + 1}.mkv`)], { stdio: 'ignore' });
      const exited = new Promise((resolve) => generator.on('close', resolve));
      let done = false;
      void exited.then(() => { done = true; });
      while (!done) {
        await forward();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      writing = false;
      expect(await exited).toBe(0);
    }
    await writeFile(path.join(folder, '.end'), '');
    await watcher.waitFor((events) => events.some((event) => event.type === 'conversation-ended'), 120_000);
    await forward();
    await page.evaluate(() => (globalThis as unknown as { finishPush: () => void }).finishPush());
    await page.waitForFunction(() => (globalThis as unknown as { result?: { done: boolean } }).result?.done === true, undefined, { timeout: 120_000 });
    const result = await resultOf(page);

    const parts = eventsOf(watcher.events, 'part');
    expect(parts.length, JSON.stringify(watcher.events.map((e) => [e.type, e.following, e.chunk?.index ?? e.chunk, e.reason]))).toBeGreaterThan(8);
    // Parts reached the page while their chunk was still being written: the viewer need not wait for the whole chunk.
    expect(partsWhileWriting).toBeGreaterThan(0);
    expect(eventsOf(watcher.events, 'published').filter((event) => event.input).map((event) => event.chunk.parts)).toEqual([
      parts.filter((event) => event.chunk === 0).length, parts.filter((event) => event.chunk === 1).length,
    ]);
    expect(result.errors).toEqual([]);
    expect(result.buffered).toHaveLength(1);
    expect((result.buffered[0] as [number, number])[1]).toBeGreaterThanOrEqual(seconds[0]! + seconds[1]! - 0.06);
    expect(result.events.filter((event) => event.type === 'boundary').map((event) => event.chunk)).toEqual([1]);
  }, 300_000);
});
