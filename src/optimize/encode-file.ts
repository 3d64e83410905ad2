// One input → one verified output: claim the output, prepare, encode to a temporary file, verify what the
// preset asks for, rename into place.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { presetViolations } from '../check/preset-conformance.js';
import { describeWriteError } from '../errors.js';
import { findFailureCause, findWriteError, parseBenchTimes } from '../ffmpeg/stderr.js';
import { runTool } from '../ffmpeg/run.js';
import { type Claim, claimOutput } from '../files/output-lock.js';
import { discard, promote, tempPathFor } from '../files/temp-output.js';
import type { OutputAssignment } from '../inputs/output-paths.js';
import { clampDelay } from '../limits.js';
import { inspectFile } from '../mp4/inspect-file.js';
import type { Preset } from '../presets/preset.js';
import { blankReport } from '../report/file-report.js';
import { reductionPercent } from '../report/totals.js';
import type { FileReport } from '../report/types.js';
import { type PrepareContext, prepareJob } from './prepare-job.js';

export interface EncodeContext extends PrepareContext {
  force: boolean;
  /** Makes directories on demand and remembers those it made (so empty ones can be removed). */
  ensureDir: (dir: string) => Promise<void>;
  /** How paths are shown: relative to the working folder. */
  display: (file: string) => string;
  /** Called once ffmpeg has exited: verifying and flushing need no encoding slot. */
  releaseSlot?: () => void;
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

const exists = (file: string): Promise<boolean> => stat(file).then(() => true, () => false);

/** What was checked in an output before it took its final name, or why it fails. */
export function verifyOutput(inspection: Awaited<ReturnType<typeof inspectFile>>, preset: Preset): { checked: string[] } | { problem: string } {
  const { layout, moov } = inspection;
  if (preset.container.faststart ? layout.verdict !== 'faststart' : !['faststart', 'moov-after-mdat'].includes(layout.verdict)) {
    return { problem: `${layout.verdict} (${layout.reason})` };
  }
  if (!moov) return { problem: inspection.moovUnread ?? 'its moov could not be read' };
  const video = moov.tracks.find((track) => track.kind === 'video');
  if (!video?.sampleCount) return { problem: 'no video samples in the output' };
  const violations = presetViolations(moov, preset);
  if (violations.length > 0) return { problem: `does not match preset ${preset.name}: ${violations.join('; ')}` };
  return { checked: [...(preset.container.faststart ? ['faststart'] : []), 'structure', `preset ${preset.name}`] };
}

export async function encodeFile(assignment: OutputAssignment, context: EncodeContext): Promise<FileReport> {
  const report = blankReport(context.display(assignment.input.path), assignment.output && context.display(assignment.output));
  const fail = (reason: string): FileReport => ({ ...report, status: 'failed', reason });
  const skip = (reason: string): FileReport => ({ ...report, status: 'skipped', reason });
  const { output } = assignment;
  if (!output) return fail(assignment.conflict ?? 'no output path');
  const folder = path.dirname(output);
  const writeFailure = (error: unknown): FileReport => fail(describeWriteError(error, context.display(folder)));

  try {
    await context.ensureDir(folder);
  } catch (error) {
    return writeFailure(error);
  }
  let claim: Claim;
  try {
    claim = await claimOutput(output);
  } catch (error) {
    return writeFailure(error);
  }
  if (!claim.ok) return skip(`another streamprep run is writing this output (${claim.holder})`);
  const temp = tempPathFor(output);
  try {
    if (!context.force && (await exists(output))) return skip('output exists (--force replaces it)');

    const prepared = await prepareJob(assignment.input.path, context);
    report.inputBytes = prepared.inputBytes;
    if (!prepared.ok) return fail(prepared.reason);
    const { facts, plan } = prepared;
    report.durationSec = facts.durationSec;
    report.adaptations = plan.adaptations;
    report.video = { width: plan.width, height: plan.height, fps: plan.outputFps, level: plan.level };

    let frames = 0;
    const timeoutMs = encodeTimeoutMs(facts.durationSec);
    const result = await runTool(context.toolchain.ffmpeg.path, prepared.argsFor(temp), {
      signal: context.signal,
      timeoutMs,
      onStdoutLine: (line) => {
        if (line.startsWith('frame=')) frames = Number(line.slice('frame='.length)) || frames;
      },
    });
    context.releaseSlot?.();
    if (result.aborted) return fail('interrupted');
    if (result.timedOut) return fail(`encoding took longer than ${Math.round(timeoutMs / 1000)} s (60 s + 20× the media duration) and was stopped`);
    if (result.spawnError) return fail(`ffmpeg did not start: ${result.spawnError}`);
    // ffmpeg may exit 0 after failing to write (a full disk while writing the trailer).
    const writeError = findWriteError(result.stderrTail);
    if (writeError) return fail(`${writeError} (output folder ${context.display(folder)})`);
    if (result.exitCode !== 0) {
      return fail(findFailureCause(result.stderrTail, assignment.input.path) ?? `ffmpeg exited with code ${result.exitCode}`);
    }
    if (frames === 0) return fail('no video frame could be decoded');

    const written = await inspectFile(temp);
    const verified = verifyOutput(written, context.preset);
    if ('problem' in verified) return fail(`output failed verification: ${verified.problem}`);
    if (context.signal?.aborted) return fail('interrupted');

    try {
      const promoted = await promote(temp, output, { replace: context.force });
      if (promoted === 'exists') return skip('output appeared while encoding (--force replaces it)');
    } catch (error) {
      return writeFailure(error);
    }
    const encodeSec = result.wallMs / 1000;
    const bench = parseBenchTimes(result.stderrTail);
    return {
      ...report,
      status: 'ok',
      outputBytes: written.size,
      reductionPercent: reductionPercent(prepared.inputBytes, written.size),
      startupBytesBefore: prepared.startupBytes,
      startupBytesAfter: written.startupBytes,
      encodeSec,
      cpuSec: bench ? bench.userSec + bench.sysSec : undefined,
      rtf: facts.durationSec ? encodeSec / facts.durationSec : undefined,
      speed: facts.durationSec && encodeSec > 0 ? facts.durationSec / encodeSec : undefined,
      faststartVerified: written.layout.verdict === 'faststart',
      verified: verified.checked,
    };
  } finally {
    context.releaseSlot?.();
    await discard(temp);
    await claim.release();
  }
}
