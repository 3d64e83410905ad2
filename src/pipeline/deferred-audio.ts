// An output whose audio is made elsewhere (a conversation's one continuous encode, so the chunk's audio is
// not encoded twice): encoded without audio and held under its temporary name — its output still claimed —
// until the audio is handed over; then written with it, moov first, verified and promoted like any output.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeWriteError, getErrorMessage, isNoSpaceError } from '../errors.js';
import { discard, writeFlushed } from '../files/temp-output.js';
import type { LoudnessMeasure } from '../ffmpeg/args.js';
import { type ProgressiveAudio, withAudioTrack } from '../mp4/write/progressive.js';
import type { Failure } from '../report/causes.js';
import type { FileReport } from '../report/types.js';
import { verifyAndPromote } from './promote-step.js';
import type { ResolvedJob } from './resolved-job.js';

export interface DeferredOutput {
  /** The encode's output as written: its video alone. */
  readonly video: Uint8Array;
  /**
   * Writes the output with `audio` as its audio track (undefined: the input's audio gave no samples),
   * verifies and promotes it, and lets the output go: the file's report. Called once; a Failure fails the file.
   */
  finish(audio: ProgressiveAudio | undefined | Failure): Promise<FileReport>;
}

export interface DeferOptions {
  force: boolean;
  signal?: AbortSignal | undefined;
  /** Lets the output's claim go. */
  release: () => Promise<void>;
}

/** `report` holds what is known of the job; the temporary file `job.writeTo` is the deferred output's until finish(). */
export async function deferOutput(
  job: ResolvedJob, encoded: { wallMs: number; cpuSec: number | undefined; outputLoudness?: LoudnessMeasure | undefined }, report: FileReport, options: DeferOptions,
): Promise<DeferredOutput> {
  const video = new Uint8Array(await readFile(job.writeTo));
  let finished = false;
  return {
    video,
    async finish(audio) {
      if (finished) throw new Error('a deferred output is finished once');
      finished = true;
      let promoted = false;
      const fail = ({ cause, reason }: Failure): FileReport => ({ ...report, status: 'failed', cause, reason });
      try {
        if (audio && 'cause' in audio) return fail(audio);
        const muxed = withAudioTrack(video, audio);
        if (!muxed.ok) return fail({ cause: 'verification', reason: `output failed verification: its audio could not be added (${muxed.reason})` });
        try {
          // Flushed as it is written: promoting it then only renames it.
          await writeFlushed(job.writeTo, muxed.bytes);
        } catch (error) {
          return fail({ cause: isNoSpaceError(error) ? 'no-space' : 'write-error', reason: describeWriteError(error, path.dirname(job.output)) });
        }
        const final = await verifyAndPromote(job, encoded, report, { force: options.force, signal: options.signal, audioFromZero: true, flushed: true });
        promoted = final.status === 'ok';
        return final;
      } catch (error) {
        return fail({ cause: 'internal', reason: getErrorMessage(error) });
      } finally {
        // (Once it has its name, nothing is left under the temporary one.)
        if (!promoted) await discard(job.writeTo);
        await options.release();
      }
    },
  };
}
