// One input → one verified output, through the one scheduler: in a slot, claim the output, prepare the
// input, resolve the job and encode it; then (out of the slot) check the input did not change, verify
// and promote.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Toolchain } from '../binaries/toolchain.js';
import { describeWriteError, getErrorMessage, isNoSpaceError } from '../errors.js';
import { claimOutput } from '../files/output-lock.js';
import { discard, tempPathFor } from '../files/temp-output.js';
import { contentSeconds } from '../plan/encode-plan.js';
import type { Preset } from '../presets/preset.js';
import { type Failure, failure } from '../report/causes.js';
import { blankReport } from '../report/file-report.js';
import type { FileReport } from '../report/types.js';
import type { Reservation } from '../schedule/scheduler.js';
import { type DeferredOutput, deferOutput } from './deferred-audio.js';
import { type EncodeOutcome, encodeStep } from './encode-step.js';
import { type InputState, describeChange, readInputState } from './input-state.js';
import { prepareInput } from './prepare-job.js';
import { verifyAndPromote } from './promote-step.js';
import { RELOCATED, type ResolvedJob, resolveJob } from './resolved-job.js';

export interface FileContext {
  toolchain: Toolchain;
  preset: Preset;
  /** A place in the one scheduler, reserved when the file was handed in. */
  reservation: Reservation;
  /** Replace outputs that exist (default: skip them). */
  force: boolean;
  /** Encode inputs that already conform to the preset too (default: move their moov to the front instead). */
  reencode?: boolean | undefined;
  /** With reencode: a conforming input whose re-encode came out larger is kept instead (relocated). */
  keepSmaller?: boolean | undefined;
  signal?: AbortSignal | undefined;
  /** Makes an output folder (and may remember it, to remove it again if it stays empty). */
  ensureDir: (dir: string) => Promise<void>;
  /** The job got a slot and its command is about to run. */
  onStart?: ((job: ResolvedJob) => void) | undefined;
  /** Frames written so far, while ffmpeg runs. */
  onProgress?: ((job: ResolvedJob, frames: number) => void) | undefined;
  /** Tap the audio the encode hands its AAC encoder: float samples at the preset's rate, as they are written (a conversation's chunk). */
  onPcm?: ((chunk: Uint8Array) => void) | undefined;
  /**
   * With onPcm: the output's audio is made elsewhere (a conversation's one encode) — the encode writes no
   * audio, and the file's result holds a DeferredOutput that adds it (loudness-normalized and
   * --keep-smaller encodes keep their own).
   */
  audioElsewhere?: boolean | undefined;
  /** Live (a stream's encode only): its video also as fragments of `partSec`, their bytes as they are written. */
  live?: { partSec: number; keyframeAtSec?: number | undefined; onFragments: (chunk: Uint8Array) => void; onInputEnd?: (() => void) | undefined } | undefined;
}

/** A file's report, and what its input was when the encode began (for callers that move it afterwards). */
export interface ProcessedFile {
  report: FileReport;
  inputState: InputState | undefined;
  /**
   * An encode whose audio is made elsewhere (FileContext.audioElsewhere): `report` says what is known so
   * far, and the output is written, verified and promoted when `deferred.finish` gets its audio.
   */
  deferred?: DeferredOutput | undefined;
}

const exists = (file: string): Promise<boolean> => stat(file).then(() => true, () => false);

const writeFailure = (error: unknown, folder: string): Failure =>
  failure(isNoSpaceError(error) ? 'no-space' : 'write-error', describeWriteError(error, folder));

/** `output` is absolute; undefined when the guards found none (`conflict` says why). Never throws. */
export async function processFile(input: string, output: string | undefined, conflict: Failure | undefined, context: FileContext): Promise<ProcessedFile> {
  try {
    return await processReserved(input, output, conflict, context);
  } finally {
    context.reservation.release();
  }
}

/** What happened in the slot: an encode (the output still claimed), or why there was none. */
type SlotResult =
  | { kind: 'encoded'; job: ResolvedJob; outcome: EncodeOutcome; release: () => Promise<void> }
  | { kind: 'skipped' | 'failed'; failure: Failure };

async function processReserved(input: string, output: string | undefined, conflict: Failure | undefined, context: FileContext): Promise<ProcessedFile> {
  const report = blankReport(input, output);
  let inputState: InputState | undefined;
  const end = (status: 'failed' | 'skipped', { cause, reason }: Failure): ProcessedFile => ({ report: { ...report, status, cause, reason }, inputState });
  if (!output) return end('failed', conflict ?? failure('collision', 'no output path'));
  if (context.signal?.aborted) return end('failed', failure('interrupted', 'interrupted'));
  const temp = tempPathFor(output);
  const folder = path.dirname(output);
  // The output is claimed when the job is dispatched: a waiting file holds no lock and no descriptor.
  const slot = await context.reservation.run(async ({ threads }): Promise<SlotResult> => {
    if (context.signal?.aborted) return { kind: 'failed', failure: failure('interrupted', 'interrupted') };
    const claim = await context.ensureDir(folder).then(() => claimOutput(output)).catch((error: unknown) => writeFailure(error, folder));
    if ('cause' in claim) return { kind: 'failed', failure: claim };
    if (!claim.ok) return { kind: 'skipped', failure: failure('locked', `another streamprep run is writing this output (${claim.holder})`) };
    let handedOn = false;
    try {
      if (!context.force && (await exists(output))) return { kind: 'skipped', failure: failure('exists', 'output exists (--force replaces it)') };
      inputState = await readInputState(input);
      const prepared = await prepareInput(input, context);
      report.inputBytes = prepared.inputBytes;
      if (!prepared.ok) return { kind: 'failed', failure: prepared };
      const job = resolveJob(prepared, {
        output, writeTo: temp, threads, toolchain: context.toolchain, preset: context.preset, reencode: context.reencode,
        pcm: context.onPcm !== undefined, audioElsewhere: (context.audioElsewhere ?? false) && !context.keepSmaller,
      });
      Object.assign(report, describeJob(job));
      context.onStart?.(job);
      let outcome = await encodeStep(job, { signal: context.signal, onFrames: (frames) => context.onProgress?.(job, frames), onPcm: context.onPcm });
      let kept = job;
      if (outcome.ok && context.keepSmaller && job.mode === 'encode' && job.conforms) {
        const written = (await stat(temp)).size;
        if (written > job.inputBytes) {
          // The input already conforms and is smaller: it is what goes out, its moov moved to the front.
          kept = { ...job, mode: 'relocate' };
          outcome = await encodeStep(kept, { signal: context.signal });
          report.adaptations = [RELOCATED, `kept the input: the re-encode was ${(((written - job.inputBytes) / job.inputBytes) * 100).toFixed(1)}% larger (--keep-smaller)`];
        }
      }
      handedOn = true;
      return { kind: 'encoded', job: kept, outcome, release: claim.release };
    } finally {
      if (!handedOn) await claim.release();
    }
  }).catch((error: unknown): SlotResult => ({ kind: 'failed', failure: failure('internal', getErrorMessage(error)) }));
  if (slot.kind !== 'encoded') {
    await discard(temp);
    return end(slot.kind, slot.failure);
  }
  // A deferred output keeps its temporary file and its claim until its audio comes.
  let deferred: DeferredOutput | undefined;
  try {
    const { job, outcome } = slot;
    if (!outcome.ok) return end('failed', outcome);
    if (inputState) {
      const changed = describeChange(inputState, await readInputState(input));
      if (changed) return end('failed', failure('changed-during-encode', changed));
    }
    if (job.audioElsewhere && job.mode === 'encode') {
      deferred = await deferOutput(job, outcome, report, { force: context.force, signal: context.signal, release: slot.release });
      return { report: { ...report, status: 'ok' }, inputState, deferred };
    }
    return { report: await verifyAndPromote(job, outcome, report, { force: context.force, signal: context.signal }), inputState };
  } catch (error) {
    return end('failed', failure('internal', getErrorMessage(error)));
  } finally {
    if (!deferred) {
      await discard(temp);
      await slot.release();
    }
  }
}

/** What the report knows of a job before it runs. */
export function describeJob(job: ResolvedJob): Partial<FileReport> {
  const { plan, facts } = job;
  return {
    inputBytes: job.inputBytes,
    durationSec: contentSeconds(facts, plan),
    targetDurationSec: plan.trim?.durationSec,
    adaptations: job.mode === 'relocate' ? [RELOCATED] : plan.adaptations,
    video: { width: plan.width, height: plan.height, fps: plan.outputFps, level: plan.level },
    startupBytesBefore: job.startupBytes,
  };
}
