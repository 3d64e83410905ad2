// One input → one verified output: prepare, encode to a temporary file, verify, rename into place.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { findFailureCause, parseBenchTimes } from '../ffmpeg/stderr.js';
import { runTool } from '../ffmpeg/run.js';
import type { OutputAssignment } from '../inputs/output-paths.js';
import { inspectFile } from '../mp4/inspect-file.js';
import { blankReport } from '../report/file-report.js';
import { reductionPercent } from '../report/totals.js';
import type { FileReport } from '../report/types.js';
import { type PrepareContext, prepareJob } from './prepare-job.js';
import { discard, promote, tempPathFor } from '../files/temp-output.js';

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
 * at 10–25× real time here), finite for a crafted file that would keep ffmpeg busy forever.
 */
export function encodeTimeoutMs(durationSec: number | undefined): number {
  return 60_000 + 20_000 * (durationSec ?? 90);
}

const exists = (file: string): Promise<boolean> => stat(file).then(() => true, () => false);

export async function encodeFile(assignment: OutputAssignment, context: EncodeContext): Promise<FileReport> {
  const report = blankReport(context.display(assignment.input.path), assignment.output && context.display(assignment.output));
  const fail = (reason: string): FileReport => ({ ...report, status: 'failed', reason });
  const { output } = assignment;
  if (!output) return fail(assignment.conflict ?? 'no output path');
  if (!context.force && (await exists(output))) {
    return { ...report, status: 'skipped', reason: 'output exists (--force replaces it)' };
  }

  const prepared = await prepareJob(assignment.input.path, context);
  report.inputBytes = prepared.inputBytes;
  if (!prepared.ok) return fail(prepared.reason);
  const { facts, plan } = prepared;
  report.durationSec = facts.durationSec;
  report.adaptations = plan.adaptations;
  report.video = { width: plan.width, height: plan.height, fps: plan.outputFps, level: plan.level };

  await context.ensureDir(path.dirname(output));
  const temp = tempPathFor(output);
  try {
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
    if (result.exitCode !== 0) {
      return fail(findFailureCause(result.stderrTail, assignment.input.path) ?? `ffmpeg exited with code ${result.exitCode}`);
    }
    if (frames === 0) return fail('no video frame could be decoded');

    const written = await inspectFile(temp);
    const { layout } = written;
    const wantFaststart = context.preset.container.faststart;
    if (wantFaststart ? layout.verdict !== 'faststart' : !['faststart', 'moov-after-mdat'].includes(layout.verdict)) {
      return fail(`output failed verification: ${layout.verdict} (${layout.reason})`);
    }
    if (context.signal?.aborted) return fail('interrupted');

    await promote(temp, output);
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
      faststartVerified: layout.verdict === 'faststart',
    };
  } finally {
    await discard(temp);
  }
}
