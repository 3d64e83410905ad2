// One resolved job: everything about one encode, decided once — input, facts, plan, output, threads and
// the exact ffmpeg argv. --print-command prints it, the encode step spawns it, the report describes it. Pure.
import type { Toolchain } from '../binaries/toolchain.js';
import { buildEncodeArgs } from '../ffmpeg/args.js';
import { clampDelay } from '../limits.js';
import type { EncodePlan } from '../plan/encode-plan.js';
import type { Preset } from '../presets/preset.js';
import type { MediaFacts } from '../probe/facts.js';
import type { PreparedInput } from './prepare-job.js';

export interface ResolvedJob {
  /** Absolute input path. */
  input: string;
  /** Absolute final output path. */
  output: string;
  /** Where ffmpeg writes: a temporary name beside `output` (or `output` itself when only printed). */
  writeTo: string;
  preset: Preset;
  facts: MediaFacts;
  plan: EncodePlan;
  threads: number;
  /**
   * `encode`: ffmpeg runs `argv`. `relocate`: the input already conforms to the preset, so its moov is
   * moved to the front (or the file copied, when it is already faststart) — no ffmpeg, no generation loss.
   */
  mode: 'encode' | 'relocate';
  /** The input already conforms to the preset (it is relocated unless re-encoding was asked for). */
  conforms: boolean;
  /** The exact command: the ffmpeg binary, then its arguments (what would run, also for `relocate`). */
  argv: string[];
  /** The encode also writes its audio as float samples on descriptor PCM_FD (buildEncodeArgs' pcmFd). */
  pcm: boolean;
  /** The encode also writes its video as fragments on descriptor FRAGMENTS_FD (live). */
  fragments: boolean;
  /** With pcm: the output is written without audio; its audio is added afterwards (EncodeJob.audioElsewhere). */
  audioElsewhere: boolean;
  /** With a piped input: the bytes fed to ffmpeg's stdin. */
  stdin?: NodeJS.ReadableStream | undefined;
  /** How long the encode may run before it is stopped. */
  timeoutMs: number;
  inputBytes: number;
  startupBytes: number | undefined;
}

/**
 * How long an encode may run before it is stopped: generous for real media (the streaming preset runs
 * at 10–25× real time here), finite for a crafted file that would keep ffmpeg busy forever, and never
 * past what a timer can hold (a header may claim any duration).
 */
export function encodeTimeoutMs(durationSec: number | undefined): number {
  const seconds = durationSec !== undefined && Number.isFinite(durationSec) && durationSec > 0 ? durationSec : 90;
  return clampDelay(60_000 + 20_000 * seconds);
}

export interface ResolveOptions {
  output: string;
  writeTo: string;
  threads: number;
  toolchain: Toolchain;
  preset: Preset;
  /** Encode even an input that already conforms (default: relocate it). */
  reencode?: boolean | undefined;
  /** The input arrives on stdin while it is written (always encoded). */
  pipe?: { format: string | undefined; probeBytes?: number | undefined } | undefined;
  /** Tap the audio the encode hands its AAC encoder (a conversation's chunk). */
  pcm?: boolean | undefined;
  /** With pcm: leave the output's audio to be added afterwards (EncodeJob.audioElsewhere). */
  audioElsewhere?: boolean | undefined;
  /** Live: the video also as fragments of this many seconds on FRAGMENTS_FD, as they are encoded. */
  partSec?: number | undefined;
  /** Live: a keyframe forced at this time as well (EncodeJob.fragments). */
  keyframeAtSec?: number | undefined;
}

/** The descriptor an encode's audio tap is written on. */
export const PCM_FD = 3;
/** The descriptor a live encode's fragments are written on. */
export const FRAGMENTS_FD = 4;

/** What the report says of an input that was not re-encoded. */
export const RELOCATED = 'conformed: relocated, not re-encoded';

export function resolveJob(prepared: PreparedInput, options: ResolveOptions): ResolvedJob {
  const { plan, facts } = prepared;
  // (A loudness-normalized encode keeps its own audio: its report measures the output's loudness.)
  const audioElsewhere = (options.audioElsewhere ?? false) && (options.pcm ?? false) && plan.audio !== undefined && plan.loudness === undefined;
  const args = buildEncodeArgs({
    input: prepared.input,
    output: options.writeTo,
    preset: options.preset,
    plan,
    libavformatMajor: options.toolchain.ffmpeg.libavformatMajor,
    threads: options.threads,
    pipe: options.pipe,
    pcmFd: options.pcm && plan.audio ? PCM_FD : undefined,
    audioElsewhere: audioElsewhere || undefined,
    fragments: options.partSec === undefined ? undefined : { fd: FRAGMENTS_FD, partSec: options.partSec, keyframeAtSec: options.keyframeAtSec },
  });
  return {
    input: prepared.input,
    output: options.output,
    writeTo: options.writeTo,
    preset: options.preset,
    facts,
    plan,
    threads: options.threads,
    mode: prepared.reencodeReasons?.length === 0 && !options.reencode && !options.pipe ? 'relocate' : 'encode',
    conforms: prepared.reencodeReasons?.length === 0,
    argv: [options.toolchain.ffmpeg.path, ...args],
    pcm: (options.pcm ?? false) && plan.audio !== undefined,
    fragments: options.partSec !== undefined,
    audioElsewhere,
    timeoutMs: encodeTimeoutMs(facts.durationSec),
    inputBytes: prepared.inputBytes,
    startupBytes: prepared.startupBytes,
  };
}
