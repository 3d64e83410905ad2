// The README's front end, run as printed: its page and script (extracted from the README) served by
// `streamprep serve --page` on one origin, the media by `streamprep serve --cors <that origin>` on
// another, while a conversation is being written. streamprep/player and hls.js each play it live to its
// end in the real Chromium; without --cors the same page gets nothing, as a browser enforces it.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.js';
import { createOptimizer } from '../../src/index.js';
import { ROOT, ffmpegPath, tempDir } from '../helpers/media.js';
import { type ServeChild, startServeCli } from '../helpers/serve-cli.js';

const run = promisify(execFile);
const SECONDS = [1.2, 1.6, 1.0];
let dir: string;
let pageServer: ServeChild;
let browser: Awaited<ReturnType<typeof launchChromium>>;

/** The README block whose first line names `file` (`<!-- site/index.html -->`, `// site/app.js`). */
async function readmeFile(file: string): Promise<string> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```\w*\n([\s\S]*?)```/g)].map((match) => match[1] as string)
    .find((text) => (text.split('\n')[0] as string).replace(/^(<!--|\/\/)\s*/, '').startsWith(`${file} `) || (text.split('\n')[0] as string).includes(` ${file} -->`));
  if (!block) throw new Error(`README has no block for ${file}`);
  return block;
}

beforeAll(async () => {
  dir = await tempDir('front-end');
  const site = path.join(dir, 'site');
  await mkdir(site);
  await writeFile(path.join(site, 'index.html'), await readmeFile('site/index.html'));
  await writeFile(path.join(site, 'app.js'), await readmeFile('site/app.js'));
  await copyFile(path.join(ROOT, 'node_modules', 'hls.js', 'dist', 'hls.mjs'), path.join(site, 'hls.mjs'));
  for (const [i, seconds] of SECONDS.entries()) {
    await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=512x512:rate=25:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=${300 + 100 * i}:sample_rate=48000:duration=${seconds}`, '-c:v', 'libx264', '-c:a', 'aac', '-ac', '2', path.join(dir, `gen-${i + 1}.mp4`)]);
  }
  await mkdir(path.join(dir, 'empty'));
  pageServer = await startServeCli([path.join(dir, 'empty'), '--page', site]);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  pageServer?.child.kill('SIGTERM');
});

interface Outcome { status: string; ended: boolean; currentTime: number; problems: string[] }

/**
 * The page (origin A) plays talk.hls from a media server (origin B) while the conversation is written:
 * the first chunk before the page opens, the others while it plays.
 */
async function playLive(label: string, serveArgs: string[], query: string, until: RegExp): Promise<Outcome> {
  const out = path.join(dir, label);
  await mkdir(out);
  const media = await startServeCli([out, ...serveArgs]);
  const optimizer = await createOptimizer({ concurrency: 2 });
  const talk = optimizer.conversation('talk', { dir: path.join(out, 'talk.hls') });
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  try {
    await talk.append(path.join(dir, 'gen-1.mp4'), { output: path.join(dir, label, 'progressive', 'gen-1.mp4') });
    await page.goto(`${pageServer.url}page/?media=${encodeURIComponent(media.url.href)}${query}`);
    for (let n = 2; n <= SECONDS.length; n++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await talk.append(path.join(dir, `gen-${n}.mp4`), { output: path.join(dir, label, 'progressive', `gen-${n}.mp4`), last: n === SECONDS.length });
    }
    await talk.end();
    const statusOf = () => page.evaluate(() => (globalThis as unknown as { document: { querySelector: (s: string) => { textContent: string } } }).document.querySelector('#status').textContent);
    await page.waitForFunction((pattern) => new RegExp(pattern).test((globalThis as unknown as { document: { querySelector: (s: string) => { textContent: string } } }).document.querySelector('#status').textContent), until.source, { timeout: 120_000 })
      .catch(async (error) => { throw new Error(`status "${await statusOf()}" never matched ${until}: ${String(error)}; ${problems.join('; ')}`); });
    const video = await page.evaluate(() => {
      const element = (globalThis as unknown as { document: { querySelector: (s: string) => { ended: boolean; currentTime: number } } }).document.querySelector('video');
      return { ended: element.ended, currentTime: element.currentTime };
    });
    return { status: await statusOf(), ...video, problems };
  } finally {
    await page.close();
    await optimizer.close();
    media.child.kill('SIGTERM');
    await media.exited;
  }
}

const total = SECONDS.reduce((a, b) => a + b, 0);
const pageOrigin = () => pageServer.url.origin;

describe('the README\'s front end on another origin', () => {
  it('plays a live conversation to its end through streamprep/player (from the page server: /_streamprep/player.js)', async () => {
    const outcome = await playLive('player', ['--cors', pageOrigin()], '', /^ended$|: /);
    expect(outcome.problems).toEqual([]);
    expect(outcome.status).toBe('ended');
    expect(outcome.currentTime).toBeGreaterThan(total - 0.1);
  }, 240_000);

  it('plays it through hls.js (low-latency mode, blocking reloads) likewise', async () => {
    const outcome = await playLive('hls', ['--cors', pageOrigin()], '&with=hls.js', /^ended$|hls\.js: /);
    expect(outcome.problems).toEqual([]);
    expect(outcome.status).toBe('ended');
    expect(outcome.currentTime).toBeGreaterThan(total - 0.1);
  }, 240_000);

  it('without --cors the browser gives the page nothing: hls.js stops with a fatal manifestLoadError', async () => {
    const outcome = await playLive('no-cors', [], '&with=hls.js', /hls\.js: /);
    expect(outcome.status).toBe('hls.js: manifestLoadError');
    expect(outcome.ended).toBe(false);
  }, 240_000);
});
