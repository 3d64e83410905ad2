// A conversation ended after its last chunk was already placed (watch's `.end` after the last chunk)
// closes with that chunk's last audio as an audio-only segment: it must play to its end in the player
// and in hls.js, and the playlist's EXTINF values must add up to the media's length.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.js';
import { createOptimizer } from '../../src/optimize/optimizer.js';
import { ffmpegPath, tempDir } from '../helpers/media.js';
import { startPlayerServer } from '../helpers/player-page.js';

const run = promisify(execFile);
const DURATIONS = [1.4, 1.2];
const TOTAL = DURATIONS.reduce((a, b) => a + b, 0);
let dir: string;
let playlist: string;
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

beforeAll(async () => {
  dir = await tempDir('closing');
  const optimizer = await createOptimizer({ concurrency: 2 });
  const conversation = optimizer.conversation('talk', { dir: path.join(dir, 'out', 'talk.hls') });
  for (const [i, seconds] of DURATIONS.entries()) {
    const input = path.join(dir, `chunk-${i + 1}.mp4`);
    await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=256x256:rate=25:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', input]);
    // Placed one by one without knowing which is last: the end comes after.
    const placed = await conversation.append(input, { output: path.join(dir, 'out', `chunk-${i + 1}.mp4`) });
    expect(placed.published, placed.reason).toBeDefined();
  }
  await conversation.end();
  await optimizer.close();
  playlist = await readFile(path.join(dir, 'out', 'talk.hls', 'playlist.m3u8'), 'utf8');
}, 120_000);

describe('a conversation ended after its last chunk was placed', () => {
  it('closes with an audio-only segment, and its EXTINF values add up to the media\'s length', async () => {
    const extinf = [...playlist.matchAll(/#EXTINF:([\d.]+),/g)].map((match) => Number(match[1]));
    expect(extinf).toHaveLength(3);
    const sum = extinf.reduce((a, b) => a + b, 0);
    expect(playlist).toMatch(/#EXT-X-ENDLIST\n$/);
    // The closing segment lies inside the last chunk's span: it adds only what its last AAC frame reaches
    // past the end, so the sum is where the media ends — the last chunk's end, or its last audio frame's.
    const packets = await run(ffmpegPath(), ['-hide_banner', '-allowed_extensions', 'ALL', '-i', path.join(dir, 'out', 'talk.hls', 'playlist.m3u8'), '-map', '0:a', '-c', 'copy', '-f', 'framecrc', '-'], { maxBuffer: 1 << 24 });
    const rows = packets.stdout.split('\n').filter((line) => /^\s*0,/.test(line)).map((line) => line.split(',').map((field) => Number(field.trim())));
    const audioEnd = Math.max(...rows.map((row) => ((row[2] as number) + (row[3] as number)) / 24_000)) - 1024 / 24_000; // the priming before the timeline's zero
    expect(audioEnd).toBeGreaterThanOrEqual(TOTAL - 0.001); // nothing of the last chunk's audio is missing
    expect(Math.abs(sum - Math.max(TOTAL, audioEnd))).toBeLessThan(0.001);
    expect(sum - TOTAL).toBeLessThan(1024 / 24_000);
  });

  it.each(['player', 'hls'])('plays to its end in Chromium with %s, the closing audio included', async (mode) => {
    const server = await startPlayerServer(path.join(dir, 'out'));
    cleanups.push(() => server.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.newPage();
    const chunks = JSON.stringify(['0001.mp4', '0002.mp4', '0003.mp4'].map((name) => `/talk.hls/${name}`));
    await page.goto(mode === 'hls'
      ? `${server.url}play.html?mode=hls&playlist=${encodeURIComponent('/talk.hls/playlist.m3u8')}`
      : `${server.url}play.html?chunks=${encodeURIComponent(chunks)}`);
    await page.waitForFunction(() => (globalThis as unknown as { result?: { done: boolean } }).result?.done === true, undefined, { timeout: 60_000 });
    const result = await page.evaluate(() => (globalThis as unknown as { result: { errors: unknown[]; buffered: Array<[number, number]>; currentTime: number } }).result);
    expect(result.errors).toEqual([]);
    expect(result.buffered).toHaveLength(1);
    // Played through the last video frame to the end of the closing audio.
    expect(result.currentTime).toBeGreaterThanOrEqual(TOTAL - 0.01);
  }, 120_000);
});
