// The step after the slot is freed: verify the written file for what the preset asks, then give it its
// final name (replacing an existing output only with --force).
import { presetViolations } from '../check/preset-conformance.js';
import { describeWriteError, isNoSpaceError } from '../errors.js';
import type { LoudnessMeasure } from '../ffmpeg/args.js';
import type { Cause } from '../report/causes.js';
import { promote } from '../files/temp-output.js';
import { type FileInspection, inspectFile } from '../mp4/inspect-file.js';
import { contentSeconds } from '../plan/encode-plan.js';
import type { Preset } from '../presets/preset.js';
import { reductionPercent } from '../report/totals.js';
import type { FileReport } from '../report/types.js';
import path from 'node:path';
import type { ResolvedJob } from './resolved-job.js';

/** What the output's video must last: the input's video, give or take a frame of each rate. */
export interface DurationExpectation {
  videoSec: number;
  inputFps: number | undefined;
  outputFps: number | undefined;
  /** How long the input's audio plays, when it has audio and that is known: the output's ends at the video's end or its own, whichever comes first. */
  audioSec?: number | undefined;
  /**
   * The output's audio is samples from time 0 (a batch conversation's, from the encode's tap): audio that
   * starts late is silence there, not an edit — it must hold at least the input's audio and not outlast
   * the video.
   */
  audioFromZero?: boolean | undefined;
}

/** How far an output's audio may be from what it should last: an output frame, an AAC frame (at the output's rate) and rounding. Pure. */
export const audioTolerance = (outputFps: number | undefined, sampleRate: number | undefined): number =>
  1 / (outputFps || 18) + 1024 / (sampleRate || 24_000) + 0.005;

/**
 * How far an output's video may be from what its input's video plays: one frame at the capped rate, one
 * at the source's (a variable-rate source's last frame ends on the output's grid) and rounding. The
 * source's frame counts at most 1 s: a cover-art track (one frame lasting the whole file) must not let
 * a doubled video pass. Pure.
 */
export const durationTolerance = ({ inputFps, outputFps }: DurationExpectation): number =>
  1 / (outputFps || 18) + Math.min(1 / (inputFps || outputFps || 18), MAX_SOURCE_FRAME_SEC) + 0.005;

const MAX_SOURCE_FRAME_SEC = 1;

/** What was checked in an output before it took its final name, or why it fails. Pure. */
export function verifyOutput(inspection: FileInspection, preset: Preset, expected?: DurationExpectation): { checked: string[] } | { problem: string } {
  const { layout, moov } = inspection;
  if (preset.container.faststart ? layout.verdict !== 'faststart' : !['faststart', 'moov-after-mdat'].includes(layout.verdict)) {
    return { problem: `${layout.verdict} (${layout.reason})` };
  }
  if (!moov) return { problem: inspection.moovUnread ?? 'its moov could not be read' };
  const video = moov.tracks.find((track) => track.kind === 'video');
  if (!video?.sampleCount) return { problem: 'no video samples in the output' };
  const violations = presetViolations(moov, preset);
  if (violations.length > 0) return { problem: `does not match preset ${preset.name}: ${violations.join('; ')}` };
  const checked = [...(preset.container.faststart ? ['faststart'] : []), 'structure', `preset ${preset.name}`];
  if (expected && video.durationSec !== undefined) {
    // Also what a truncated or replaced input, or a decode that stopped early, looks like from outside.
    if (Math.abs(video.durationSec - expected.videoSec) > durationTolerance(expected)) {
      return { problem: `its video lasts ${video.durationSec.toFixed(3)} s, the input's ${expected.videoSec.toFixed(3)} s` };
    }
    const audio = moov.tracks.find((track) => track.kind === 'audio');
    if (expected.audioSec !== undefined && audio) {
      const audioSec = audio.presentedSec ?? audio.durationSec;
      const should = Math.min(expected.videoSec, expected.audioSec);
      const tolerance = audioTolerance(expected.outputFps, audio.sampleRate);
      const wrong = audioSec !== undefined && (expected.audioFromZero
        ? audioSec < should - tolerance || audioSec > expected.videoSec + tolerance
        : Math.abs(audioSec - should) > tolerance);
      if (wrong) {
        return { problem: `its audio lasts ${audioSec.toFixed(3)} s, where the input's plays ${should.toFixed(3)} s` };
      }
    }
    checked.push('duration');
  }
  return { checked };
}

/** What a player presents of each track: the edit list's duration, else the sample tables'. Pure. */
export function playedDurations(inspection: FileInspection): FileReport['outputDurations'] {
  const played = (kind: 'video' | 'audio'): number | undefined => {
    const track = inspection.moov?.tracks.find((candidate) => candidate.kind === kind);
    return track ? track.presentedSec ?? track.durationSec : undefined;
  };
  return { videoSec: played('video'), audioSec: played('audio') };
}

export interface PromoteStepOptions {
  force: boolean;
  signal?: AbortSignal | undefined;
  /** See DurationExpectation.audioFromZero. */
  audioFromZero?: boolean | undefined;
  /** The written file was flushed already (by the handle that wrote it). */
  flushed?: boolean | undefined;
}

/** `report` already holds what is known of the job; the result is the file's final report. */
export async function verifyAndPromote(
  job: ResolvedJob, encoded: { wallMs: number; cpuSec: number | undefined; outputLoudness?: LoudnessMeasure | undefined }, report: FileReport, options: PromoteStepOptions,
): Promise<FileReport> {
  const fail = (cause: Cause, reason: string): FileReport => ({ ...report, status: 'failed', cause, reason });
  const written = await inspectFile(job.writeTo);
  const videoSec = job.facts.video.durationSec;
  const audioSec = job.plan.audio ? job.facts.audio?.durationSec : undefined;
  const verified = verifyOutput(written, job.preset, videoSec ? { videoSec, inputFps: job.facts.video.fps, outputFps: job.plan.outputFps, audioSec, audioFromZero: options.audioFromZero } : undefined);
  if ('problem' in verified) return fail('verification', `output failed verification: ${verified.problem}`);
  if (options.signal?.aborted) return fail('interrupted', 'interrupted');
  try {
    const promoted = await promote(job.writeTo, job.output, { replace: options.force, flush: !options.flushed });
    if (promoted === 'exists') return { ...report, status: 'skipped', cause: 'exists', reason: 'output appeared while encoding (--force replaces it)' };
  } catch (error) {
    return fail(isNoSpaceError(error) ? 'no-space' : 'write-error', describeWriteError(error, path.dirname(job.output)));
  }
  const encodeSec = encoded.wallMs / 1000;
  const duration = contentSeconds(job.facts, job.plan);
  return {
    ...report,
    status: 'ok',
    outputBytes: written.size,
    reductionPercent: reductionPercent(job.inputBytes, written.size),
    startupBytesAfter: written.startupBytes,
    outputDurations: playedDurations(written),
    loudness: job.plan.loudness
      ? { inputLufs: job.plan.loudness.measured.inputI, outputLufs: encoded.outputLoudness?.inputI, outputTruePeakDbtp: encoded.outputLoudness?.inputTp }
      : undefined,
    encodeSec,
    cpuSec: encoded.cpuSec,
    rtf: duration ? encodeSec / duration : undefined,
    speed: duration && encodeSec > 0 ? duration / encodeSec : undefined,
    faststartVerified: written.layout.verdict === 'faststart',
    verified: verified.checked,
  };
}
