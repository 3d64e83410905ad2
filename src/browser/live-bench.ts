// The live bench: glass to glass. A generator writes each chunk at real-time pace (or slower) as raw
// frames and PCM into `streamprep optimize - --conversation talk` — one process per sentence, as a
// Python backend runs it — while a viewer in headless Chromium, there before the first frame, follows the
// playlist through serve over an emulated link. Per chunk: the generator's first frame → the viewer's
// first frame of that chunk, waits for data, the interval between frames at each boundary; and the
// viewer's latency at the end. Chunks published in parts (LL-HLS) and whole (today's way) side by side,
// modes alternating run by run; a run that fails or times out is reported as such.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { InterruptedError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { playerRoutes } from '../serve/player-assets.js';
import { startServer } from '../serve/server.js';
import type { LinkProfile } from './bench-browser.js';
import { findChromium, launchChromium } from './chromium.js';
import { type LiveBenchReport, type LiveMode, type LiveRun, LIVE_MODES, measureLive, summarizeLive } from './live-measures.js';
import { type LivePlayback, type LiveViewer, renderLivePage } from './live-page.js';

export * from './live-measures.js';

export interface LiveBenchOptions {
  /** The chunks, in order (each a file the generator replays at `speed`). */
  chunks: readonly string[];
  /** Their durations, s. */
  durations: readonly number[];
  /** The generator's ffmpeg (it needs -readrate, ffmpeg ≥ 5). */
  ffmpegPath: string;
  runs: number;
  profiles: LinkProfile[];
  /** Generator speeds: 1 is real time, 0.5 half of it. */
  speeds: number[];
  modes?: LiveMode[];
  /** The parts' duration the conversation is written with (streamprep optimize --part-sec; default its own). */
  partSec?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, label: string) => void;
}

/** hls.js's ES module, when the package is installed (a dev dependency of streamprep). */
async function loadHlsScript(): Promise<string | undefined> {
  try {
    return await readFile(createRequire(import.meta.url).resolve('hls.js/dist/hls.mjs'), 'utf8');
  } catch {
    return undefined;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `generator | streamprep optimize - --conversation talk` for one chunk; resolves when the generator has written it all. */
function writeChunk(options: LiveBenchOptions, out: string, index: number, speed: number, whole: boolean): { generated: Promise<void>; done: Promise<number | null>; kill: () => void } {
  const generator = spawn(options.ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-readrate', String(speed), '-i', options.chunks[index] as string,
    '-map', '0:v:0', '-map', '0:a:0?', '-c:v', 'rawvideo', '-pix_fmt', 'yuv420p', '-c:a', 'pcm_s16le', '-f', 'matroska', '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const last = index === options.chunks.length - 1;
  const streamprep: ChildProcess = spawn(process.execPath, [path.join(packageRoot(), 'bin', 'streamprep.js'), 'optimize', '-', '-o', path.join(out, `${String(index + 1).padStart(4, '0')}.mp4`),
    '--conversation', 'talk', ...(last ? ['--last'] : []), ...(whole ? ['--no-parts'] : options.partSec === undefined ? [] : ['--part-sec', String(options.partSec)])], { stdio: ['pipe', 'ignore', 'ignore'] });
  generator.stdout?.pipe(streamprep.stdin as NodeJS.WritableStream);
  // A run that ends early kills both: a write into a closed pipe is expected then.
  streamprep.stdin?.on('error', () => undefined);
  generator.stdout?.on('error', () => undefined);
  return {
    generated: new Promise((resolve) => generator.on('close', () => resolve())),
    done: new Promise((resolve) => streamprep.on('close', (code) => resolve(code))),
    kill: () => { generator.kill('SIGKILL'); streamprep.kill('SIGKILL'); },
  };
}

type Browser = Awaited<ReturnType<typeof launchChromium>>;

async function runOnce(browser: Browser, options: LiveBenchOptions, profile: LinkProfile, speed: number, mode: LiveMode, hlsScript: string | undefined): Promise<LiveRun | { error: string }> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-live-'));
  const out = path.join(work, 'out');
  await mkdir(out);
  const viewer: LiveViewer = mode.startsWith('hls.js') ? 'hls.js' : 'player';
  const server = await startServer({
    root: out, throttleKbps: profile.kbps, latencyMs: profile.latencyMs,
    routes: {
      ...playerRoutes(),
      '/__live': async () => ({ type: 'text/html; charset=utf-8', body: renderLivePage(viewer, '/talk.hls/playlist.m3u8') }),
      ...(hlsScript ? { '/__hls.mjs': async () => ({ type: 'text/javascript', body: hlsScript }) } : {}),
    },
  });
  const context = await browser.newContext();
  const kills: Array<() => void> = [];
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}__live`);
    await page.waitForFunction(() => (globalThis as unknown as { __ready?: boolean }).__ready === true);
    const playlist = path.join(out, 'talk.hls', 'playlist.m3u8');
    const starts: number[] = [];
    const finished: Array<Promise<number | null>> = [];
    const generated: Array<Promise<void>> = [];
    let started = false;
    const mediaSec = options.durations.reduce((a, b) => a + b, 0);
    const deadline = Date.now() + 60_000 + (mediaSec / speed) * 3000;
    const startedAt = Date.now();
    for (const [i] of options.chunks.entries()) {
      if (options.signal?.aborted) throw new InterruptedError();
      // A generator at `speed` begins sentence i once it has written the media before it at that pace (a
      // process starting takes ~0.1 s: waiting for the one before to exit would make it slower than that).
      const due = startedAt + (options.durations.slice(0, i).reduce((a, b) => a + b, 0) / speed) * 1000;
      await sleep(Math.max(0, due - Date.now()));
      starts.push(Date.now());
      const chunk = writeChunk(options, out, i, speed, mode === 'player-whole');
      kills.push(chunk.kill);
      finished.push(chunk.done);
      // The viewer is told of the conversation once its playlist lists something (a backend's first
      // event) — once: one watcher (a second, started while the first chunk was still unlisted, could
      // start a second player on the same element, detaching the first one's MediaSource).
      if (i === 0) {
        void (async () => {
          while (!started && Date.now() < deadline) {
            const text = await readFile(playlist, 'utf8').catch(() => '');
            if (/#EXT-X-PART:|#EXTINF/.test(text)) {
              started = true;
              await page.evaluate(() => (globalThis as unknown as { __start: () => void }).__start());
            }
            await sleep(10);
          }
        })();
      }
      generated.push(chunk.generated);
    }
    await Promise.all(generated);
    const generatorEnd = Date.now();
    const codes = await Promise.all(finished);
    if (codes.some((code) => code !== 0)) return { error: `a streamprep run exited with ${codes.find((code) => code !== 0)}` };
    for (;;) {
      const state = await page.evaluate(() => (globalThis as unknown as { __live: { ended: boolean; errors: string[] } }).__live);
      if (state.ended || state.errors.length > 0) break;
      if (Date.now() > deadline) {
        const seen = await page.evaluate('`${window.__live.frames.length} frames, at ${document.querySelector("video").currentTime.toFixed(2)} s, ${window.__live.waits.length} waits`') as string;
        return { error: `timed out (${seen})` };
      }
      await sleep(100);
    }
    const playback = await page.evaluate(() => (globalThis as unknown as { __live: LivePlayback }).__live);
    if (playback.errors.length > 0) return { error: playback.errors[0] as string };
    // Where each chunk starts on the media timeline: its video's first decode time (after the audio priming).
    const log = (await readFile(path.join(out, 'talk.hls', '.conversation.ndjson'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { type: string; start?: number; closing?: boolean });
    const open = log[0] as { rate?: number };
    const chunkStarts = log.filter((line) => line.type === 'chunk' && !line.closing).map((line) => ((line.start as number) + 1024) / (open.rate ?? 24_000));
    return measureLive(playback, starts, generatorEnd, chunkStarts);
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    return { error: error instanceof Error ? error.message.split('\n')[0] as string : String(error) };
  } finally {
    for (const kill of kills) kill();
    await context.close();
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

export async function benchLive(options: LiveBenchOptions): Promise<LiveBenchReport> {
  const hlsScript = await loadHlsScript();
  const modes = (options.modes ?? LIVE_MODES).filter((mode) => !mode.startsWith('hls.js') || hlsScript !== undefined);
  const executable = findChromium();
  const browser = await launchChromium(executable);
  const collected = new Map<string, Array<LiveRun | { error: string }>>();
  const total = options.profiles.length * options.speeds.length * options.runs * modes.length;
  let done = 0;
  try {
    for (let run = 0; run < options.runs; run++) {
      for (const profile of options.profiles) {
        for (const speed of options.speeds) {
          // Alternating order: no mode always runs first (or last) on a noisy machine.
          const order = modes.map((_, i) => modes[(i + run) % modes.length] as LiveMode);
          for (const mode of order) {
            const key = `${mode}|${profile.name}|${speed}`;
            const result = await runOnce(browser, options, profile, speed, mode, hlsScript);
            collected.set(key, [...(collected.get(key) ?? []), result]);
            options.onProgress?.(++done, total, `${profile.name} ${speed}× ${mode} (run ${run + 1})${'error' in result && result.error ? `: ${result.error}` : ''}`);
          }
        }
      }
    }
  } finally {
    await browser.close();
  }
  return {
    schemaVersion: 1, startedAt: new Date().toISOString(), chromium: { path: executable, version: browser.version() },
    machine: { cpus: os.availableParallelism(), model: os.cpus()[0]?.model ?? 'unknown' },
    chunks: options.chunks.length, mediaSec: options.durations.reduce((a, b) => a + b, 0), runs: options.runs,
    results: options.profiles.flatMap((profile) => options.speeds.flatMap((speed) => modes.map((mode) => summarizeLive(mode, profile.name, speed, collected.get(`${mode}|${profile.name}|${speed}`) ?? [])))),
  };
}
