// The whole live path, as users run it: a generator (ffmpeg) writes chunks, moov at the end, straight
// into a conversation folder that `streamprep watch --conversations` watches; each chunk's URL is pushed
// to streamprep/player in Chromium the moment it is published, and hls.js follows the live playlist
// (blocking reloads) — both play the conversation to its end on one timeline.
import { execFile } from 'node:child_process';
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

describe('a generator writing into a watched conversation folder', () => {
  it('is played to its end by streamprep/player and by hls.js, on one timeline, while it is written', async () => {
    const dir = await tempDir('live');
    const inbox = path.join(dir, 'inbox');
    const folder = path.join(inbox, 'talk');
    await mkdir(folder, { recursive: true });
    const watcher = startWatch([inbox, '-o', path.join(dir, 'out'), '--conversations', '-j', '2'], dir);
    cleanups.push(() => watcher.stop());
    await watcher.waitFor((events) => events.some((event) => event.type === 'watching'));
    const server = await startPlayerServer(path.join(dir, 'out'));
    cleanups.push(() => server.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const player = await browser.newPage();
    await player.goto(`${server.url}play.html?mode=live`);
    await player.waitForFunction(() => (globalThis as unknown as { result?: { ready?: boolean } }).result?.ready === true);

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
