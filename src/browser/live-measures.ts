// The live bench's measures, pure: what a page recorded (presented frames, waits) against the generator's
// clock and the chunks' places on the timeline → glass to glass, waits at a boundary or elsewhere, the
// interval at each boundary, the latency at the end; runs summarized (a failed one counted, never
// measured) and the report as a table.
import { medianOf, percentile } from '../bench/stats.js';
import type { LivePlayback } from './live-page.js';

export type LiveMode = 'player-parts' | 'hls.js-parts' | 'player-whole';
export const LIVE_MODES: LiveMode[] = ['player-parts', 'hls.js-parts', 'player-whole'];

export interface LiveRun {
  /** Per chunk: generator's first frame → viewer's first frame of the chunk, ms. */
  glassToGlassMs: number[];
  /** Per chunk: visible waits for data (≥ 2 frames at 18 fps) while it played. */
  waits: number[];
  /** Visible waits at a chunk boundary (the playhead within BOUNDARY_SLACK_SEC of a chunk's start), and elsewhere. */
  boundaryWaits?: number;
  otherWaits?: number;
  /** Boundaries the generator missed: it began the next chunk later than the chunk before lasts (slower than real time). */
  missedBoundaries?: number;
  /** Each visible wait: its chunk, how far into it (s) and how long it lasted (ms; undefined: never resumed). */
  waitsAt?: Array<{ chunk: number; intoSec: number; ms: number | undefined }>;
  /** Per boundary: wall ms between the last frame of one chunk and the first of the next. */
  boundaryMs: number[];
  /** The viewer's last frame after the generator's last: its latency at the end, ms. */
  endLatencyMs: number;
  error?: string;
}

export interface LiveResult {
  mode: LiveMode;
  profile: string;
  speed: number;
  runs: Array<LiveRun | { error: string }>;
  /** Medians over the completed runs (glass to glass of the first chunk, and over all chunks). */
  firstChunkMs: number | undefined;
  medianChunkMs: number | undefined;
  stallRatePercent: number | undefined;
  boundaryP95Ms: number | undefined;
  endLatencyMs: number | undefined;
  /** Medians over completed runs: visible waits at a boundary, elsewhere, and the boundaries the generator missed. */
  boundaryWaits: number | undefined;
  otherWaits: number | undefined;
  missedBoundaries: number | undefined;
  failedRuns: number;
}

export interface LiveBenchReport {
  schemaVersion: 1;
  startedAt: string;
  chromium: { path: string; version: string };
  machine: { cpus: number; model: string };
  chunks: number;
  mediaSec: number;
  runs: number;
  results: LiveResult[];
}

const VISIBLE_WAIT_MS = 2000 / 18;
/**
 * A wait this close to a chunk's start (s) is at its boundary: within one part (1/3 s, the last of the chunk
 * before, published as that chunk's encode ends) and a frame.
 */
const BOUNDARY_SLACK_SEC = 1 / 3 + 1 / 18;
/** A generator that begins a chunk this much later (ms) than the chunk before lasts missed the boundary. */
const MISSED_SLACK_MS = 100;

/** What the viewer saw, measured against the generator's clock and the chunks' places on the timeline. Pure. */
export function measureLive(playback: LivePlayback, generatorStarts: readonly number[], generatorEnd: number, chunkStarts: readonly number[]): LiveRun {
  const frames = [...playback.frames].sort((a, b) => a[1] - b[1]);
  const chunkOf = (mediaTime: number): number => {
    let index = 0;
    for (let i = 0; i < chunkStarts.length; i++) if (mediaTime + 0.001 >= (chunkStarts[i] as number)) index = i;
    return index;
  };
  const glassToGlassMs = chunkStarts.map((start, i) => {
    const frame = frames.find(([mediaTime]) => mediaTime + 0.001 >= start && chunkOf(mediaTime) === i);
    return frame ? frame[1] - (generatorStarts[i] as number) : Number.NaN;
  });
  const boundaryMs: number[] = [];
  for (let i = 1; i < chunkStarts.length; i++) {
    const before = frames.filter(([mediaTime]) => chunkOf(mediaTime) === i - 1).at(-1);
    const after = frames.find(([mediaTime]) => chunkOf(mediaTime) === i);
    if (before && after) boundaryMs.push(after[1] - before[1]);
  }
  const waits = chunkStarts.map(() => 0);
  let boundaryWaits = 0;
  const visible = playback.waits.filter((wait) => wait.ms === undefined || wait.ms >= VISIBLE_WAIT_MS);
  for (const wait of visible) {
    waits[chunkOf(wait.at)] = (waits[chunkOf(wait.at)] ?? 0) + 1;
    if (chunkStarts.some((start, i) => i > 0 && Math.abs(wait.at - start) <= BOUNDARY_SLACK_SEC)) boundaryWaits++;
  }
  let missedBoundaries = 0;
  for (let i = 1; i < chunkStarts.length && i < generatorStarts.length; i++) {
    const lasted = ((chunkStarts[i] as number) - (chunkStarts[i - 1] as number)) * 1000;
    if ((generatorStarts[i] as number) - (generatorStarts[i - 1] as number) > lasted + MISSED_SLACK_MS) missedBoundaries++;
  }
  const last = frames.at(-1);
  const waitsAt = visible.map((wait) => ({ chunk: chunkOf(wait.at), intoSec: Number((wait.at - (chunkStarts[chunkOf(wait.at)] ?? 0)).toFixed(3)), ms: wait.ms === undefined ? undefined : Math.round(wait.ms) }));
  return { glassToGlassMs, waits, boundaryWaits, otherWaits: visible.length - boundaryWaits, missedBoundaries, waitsAt, boundaryMs, endLatencyMs: last ? last[1] - generatorEnd : Number.NaN };
}

/** Summary of one mode's runs (failed ones counted, never measured). Pure. */
export function summarizeLive(mode: LiveMode, profile: string, speed: number, runs: Array<LiveRun | { error: string }>): LiveResult {
  const done = runs.filter((run): run is LiveRun => !('error' in run) || run.error === undefined) as LiveRun[];
  return {
    mode, profile, speed, runs,
    firstChunkMs: medianOf(done.map((run) => run.glassToGlassMs[0])),
    medianChunkMs: medianOf(done.map((run) => medianOf(run.glassToGlassMs))),
    stallRatePercent: medianOf(done.map((run) => (100 * run.waits.filter((count) => count > 0).length) / Math.max(1, run.waits.length))),
    boundaryP95Ms: percentile(done.flatMap((run) => run.boundaryMs), 95),
    endLatencyMs: medianOf(done.map((run) => run.endLatencyMs)),
    boundaryWaits: medianOf(done.map((run) => run.boundaryWaits ?? Number.NaN)),
    otherWaits: medianOf(done.map((run) => run.otherWaits ?? Number.NaN)),
    missedBoundaries: medianOf(done.map((run) => run.missedBoundaries ?? Number.NaN)),
    failedRuns: runs.length - done.length,
  };
}

/** The report as a table: one line per link, speed and mode. */
export function formatLiveBench(report: LiveBenchReport): string {
  const ms = (value: number | undefined): string => (value === undefined ? '—' : `${Math.round(value)}`);
  const count = (value: number | undefined): string => (value === undefined ? '—' : `${value}`);
  const lines = [
    `live bench: ${report.chunks} chunks (${report.mediaSec.toFixed(1)} s), ${report.runs} run(s) per mode, Chromium ${report.chromium.version}, ${report.machine.cpus} × ${report.machine.model}`,
    '',
    '| link | generator | mode | glass to glass, chunk 1 (ms) | median chunk (ms) | chunks with a wait | waits at a boundary / elsewhere (boundaries the generator missed) | boundary p95 (ms) | latency at the end (ms) | failed runs |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const result of report.results) {
    lines.push(`| ${result.profile} | ${result.speed}× | ${result.mode} | ${ms(result.firstChunkMs)} | ${ms(result.medianChunkMs)} | ${result.stallRatePercent === undefined ? '—' : `${result.stallRatePercent.toFixed(0)} %`} | ${count(result.boundaryWaits)} / ${count(result.otherWaits)} (${count(result.missedBoundaries)}) | ${ms(result.boundaryP95Ms)} | ${ms(result.endLatencyMs)} | ${result.failedRuns} of ${result.runs.length} |`);
  }
  return lines.join('\n');
}
