// The player and hls.js in the real headless Chromium, on a real conversation served by streamprep's
// server: every chunk plays, on one timeline with no hole, without a single wait for data, to the end.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.js';
import { createOptimizer } from '../../src/index.js';
import type { StaticServer } from '../../src/serve/server.js';
import { startFolderServer } from '../../src/serve/folder-server.js';
import { ffmpegPath, tempDir } from '../helpers/media.js';
import { startPlayerServer, visibleWaits } from '../helpers/player-page.js';

const run = promisify(execFile);
const DURATIONS = [1.2, 1.6, 1, 1.44, 1.28];
const TOTAL = DURATIONS.reduce((a, b) => a + b, 0);
const PRIMING_SEC = 1024 / 24_000;
let dir: string;
let server: StaticServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;

interface PageResult {
  done: boolean;
  mode?: string;
  events: Array<{ type: string; chunk?: number; gapMs?: number; ms?: number }>;
  errors: Array<Record<string, unknown>>;
  buffered: Array<[number, number]>;
}

async function play(query: string): Promise<PageResult> {
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}play.html?${query}`);
    await page.waitForFunction(() => (globalThis as unknown as { result?: { done: boolean } }).result?.done === true, undefined, { timeout: 120_000 });
    return await page.evaluate(() => (globalThis as unknown as { result: PageResult }).result);
  } finally {
    await page.close();
  }
}

beforeAll(async () => {
  dir = await tempDir('player');
  const optimizer = await createOptimizer({ concurrency: 2 });
  const conversation = optimizer.conversation('talk', { dir: path.join(dir, 'talk.hls') });
  const chunks: Array<Promise<unknown>> = [];
  for (const [i, seconds] of DURATIONS.entries()) {
    const source = path.join(dir, `gen-${i + 1}.mp4`);
    // As the users' generator writes them: 512×512, 25 fps, High, 48 kHz stereo AAC, moov at the end.
    await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=512x512:rate=25:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=${300 + 100 * i}:sample_rate=48000:duration=${seconds}`, '-c:v', 'libx264', '-profile:v', 'high', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-ac', '2', '-b:a', '192k', source]);
    chunks.push(conversation.append(source, { output: path.join(dir, 'out', `gen-${i + 1}.mp4`), last: i === DURATIONS.length - 1 }));
  }
  await Promise.all(chunks);
  await conversation.end();
  await optimizer.close();
  server = await startPlayerServer(dir);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const chunkUrls = JSON.stringify(DURATIONS.map((_, i) => `/talk.hls/${String(i + 1).padStart(4, '0')}.mp4`));

/** One buffered range from the first frame to the end: the chunks tile the timeline. */
function expectOneTimeline(result: PageResult): void {
  expect(result.buffered).toHaveLength(1);
  const [[start, end]] = result.buffered as [[number, number]];
  expect(start).toBeLessThanOrEqual(PRIMING_SEC + 0.001);
  expect(end).toBeGreaterThanOrEqual(TOTAL + PRIMING_SEC - 0.001);
}

describe('a conversation in Chromium', () => {
  it('plays through streamprep/player (MSE): every boundary crossed, no wait for data, one timeline', async () => {
    const result = await play(`chunks=${encodeURIComponent(chunkUrls)}`);
    expect(result.mode).toBe('mse');
    expect(result.errors).toEqual([]);
    const types = result.events.map((event) => event.type);
    expect(types.filter((type) => type === 'firstframe')).toHaveLength(1);
    expect(result.events.filter((event) => event.type === 'boundary').map((event) => event.chunk)).toEqual([1, 2, 3, 4]);
    // No wait a viewer would see (a sub-millisecond `waiting` on a loaded machine is not one).
    expect(visibleWaits(result.events), JSON.stringify(result.events)).toEqual([]);
    expect(types).toContain('ended');
    expectOneTimeline(result);
  }, 180_000);

  it('plays through hls.js (low-latency mode) from the live playlist without an error or a wait', async () => {
    const result = await play(`mode=hls&playlist=${encodeURIComponent('/talk.hls/playlist.m3u8')}`);
    expect(result.errors).toEqual([]);
    expect(visibleWaits(result.events), JSON.stringify(result.events)).toEqual([]);
    expectOneTimeline(result);
  }, 180_000);

  it('plays on serve\'s index page: the conversation through the player, under the page\'s CSP', async () => {
    const folderServer = await startFolderServer({ root: dir });
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    try {
      await page.goto(folderServer.url);
      await page.waitForFunction(() => /5 chunk\(s\)/.test((globalThis as unknown as { document: { querySelector: (s: string) => { textContent: string } | null } }).document.querySelector('.status')?.textContent ?? ''), undefined, { timeout: 120_000 });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await folderServer.close();
    }
  }, 180_000);

  it('falls back to two swapping elements where MSE is not used, and still plays every chunk', async () => {
    const result = await play(`mode=swap&chunks=${encodeURIComponent(chunkUrls)}`);
    expect(result.mode).toBe('swap');
    expect(result.errors).toEqual([]);
    expect(result.events.filter((event) => event.type === 'boundary').map((event) => event.chunk)).toEqual([1, 2, 3, 4]);
  }, 180_000);
});
