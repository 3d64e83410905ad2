// The size and encode-time report: one entry per input, and totals.
import type { Cause } from './causes.js';

/** Version 2 added `cause` to each file. */
export const REPORT_SCHEMA_VERSION = 2;

export type FileStatus = 'ok' | 'failed' | 'skipped';

export interface FileReport {
  /** Input path as given (relative to the working folder when inside it). */
  input: string;
  output: string | undefined;
  status: FileStatus;
  /** Why it failed or was skipped, as a value from a fixed set (see causes.ts): what programs switch on. */
  cause: Cause | undefined;
  /** Why it failed or was skipped: one line, for people. */
  reason: string | undefined;
  inputBytes: number | undefined;
  outputBytes: number | undefined;
  /** (input − output) / input × 100. */
  reductionPercent: number | undefined;
  /** Media duration of the input, seconds. */
  durationSec: number | undefined;
  /** How long the output is made to last: the input's video, seconds (what a conversation places). */
  targetDurationSec?: number | undefined;
  /** Wall time of the ffmpeg encode, seconds. */
  encodeSec: number | undefined;
  /** User + system CPU seconds of the ffmpeg process. */
  cpuSec: number | undefined;
  /** Real-time factor: encode time ÷ media duration (lower is faster). */
  rtf: number | undefined;
  /** × real time: media duration ÷ encode time. */
  speed: number | undefined;
  /** What was changed to fit the preset ("fps 25 → 18", "scaled 1920x1080 → 848x476 …", "no audio"). */
  adaptations: string[];
  /** Bytes a player must read before it can show the first frame: input (MP4/QuickTime only) and output. */
  startupBytesBefore: number | undefined;
  startupBytesAfter: number | undefined;
  /** How long the output's video and audio play (edit lists honoured), seconds: what a player presents. */
  outputDurations: { videoSec: number | undefined; audioSec: number | undefined } | undefined;
  /** With a loudness target: the input's and the output's integrated loudness (LUFS) and the output's true peak (dBTP). */
  loudness: { inputLufs: number; outputLufs: number | undefined; outputTruePeakDbtp: number | undefined } | undefined;
  /** moov was confirmed before mdat in the written output. */
  faststartVerified: boolean;
  /** What was checked in the output before it took its final name: "faststart", "structure", "preset streaming". */
  verified: string[];
  video: { width: number; height: number; fps: number | undefined; level: string } | undefined;
}

export interface ReportTotals {
  files: number;
  ok: number;
  failed: number;
  skipped: number;
  inputBytes: number;
  outputBytes: number;
  reductionPercent: number | undefined;
  mediaSec: number;
  /** Sum of per-file encode times. */
  encodeSec: number;
  /** Wall time of the whole batch. */
  wallSec: number;
  /** Batch wall time ÷ media seconds encoded: what parallelism buys. */
  aggregateRtf: number | undefined;
}

export interface OptimizeReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'streamprep'; version: string };
  preset: string;
  ffmpeg: { path: string; version: string; source: string };
  concurrency: number;
  startedAt: string;
  interrupted: boolean;
  files: FileReport[];
  totals: ReportTotals;
  /** With --conversation: the conversation written from the batch (its playlist and how many chunks it holds). */
  conversation?: { name: string; playlist: string; chunks: number };
}
