// The library's bench(): presets × concurrency levels × runs of optimize() on the same inputs, into a
// temporary folder that is removed afterwards; per-file and per-level timing, sizes and (optionally) quality.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Toolchain, resolveToolchain } from '../binaries/toolchain.js';
import { InterruptedError, UsageError } from '../errors.js';
import { optimize } from '../optimize/optimize.js';
import { loadPreset } from '../presets/load.js';
import type { Preset } from '../presets/preset.js';
import type { FileReport } from '../report/types.js';
import { type BenchEnvironment, describeEnvironment } from './environment.js';
import { measureQuality } from './quality.js';
import { type Spread, median, scalingEfficiency, spread } from './stats.js';

export interface BenchOptions {
  /** Presets side by side (names or files); default ["streaming"]. */
  presets?: Array<string | Preset>;
  /** Measured runs per preset and level, after one warm-up; default 3. */
  runs?: number;
  /** Concurrency levels to sweep; default [number of CPUs]. */
  concurrency?: number[];
  /** Also measure SSIM and PSNR of each output against its source. */
  quality?: boolean;
  ffmpegPath?: string;
  ffprobePath?: string;
  signal?: AbortSignal;
  cwd?: string;
  /** Called after each batch (one optimize run). */
  onBatch?: (event: { preset: string; concurrency: number; run: number; warmUp: boolean; wallSec: number; done: number; total: number }) => void;
}

export interface BenchFile {
  input: string;
  status: 'ok' | 'failed';
  reason: string | undefined;
  durationSec: number | undefined;
  encodeSec: Spread | undefined;
  cpuSec: number | undefined;
  rtf: number | undefined;
  speed: number | undefined;
  inputBytes: number | undefined;
  outputBytes: number | undefined;
  bitrateKbps: number | undefined;
  reductionPercent: number | undefined;
  ssim?: number | undefined;
  psnr?: number | undefined;
}

export interface BenchLevel {
  concurrency: number;
  wallSec: Spread;
  mediaSec: number;
  /** Seconds of media encoded per second of wall time. */
  throughput: number;
  aggregateRtf: number;
  /** Against linear scaling from the lowest level measured (1.0 = perfect). */
  efficiency: number;
}

export interface BenchPreset {
  preset: string;
  levels: BenchLevel[];
  /** Per file, over the runs at the first concurrency level given. */
  files: BenchFile[];
}

export interface BenchReport {
  schemaVersion: 1;
  startedAt: string;
  environment: BenchEnvironment;
  runs: number;
  concurrency: number[];
  presets: BenchPreset[];
}

function summarizeFiles(runs: FileReport[][]): BenchFile[] {
  const last = runs.at(-1) ?? [];
  return last.map((file) => {
    const same = runs.map((run) => run.find((other) => other.input === file.input)).filter((f): f is FileReport => f?.status === 'ok');
    const encode = same.map((f) => f.encodeSec ?? Number.NaN);
    const cpu = same.map((f) => f.cpuSec).filter((v): v is number => v !== undefined);
    const encodeMedian = same.length > 0 ? median(encode) : undefined;
    const duration = file.durationSec;
    return {
      input: file.input,
      status: file.status === 'ok' ? 'ok' : 'failed',
      reason: file.status === 'ok' ? undefined : file.reason,
      durationSec: duration,
      encodeSec: same.length > 0 ? spread(encode) : undefined,
      cpuSec: cpu.length > 0 ? median(cpu) : undefined,
      rtf: encodeMedian !== undefined && duration ? encodeMedian / duration : undefined,
      speed: encodeMedian && duration ? duration / encodeMedian : undefined,
      inputBytes: file.inputBytes,
      outputBytes: file.outputBytes,
      bitrateKbps: file.outputBytes !== undefined && duration ? (file.outputBytes * 8) / duration / 1000 : undefined,
      reductionPercent: file.reductionPercent,
    };
  });
}

export async function bench(inputs: readonly string[], options: BenchOptions = {}): Promise<BenchReport> {
  const runs = options.runs ?? 3;
  const levels = options.concurrency ?? [os.availableParallelism()];
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`runs must be a whole number ≥ 1 (got ${runs})`);
  if (levels.length === 0 || levels.some((level) => !Number.isInteger(level) || level < 1)) {
    throw new UsageError(`concurrency levels must be whole numbers ≥ 1 (got ${levels.join(',')})`);
  }
  const presets = await Promise.all((options.presets?.length ? options.presets : ['streaming'])
    .map((preset) => (typeof preset === 'object' ? preset : loadPreset(preset))));
  const toolchain = await resolveToolchain({ ffmpeg: options.ffmpegPath, ffprobe: options.ffprobePath }, ['libx264', 'aac']);
  const startedAt = new Date().toISOString();
  const work = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-'));
  const total = presets.length * levels.length * (runs + 1);
  let done = 0;
  try {
    const results: BenchPreset[] = [];
    for (const preset of presets) {
      const measured: Array<{ concurrency: number; walls: number[]; mediaSec: number }> = [];
      const firstLevelRuns: FileReport[][] = [];
      for (const concurrency of levels) {
        const walls: number[] = [];
        let mediaSec = 0;
        for (let run = 0; run <= runs; run++) {
          if (options.signal?.aborted) throw new InterruptedError();
          const report = await optimize(inputs, {
            output: path.join(work, preset.name, `${concurrency}-${run}`), preset, concurrency, force: true,
            signal: options.signal, toolchain, cwd: options.cwd,
          });
          if (options.signal?.aborted) throw new InterruptedError();
          done++;
          options.onBatch?.({ preset: preset.name, concurrency, run, warmUp: run === 0, wallSec: report.totals.wallSec, done, total });
          if (run === 0) continue; // the warm-up
          walls.push(report.totals.wallSec);
          mediaSec = report.totals.mediaSec;
          if (concurrency === levels[0]) firstLevelRuns.push(report.files);
        }
        measured.push({ concurrency, walls, mediaSec });
      }
      const files = summarizeFiles(firstLevelRuns);
      if (options.quality) await addQuality(files, firstLevelRuns.at(-1) ?? [], toolchain, preset, work, options);
      await rm(path.join(work, preset.name), { recursive: true, force: true });
      const withThroughput = measured.map((level) => ({ ...level, throughput: level.mediaSec / median(level.walls) }));
      const efficiency = scalingEfficiency(withThroughput);
      results.push({
        preset: preset.name,
        levels: withThroughput.map((level, i) => ({
          concurrency: level.concurrency,
          wallSec: spread(level.walls),
          mediaSec: level.mediaSec,
          throughput: level.throughput,
          aggregateRtf: median(level.walls) / level.mediaSec,
          efficiency: efficiency[i] as number,
        })),
        files,
      });
    }
    return { schemaVersion: 1, startedAt, environment: describeEnvironment(toolchain), runs, concurrency: levels, presets: results };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function addQuality(files: BenchFile[], lastRun: FileReport[], toolchain: Toolchain, preset: Preset, workDir: string, options: BenchOptions): Promise<void> {
  const cwd = options.cwd ?? process.cwd();
  for (const file of files) {
    const report = lastRun.find((f) => f.input === file.input);
    if (file.status !== 'ok' || !report?.output) continue;
    const quality = await measureQuality({
      toolchain, preset, source: path.resolve(cwd, report.input), output: path.resolve(cwd, report.output), workDir, signal: options.signal,
    });
    file.ssim = quality.ssim;
    file.psnr = quality.psnr;
  }
}
