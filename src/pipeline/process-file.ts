// One input → one verified output, through the one scheduler: claim the output, then (in a slot)
// prepare the input, resolve the job and encode it, then (out of the slot) verify and promote.
import path from 'node:path';
import type { Toolchain } from '../binaries/toolchain.js';
import { describeWriteError, getErrorMessage } from '../errors.js';
import { type Claim, claimOutput } from '../files/output-lock.js';
import { discard, tempPathFor } from '../files/temp-output.js';
import type { Preset } from '../presets/preset.js';
import { blankReport } from '../report/file-report.js';
import type { FileReport } from '../report/types.js';
import type { Reservation } from '../schedule/scheduler.js';
import { type EncodeOutcome, encodeStep } from './encode-step.js';
import { prepareInput } from './prepare-job.js';
import { verifyAndPromote } from './promote-step.js';
import { type ResolvedJob, resolveJob } from './resolved-job.js';
import { stat } from 'node:fs/promises';

export interface FileContext {
  toolchain: Toolchain;
  preset: Preset;
  /** A place in the one scheduler, reserved when the file was handed in. */
  reservation: Reservation;
  /** Replace outputs that exist (default: skip them). */
  force: boolean;
  signal?: AbortSignal | undefined;
  /** Makes an output folder (and may remember it, to remove it again if it stays empty). */
  ensureDir: (dir: string) => Promise<void>;
  /** The job got a slot and its command is about to run. */
  onStart?: ((job: ResolvedJob) => void) | undefined;
  /** Frames written so far, while ffmpeg runs. */
  onProgress?: ((job: ResolvedJob, frames: number) => void) | undefined;
}

const exists = (file: string): Promise<boolean> => stat(file).then(() => true, () => false);

/** `output` is absolute; undefined when the caller found none (`conflict` says why). Never throws. */
export async function processFile(input: string, output: string | undefined, conflict: string | undefined, context: FileContext): Promise<FileReport> {
  try {
    return await processReserved(input, output, conflict, context);
  } finally {
    context.reservation.release();
  }
}

async function processReserved(input: string, output: string | undefined, conflict: string | undefined, context: FileContext): Promise<FileReport> {
  const report = blankReport(input, output);
  const fail = (reason: string): FileReport => ({ ...report, status: 'failed', reason });
  const skip = (reason: string): FileReport => ({ ...report, status: 'skipped', reason });
  if (!output) return fail(conflict ?? 'no output path');
  if (context.signal?.aborted) return fail('interrupted');
  const folder = path.dirname(output);
  let claim: Claim;
  try {
    await context.ensureDir(folder);
    claim = await claimOutput(output);
  } catch (error) {
    return fail(describeWriteError(error, folder));
  }
  if (!claim.ok) return skip(`another streamprep run is writing this output (${claim.holder})`);
  const temp = tempPathFor(output);
  try {
    if (!context.force && (await exists(output))) return skip('output exists (--force replaces it)');
    let job: ResolvedJob | undefined;
    const encoded: EncodeOutcome = await context.reservation.run(async ({ threads }) => {
      if (context.signal?.aborted) return { ok: false, reason: 'interrupted' };
      const prepared = await prepareInput(input, context);
      report.inputBytes = prepared.inputBytes;
      if (!prepared.ok) return { ok: false, reason: prepared.reason };
      job = resolveJob(prepared, { output, writeTo: temp, threads, toolchain: context.toolchain, preset: context.preset });
      Object.assign(report, describeJob(job));
      context.onStart?.(job);
      const current = job;
      return encodeStep(job, { signal: context.signal, onFrames: (frames) => context.onProgress?.(current, frames) });
    });
    if (!encoded.ok || !job) return fail(encoded.ok ? 'not encoded' : encoded.reason);
    return await verifyAndPromote(job, encoded, report, { force: context.force, signal: context.signal });
  } catch (error) {
    return fail(getErrorMessage(error));
  } finally {
    await discard(temp);
    await claim.release();
  }
}

/** What the report knows of a job before it runs. */
function describeJob(job: ResolvedJob): Partial<FileReport> {
  const { plan, facts } = job;
  return {
    inputBytes: job.inputBytes,
    durationSec: facts.durationSec,
    adaptations: plan.adaptations,
    video: { width: plan.width, height: plan.height, fps: plan.outputFps, level: plan.level },
    startupBytesBefore: job.startupBytes,
  };
}
