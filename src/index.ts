// The library API: what `import … from 'streamprep'` gives.
export { optimize, planCommands } from './optimize/optimize.js';
export type { OptimizeOptions, PlannedCommand } from './optimize/optimize.js';
export { createOptimizer } from './optimize/optimizer.js';
export type { OptimizeCallOptions, Optimizer, OptimizerEvent, OptimizerOptions } from './optimize/optimizer.js';
export { watch } from './live/watch.js';
export type { WatchEvent, WatchOptions, WatchSummary } from './live/watch.js';
export type { ResolvedJob } from './pipeline/resolved-job.js';
export type { FileReport, OptimizeReport, ReportTotals } from './report/types.js';
export { formatTextTable } from './report/text-table.js';
export { formatMarkdown } from './report/markdown.js';
export { loadPreset, loadPresetFile, listPresetNames } from './presets/load.js';
export { validatePreset } from './presets/validate.js';
export type { Preset } from './presets/preset.js';
export { buildEncodeArgs, buildProbeArgs } from './ffmpeg/args.js';
export type { ArgsPlan, EncodeJob } from './ffmpeg/args.js';
export { planEncode } from './plan/encode-plan.js';
export type { EncodePlan } from './plan/encode-plan.js';
export { check } from './check/check.js';
export type { CheckOptions, CheckReport } from './check/check.js';
export type { CheckResult } from './check/check-file.js';
export { inspectFile } from './mp4/inspect-file.js';
export { faststart } from './faststart/faststart.js';
export { bench } from './bench/run-bench.js';
export type { BenchOptions, BenchReport } from './bench/run-bench.js';
export type { FaststartOptions, FaststartReport, FaststartResult } from './faststart/faststart.js';
export type { FileInspection } from './mp4/inspect-file.js';
export type { MoovInfo, TrackInfo, BoxNode } from './mp4/moov.js';
export type { LayoutVerdict, Verdict } from './mp4/layout-verdict.js';
export { diagnose } from './binaries/doctor.js';
export { resolveToolchain } from './binaries/toolchain.js';
export {
  BinaryError, InputError, InterruptedError, PresetError, StreamprepError, UsageError,
} from './errors.js';
