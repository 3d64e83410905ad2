// The conversation bench: one conversation played four ways in headless Chromium over emulated links —
// raw chunks and optimized chunks in a two-element queue (today's front ends), streamprep/player, and
// hls.js on the live playlist — with every chunk ready, or appearing at generator pace (chunk N when a
// real-time generator would have finished it, plus its measured encode time for the optimized modes).
// Modes alternate from run to run; a run that errors or times out is reported as such.
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { InterruptedError, UsageError } from '../errors.js';
import { expandInputs } from '../inputs/expand.js';
import { optimize } from '../optimize/optimize.js';
import type { Preset } from '../presets/preset.js';
import { median, medianOf, percentile } from '../bench/stats.js';
import { startServer } from '../serve/server.js';
import { playerRoutes } from '../serve/player-assets.js';
import { findChromium, launchChromium } from './chromium.js';
import { type ConversationPlayback, type PlaybackMode, renderConversationPage } from './conversation-page.js';
import { type LiveState, announce, livePlaylistRoute } from './live-playlist-route.js';
import type { LinkProfile } from './bench-browser.js';
import { VIDEO_TIMESCALE } from '../conversation/assembler.js';
import { readFragmentTiming } from '../mp4/fragment-timing.js';

export const MODES: PlaybackMode[] = ['raw-queue', 'optimized-queue', 'player', 'hls.js'];
export type Scenario = 'ready' | 'paced';

export interface ConversationBenchOptions {
  preset?: string | Preset;
  runs?: number;
  profiles: LinkProfile[];
  scenarios?: Scenario[];
  /** The modes to play (default all four). */
  modes?: PlaybackMode[];
  /** A boundary gap longer than this counts as a stall (default 200 ms). */
  stallGapMs?: number;
  ffmpegPath?: string;
  ffprobePath?: string;
  signal?: AbortSignal;
  cwd?: string;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface ModeRun {
  playback: ConversationPlayback | undefined;
  /** Bytes the server sent during the run (every request). */
  bytes: number;
  /** 'timed out' or what failed: the run's numbers are not used. */
  error?: string;
}

export interface ModeResult {
  mode: PlaybackMode;
  scenario: Scenario;
  profile: string;
  runs: ModeRun[];
  /** Medians over the runs that completed. */
  firstFrameMs: number | undefined;
  /** % of chunks with a stall. */
  stallRatePercent: number | undefined;
  stallMs: number | undefined;
  /** Boundary gaps of every completed run, pooled. */
  medianGapMs: number | undefined;
  p95GapMs: number | undefined;
  maxGapMs: number | undefined;
  megabytes: number | undefined;
  wallSec: number | undefined;
  failedRuns: number;
}

export interface ConversationBenchReport {
  schemaVersion: 1;
  startedAt: string;
  chromium: { path: string; version: string };
  runs: number;
  chunks: number;
  mediaSec: number;
  stallGapMs: number;
  profiles: LinkProfile[];
  results: ModeResult[];
}

/** hls.js's ES module, when the package is installed (a dev dependency of streamprep). */
async function loadHlsScript(): Promise<string | undefined> {
  try {
    const require = createRequire(import.meta.url);
    return await readFile(require.resolve('hls.js/dist/hls.mjs'), 'utf8');
  } catch {
    return undefined;
  }
}

export function summarize(mode: PlaybackMode, scenario: Scenario, profile: string, runs: ModeRun[], chunks: number, stallGapMs: number): ModeResult {
  const done = runs.filter((run) => !run.error && run.playback);
  const playbacks = done.map((run) => run.playback as ConversationPlayback);
  const gaps = playbacks.flatMap((playback) => playback.gapsMs);
  const stallTime = (playback: ConversationPlayback): number => playback.stallMs + playback.gapsMs.filter((gap) => gap > stallGapMs).reduce((a, b) => a + b, 0);
  return {
    mode, scenario, profile, runs,
    firstFrameMs: medianOf(playbacks.map((playback) => playback.firstFrameMs)),
    stallRatePercent: medianOf(playbacks.map((playback) => (100 * playback.stalls.filter((count) => count > 0).length) / chunks)),
    stallMs: medianOf(playbacks.map(stallTime)),
    medianGapMs: gaps.length ? median(gaps) : undefined,
    p95GapMs: percentile(gaps, 95),
    maxGapMs: gaps.length ? Math.max(...gaps) : undefined,
    megabytes: medianOf(done.map((run) => run.bytes / 1e6)),
    wallSec: medianOf(playbacks.map((playback) => (playback.wallMs === undefined ? undefined : playback.wallMs / 1000))),
    failedRuns: runs.length - done.length,
  };
}

export async function benchConversation(inputs: readonly string[], options: ConversationBenchOptions): Promise<ConversationBenchReport> {
  const runs = options.runs ?? 3;
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`runs must be a whole number ≥ 1 (got ${runs})`);
  const scenarios = options.scenarios ?? ['ready', 'paced'];
  const stallGapMs = options.stallGapMs ?? 200;
  const executable = findChromium();
  const expanded = await expandInputs(inputs, { cwd: options.cwd ?? process.cwd() });
  if (expanded.files.length < 2) throw new UsageError('a conversation needs at least two chunks');
  const natural = new Intl.Collator('en', { numeric: true });
  const files = expanded.files.map((file) => file.path).sort((a, b) => natural.compare(a, b));
  const hlsScript = await loadHlsScript();
  const work = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-conversation-'));
  const browser = await launchChromium(executable);
  try {
    const raw = path.join(work, 'raw');
    await mkdir(raw);
    const names = files.map((file, i) => `chunk-${String(i + 1).padStart(3, '0')}${path.extname(file)}`);
    await Promise.all(files.map((file, i) => copyFile(file, path.join(raw, names[i] as string))));
    const optimized = await optimize([raw], {
      output: path.join(work, 'optimized'), conversation: 'talk', preset: options.preset, ffmpegPath: options.ffmpegPath, ffprobePath: options.ffprobePath, signal: options.signal,
    });
    const failed = optimized.files.filter((file) => file.status !== 'ok');
    if (failed.length > 0) throw new UsageError(`these chunks could not be optimized: ${failed.map((file) => `${file.input} (${file.reason})`).join('; ')}`);
    const playlist = await readFile(path.join(work, 'optimized', 'talk.hls', 'playlist.m3u8'), 'utf8');
    const durations = [...playlist.matchAll(/^#EXTINF:([\d.]+),/gm)].map((match) => Number(match[1]));
    const chunks = names.length;
    // The MSE timeline starts where the first chunk's video does (after the audio encoder's priming).
    const first = readFragmentTiming(new Uint8Array(await readFile(path.join(work, 'optimized', 'talk.hls', '0001.mp4')))).find((fragment) => fragment.trackId === 1);
    const offset = (first?.decodeTime ?? 0) / VIDEO_TIMESCALE;
    const starts = durations.map((_, i) => offset + durations.slice(0, i).reduce((a, b) => a + b, 0));
    const encodeSec = names.map((name) => optimized.files.find((file) => path.basename(file.input) === name)?.encodeSec ?? 0);
    const urls: Record<PlaybackMode, string[]> = {
      'raw-queue': names.map((name) => `/raw/${name}`),
      'optimized-queue': names.map((name) => `/optimized/${name.replace(/\.[^.]+$/, '.mp4')}`),
      player: durations.map((_, i) => `/optimized/talk.hls/${String(i + 1).padStart(4, '0')}.mp4`),
      'hls.js': [],
    };
    const modes = (options.modes ?? MODES).filter((mode) => mode !== 'hls.js' || hlsScript !== undefined);
    const total = options.profiles.length * scenarios.length * runs * modes.length;
    const collected = new Map<string, ModeRun[]>();
    let done = 0;
    for (const profile of options.profiles) {
      const live: LiveState = { announced: 0, listeners: new Set() };
      let mode: PlaybackMode = 'player';
      const server = await startServer({
        root: work, throttleKbps: profile.kbps, latencyMs: profile.latencyMs,
        routes: {
          ...playerRoutes(),
          '/__conversation': async () => ({
            type: 'text/html; charset=utf-8',
            body: renderConversationPage({ mode, urls: urls[mode], playlist: '/optimized/talk.hls/live.m3u8', starts, stallGapMs }),
          }),
          '/optimized/talk.hls/live.m3u8': livePlaylistRoute(playlist, live),
          ...(hlsScript ? { '/__hls.mjs': async () => ({ type: 'text/javascript', body: hlsScript }) } : {}),
        },
      });
      try {
        for (let run = 0; run < runs; run++) {
          for (const scenario of scenarios) {
            // Alternating order: no mode always runs first (or last) on a noisy machine.
            const order = modes.map((_, i) => modes[(i + run) % modes.length] as PlaybackMode);
            for (const current of order) {
              if (options.signal?.aborted) throw new InterruptedError();
              mode = current;
              live.announced = 0;
              server.resetStats();
              const measured = await playOnce(browser, server.url, current, scenario, durations, current === 'raw-queue' ? undefined : encodeSec, live);
              const bytes = [...server.stats.values()].reduce((sum, entry) => sum + entry.bytes, 0);
              const key = `${profile.name}|${scenario}|${current}`;
              collected.set(key, [...(collected.get(key) ?? []), { ...measured, bytes }]);
              options.onProgress?.(++done, total, `${profile.name} ${scenario} ${current} (run ${run + 1})`);
            }
          }
        }
      } finally {
        await server.close();
      }
    }
    const results = options.profiles.flatMap((profile) => scenarios.flatMap((scenario) => modes.map((mode) =>
      summarize(mode, scenario, profile.name, collected.get(`${profile.name}|${scenario}|${mode}`) ?? [], chunks, stallGapMs))));
    return {
      schemaVersion: 1, startedAt: new Date().toISOString(), chromium: { path: executable, version: browser.version() },
      runs, chunks, mediaSec: durations.reduce((a, b) => a + b, 0), stallGapMs, profiles: options.profiles, results,
    };
  } finally {
    await browser.close();
    await rm(work, { recursive: true, force: true });
  }
}

type Browser = Awaited<ReturnType<typeof launchChromium>>;

/** One playback in a fresh browser context; chunks announced now (ready) or at generator pace. */
async function playOnce(browser: Browser, base: string, mode: PlaybackMode, scenario: Scenario, durations: number[], encodeSec: number[] | undefined, live: LiveState): Promise<Omit<ModeRun, 'bytes'>> {
  const context = await browser.newContext();
  const timers: NodeJS.Timeout[] = [];
  try {
    const page = await context.newPage();
    await page.goto(`${base}__conversation`);
    const tell = (count: number): void => {
      announce(live, count);
      void page.evaluate((n) => (globalThis as unknown as { announce: (n: number) => void }).announce(n), count).catch(() => undefined);
    };
    if (scenario === 'ready') tell(durations.length);
    else {
      // A real-time generator finishes chunk i after the media before it and its own; the optimized
      // modes also wait for its encode (measured when it was optimized).
      let at = 0;
      for (const [i, seconds] of durations.entries()) {
        at += seconds * 1000;
        timers.push(setTimeout(() => tell(i + 1), at + (encodeSec?.[i] ?? 0) * 1000));
      }
    }
    const mediaMs = durations.reduce((a, b) => a + b, 0) * 1000;
    const limitMs = Math.round(60_000 + mediaMs * (scenario === 'paced' ? 3 : 2) + mediaMs * 10);
    const playback = await page.evaluate(`Promise.race([window.__result, new Promise((r) => setTimeout(() => r({ error: 'timed out' }), ${limitMs}))])`) as ConversationPlayback;
    return playback.error ? { playback: undefined, error: playback.error } : { playback };
  } catch (error) {
    return { playback: undefined, error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  } finally {
    for (const timer of timers) clearTimeout(timer);
    await context.close();
  }
}
