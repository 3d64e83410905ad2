// The step that holds an encoding slot: run a resolved job's ffmpeg command and read what it said.
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { describeWriteError, isNoSpaceError } from '../errors.js';
import { relocateFile } from '../faststart/relocate-file.js';
import type { LoudnessMeasure } from '../ffmpeg/args.js';
import { measureLoudness } from '../ffmpeg/loudness.js';
import { findFailure, findTruncation, findWriteError, parseBenchTimes } from '../ffmpeg/stderr.js';
import { runTool } from '../ffmpeg/run.js';
import type { Cause } from '../report/causes.js';
import { FRAGMENTS_FD, PCM_FD, type ResolvedJob } from './resolved-job.js';

export type EncodeOutcome =
  | { ok: true; wallMs: number; cpuSec: number | undefined; outputLoudness?: LoudnessMeasure | undefined }
  | { ok: false; cause: Cause; reason: string };

export interface EncodeStepOptions {
  signal?: AbortSignal | undefined;
  /** Progress: frames written so far. */
  onFrames?: (frames: number) => void;
  /** The job's audio tap (job.pcm): float samples as the encode writes them. */
  onPcm?: ((chunk: Uint8Array) => void) | undefined;
  /** The job's fragments (job.fragments): a fragmented MP4's bytes as the encode writes them. */
  onFragments?: ((chunk: Uint8Array) => void) | undefined;
}

/** A conforming input: moov moved to the front into the temporary name, or the file copied when it is already faststart. */
async function relocateStep(job: ResolvedJob, signal: AbortSignal | undefined): Promise<EncodeOutcome> {
  const started = performance.now();
  const moved = await relocateFile(job.input, job.writeTo, { flush: false, replace: true, ...(signal ? { signal } : {}) });
  if (moved.status === 'unchanged') {
    const copied = await copyFile(job.input, job.writeTo).then(() => undefined, (error: unknown) => error);
    if (copied) return { ok: false, cause: isNoSpaceError(copied) ? 'no-space' : 'write-error', reason: describeWriteError(copied, path.dirname(job.writeTo)) };
  } else if (moved.status !== 'moved') {
    return { ok: false, cause: moved.reason === 'interrupted' ? 'interrupted' : 'write-error', reason: moved.reason };
  }
  return { ok: true, wallMs: performance.now() - started, cpuSec: undefined };
}

/** The job's further outputs and who reads them (an output nobody reads would stop ffmpeg once its pipe is full). */
function taps(job: ResolvedJob, options: EncodeStepOptions): Record<number, (chunk: Uint8Array) => void> {
  const out: Record<number, (chunk: Uint8Array) => void> = {};
  if (job.pcm) out[PCM_FD] = options.onPcm ?? (() => undefined);
  if (job.fragments) out[FRAGMENTS_FD] = options.onFragments ?? (() => undefined);
  return out;
}

export async function encodeStep(job: ResolvedJob, options: EncodeStepOptions = {}): Promise<EncodeOutcome> {
  if (job.mode === 'relocate') return relocateStep(job, options.signal);
  let frames = 0;
  const [binary, ...args] = job.argv as [string, ...string[]];
  const result = await runTool(binary, args, {
    ...(job.stdin ? { input: job.stdin } : {}),
    ...(job.pcm || job.fragments ? { extraOutputs: taps(job, options) } : {}),
    signal: options.signal,
    timeoutMs: job.timeoutMs,
    onStdoutLine: (line) => {
      if (!line.startsWith('frame=')) return;
      frames = Number(line.slice('frame='.length)) || frames;
      options.onFrames?.(frames);
    },
  });
  if (result.aborted) return { ok: false, cause: 'interrupted', reason: 'interrupted' };
  if (result.timedOut) {
    return { ok: false, cause: 'timeout', reason: `encoding took longer than ${Math.round(job.timeoutMs / 1000)} s (60 s + 20× the media duration) and was stopped` };
  }
  if (result.spawnError) return { ok: false, cause: 'spawn', reason: `ffmpeg did not start: ${result.spawnError}` };
  // ffmpeg may exit 0 after failing to write (a full disk while writing the trailer).
  const writeError = findWriteError(result.stderrTail);
  if (writeError) return { ok: false, cause: /space|quota/.test(writeError) ? 'no-space' : 'write-error', reason: `${writeError} (output folder ${path.dirname(job.writeTo)})` };
  if (result.exitCode !== 0) {
    const cause = findFailure(result.stderrTail, job.input);
    return cause ? { ok: false, ...cause } : { ok: false, cause: 'encode-failed', reason: `ffmpeg exited with code ${result.exitCode}` };
  }
  if (frames === 0) return { ok: false, cause: 'bad-input', reason: 'no video frame could be decoded' };
  const cut = findTruncation(result.stderrTail);
  if (cut) return { ok: false, cause: 'incomplete', reason: cut };
  const bench = parseBenchTimes(result.stderrTail);
  // What came out, measured the same way (the output maps video first, so its audio is stream 1).
  const target = job.plan.loudness?.target;
  const outputLoudness = target ? await measureLoudness(job.argv[0] as string, job.writeTo, 1, target, options.signal) : undefined;
  return { ok: true, wallMs: result.wallMs, cpuSec: bench ? bench.userSec + bench.sysSec : undefined, ...(outputLoudness ? { outputLoudness } : {}) };
}
