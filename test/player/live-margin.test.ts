// The player at a generator's pace: chunks published one after another in real time, the viewer at the
// live edge. Each chunk's last ~0.1 s of audio comes with the next chunk, so a viewer who has caught up
// runs out of data at every boundary; the live margin (resume a margin after the data is back, doubled
// after each run-out) keeps the viewer that far behind, so the run-outs stop after the first.
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.js';
import { createOptimizer } from '../../src/index.js';
import type { StaticServer } from '../../src/serve/server.js';
import { ffmpegPath, tempDir } from '../helpers/media.js';
import { VISIBLE_WAIT_MS, startPlayerServer } from '../helpers/player-page.js';

const run = promisify(execFile);
const SECONDS = 1.2;
const CHUNKS = 8;
let dir: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const servers: StaticServer[] = [];

beforeAll(async () => {
  dir = await tempDir('live-margin');
  for (let i = 1; i <= CHUNKS; i++) {
    await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${SECONDS}`,
      '-f', 'lavfi', '-i', `sine=frequency=${200 + 50 * i}:sample_rate=48000:duration=${SECONDS}`, '-c:v', 'libx264', '-c:a', 'aac', path.join(dir, `gen-${i}.mp4`)]);
  }
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
});

interface Outcome { stalls: number; resumes: number[]; margin: number; ended: boolean }

/** A conversation written at real-time pace (chunk k appended at k × its length), pushed to the page as published. */
async function playAtGeneratorPace(label: string, margin: number | undefined): Promise<Outcome> {
  const out = path.join(dir, label);
  await mkdir(out);
  const server = await startPlayerServer(out);
  servers.push(server);
  const page = await browser.newPage();
  await page.goto(`${server.url}play.html?mode=live${margin === undefined ? '' : `&margin=${margin}`}`);
  await page.waitForFunction(() => (globalThis as unknown as { result?: { ready?: boolean } }).result?.ready === true);
  const optimizer = await createOptimizer({ concurrency: 1 });
  const pushes: Array<Promise<unknown>> = [];
  const talk = optimizer.conversation('talk', {
    dir: path.join(out, 'talk.hls'),
    onEvent: (event) => {
      if (event.type === 'published') pushes.push(page.evaluate((url) => (globalThis as unknown as { push: (u: string) => void }).push(url), `/${event.url}`));
    },
  });
  const started = Date.now();
  try {
    for (let i = 1; i <= CHUNKS; i++) {
      // The generator finishes chunk i at i × its length.
      const due = started + i * SECONDS * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      await talk.append(path.join(dir, `gen-${i}.mp4`), { output: path.join(out, 'progressive', `gen-${i}.mp4`), last: i === CHUNKS });
    }
    await talk.end();
    await Promise.all(pushes);
    await page.evaluate(() => (globalThis as unknown as { finishPush: () => void }).finishPush());
    await page.waitForFunction(() => (globalThis as unknown as { result: { done: boolean } }).result.done, undefined, { timeout: 120_000 });
    return await page.evaluate(() => {
      const scope = globalThis as unknown as { result: { events: Array<{ type: string; ms?: number }> }; player: { liveMarginSec(): number } };
      const events = scope.result.events;
      return { stalls: events.filter((event) => event.type === 'stall').length, resumes: events.filter((event) => event.type === 'resume').map((event) => Math.round(event.ms ?? 0)), margin: scope.player.liveMarginSec(), ended: events.some((event) => event.type === 'ended') };
    });
  } finally {
    await page.close();
    await optimizer.close();
  }
}

describe('the live margin, at a generator\'s pace', () => {
  it('runs out of data at most three times in eight chunks (seven boundaries), the margin widened after each run-out', async () => {
    const outcome = await playAtGeneratorPace('margin', undefined);
    expect(outcome.ended).toBe(true);
    // Waits a viewer sees (a loaded machine adds sub-millisecond ones that are not run-outs).
    const visible = outcome.resumes.filter((ms) => ms >= VISIBLE_WAIT_MS).length + (outcome.stalls - outcome.resumes.length);
    expect(visible, JSON.stringify(outcome)).toBeLessThanOrEqual(3);
    // Each run-out widens the margin (0.25 s, doubled, at most 2 s): what keeps the next boundaries whole.
    expect(outcome.margin).toBeGreaterThanOrEqual(visible > 0 ? 0.5 : 0.25);
    expect(outcome.margin).toBeLessThanOrEqual(2);
  }, 240_000);
});
