// The library's benchBrowser(): each input and its optimized output, served through the throttled
// server to headless Chromium over several link profiles; time to metadata, first frame and playing,
// stalls, bytes and requests per file. (Chunks played back to back: conversation-bench.ts.)
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InterruptedError, UsageError } from '../errors.js';
import { expandInputs } from '../inputs/expand.js';
import { optimize } from '../optimize/optimize.js';
import type { Preset } from '../presets/preset.js';
import { median } from '../bench/stats.js';
import { startServer } from '../serve/server.js';
import { launchChromium, findChromium } from './chromium.js';
import { type PlaybackMetrics, renderPlayerPage } from './player-page.js';

export interface LinkProfile {
  name: string;
  kbps: number;
  latencyMs: number;
}

export const DEFAULT_PROFILES: LinkProfile[] = [
  { name: '1.5 Mbit/s + 150 ms', kbps: 1500, latencyMs: 150 },
  { name: '5 Mbit/s + 50 ms', kbps: 5000, latencyMs: 50 },
  { name: '20 Mbit/s + 20 ms', kbps: 20000, latencyMs: 20 },
];

export interface BrowserBenchOptions {
  preset?: string | Preset;
  /** Measurements per file, variant and profile (medians are reported); default 3. */
  runs?: number;
  profiles?: LinkProfile[];
  /** Play each file to its end (stalls over the whole clip) instead of stopping at the first frame. */
  full?: boolean;
  ffmpegPath?: string;
  ffprobePath?: string;
  signal?: AbortSignal;
  cwd?: string;
  onProgress?: (done: number, total: number, label: string) => void;
}

export type Variant = 'raw' | 'optimized';

export interface BrowserFileResult {
  input: string;
  variant: Variant;
  profile: string;
  /** Medians over the runs, ms. */
  metadataMs: number | undefined;
  firstFrameMs: number | undefined;
  playingMs: number | undefined;
  stalls: number;
  stallMs: number;
  bytes: number;
  requests: number;
  error?: string;
}

export interface BrowserBenchReport {
  schemaVersion: 1;
  startedAt: string;
  chromium: { path: string; version: string };
  runs: number;
  profiles: LinkProfile[];
  files: BrowserFileResult[];
}

const PLAYBACK_TIMEOUT_MS = 120_000;
const medianOf = (values: Array<number | undefined>): number | undefined => {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length > 0 ? median(known) : undefined;
};

export async function benchBrowser(inputs: readonly string[], options: BrowserBenchOptions = {}): Promise<BrowserBenchReport> {
  const runs = options.runs ?? 3;
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`runs must be a whole number ≥ 1 (got ${runs})`);
  const cwd = options.cwd ?? process.cwd();
  const executable = findChromium();
  const expanded = await expandInputs(inputs, { cwd });
  if (expanded.files.length === 0) throw new UsageError(`no video files found in ${inputs.join(', ') || '(no inputs given)'}`);
  const profiles = options.profiles ?? DEFAULT_PROFILES;
  const work = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-browser-'));
  const browser = await launchChromium(executable);
  try {
    // Each input is copied under one folder (the server's root) with a unique name; its output beside it.
    const raw = path.join(work, 'raw');
    await mkdir(raw);
    const names = expanded.files.map((file, i) => `${String(i).padStart(3, '0')}-${path.parse(file.path).name}${path.extname(file.path)}`);
    await Promise.all(expanded.files.map((file, i) => copyFile(file.path, path.join(raw, names[i] as string))));
    const optimized = await optimize([raw], {
      output: path.join(work, 'optimized'), preset: options.preset, ffmpegPath: options.ffmpegPath, ffprobePath: options.ffprobePath, signal: options.signal,
    });
    const outputOf = new Map(optimized.files.filter((file) => file.status === 'ok').map((file) => [path.basename(file.input), file.output as string]));
    const variants = (i: number): Array<[Variant, string | undefined]> => [
      ['raw', `/raw/${encodeURIComponent(names[i] as string)}`],
      ['optimized', outputOf.has(names[i] as string) ? `/optimized/${encodeURIComponent(path.basename(outputOf.get(names[i] as string) as string))}` : undefined],
    ];
    const files: BrowserFileResult[] = [];
    const total = profiles.length * expanded.files.length * 2 * runs;
    let done = 0;
    for (const profile of profiles) {
      const server = await startServer({
        root: work, throttleKbps: profile.kbps, latencyMs: profile.latencyMs,
        routes: {
          '/__player': async (url) => ({
            type: 'text/html; charset=utf-8',
            body: renderPlayerPage(url.searchParams.getAll('src'), url.searchParams.get('full') === '1'),
          }),
        },
      });
      const play = async <T>(query: string): Promise<T> => {
        if (options.signal?.aborted) throw new InterruptedError();
        // A fresh context per measurement: nothing cached from the previous one.
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          await page.goto(`${server.url}__player?${query}`);
          return await page.evaluate(`Promise.race([window.__result, new Promise((r) => setTimeout(() => r({ error: 'timed out' }), ${PLAYBACK_TIMEOUT_MS}))])`) as T;
        } finally {
          await context.close();
        }
      };
      try {
        for (let i = 0; i < expanded.files.length; i++) {
          for (const [variant, src] of variants(i)) {
            const input = expanded.files[i]?.path as string;
            if (!src) {
              files.push({ input, variant, profile: profile.name, metadataMs: undefined, firstFrameMs: undefined, playingMs: undefined, stalls: 0, stallMs: 0, bytes: 0, requests: 0, error: 'not optimized' });
              done += runs;
              continue;
            }
            const measured: PlaybackMetrics[] = [];
            const transfers: Array<{ bytes: number; requests: number }> = [];
            for (let run = 0; run < runs; run++) {
              server.resetStats();
              measured.push(await play<PlaybackMetrics>(`mode=single&full=${options.full ? 1 : 0}&src=${encodeURIComponent(src)}`));
              const stats = server.stats.get(src);
              transfers.push({ bytes: stats?.bytes ?? 0, requests: stats?.requests ?? 0 });
              options.onProgress?.(++done, total, `${profile.name} ${variant} ${names[i]}`);
            }
            const error = measured.find((m) => m.error)?.error;
            files.push({
              input, variant, profile: profile.name,
              metadataMs: medianOf(measured.map((m) => m.metadataMs)),
              firstFrameMs: medianOf(measured.map((m) => m.firstFrameMs)),
              playingMs: medianOf(measured.map((m) => m.playingMs)),
              stalls: medianOf(measured.map((m) => m.stalls)) ?? 0,
              stallMs: medianOf(measured.map((m) => m.stallMs)) ?? 0,
              bytes: medianOf(transfers.map((t) => t.bytes)) ?? 0,
              requests: medianOf(transfers.map((t) => t.requests)) ?? 0,
              ...(error ? { error } : {}),
            });
          }
        }
      } finally {
        await server.close();
      }
    }
    return {
      schemaVersion: 1, startedAt: new Date().toISOString(), chromium: { path: executable, version: browser.version() },
      runs, profiles, files,
    };
  } finally {
    await browser.close();
    await rm(work, { recursive: true, force: true });
  }
}
