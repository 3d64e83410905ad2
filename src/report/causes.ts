// Why a file failed or was skipped, as a value from a fixed set. Every decision — a worker's retry,
// watch's --done-dir move, exit codes — switches on it; the one-line `reason` beside it is for people
// and may be reworded freely. Pure.

export const CAUSES = [
  /** Not a video this tool opens, corrupt, a playlist, no video stream, nothing decodable. */
  'bad-input',
  /** Protected content (CENC/FairPlay: encv, enca, sinf, schm): it would decode to noise. */
  'encrypted',
  /** A codec the ffmpeg in use has no decoder for. */
  'unsupported-codec',
  /** The input is missing, a FIFO or device, a symlink loop, or permission was denied. */
  'unreadable',
  /** The output exists (skipped; --force replaces it). */
  'exists',
  /** Two inputs would share one output, or the output would be an input or replace a file that is not a video. */
  'collision',
  /** Another run (or another call) is writing this output. */
  'locked',
  /** Stopped by a signal or an AbortSignal. */
  'interrupted',
  /** The encode outlived its time limit, or a writer on stdin fell silent for longer than allowed. */
  'timeout',
  /** No space (or quota) left where the output is written. */
  'no-space',
  /** The output could not be written for another reason (permissions, read-only, I/O). */
  'write-error',
  /** ffmpeg or ffprobe could not be started. */
  'spawn',
  /** ffmpeg failed for a reason it did not tie to the input. */
  'encode-failed',
  /** The written file is not what was asked (layout, structure, preset, duration). */
  'verification',
  /** Still being written (watch --once): not complete when the run ended. */
  'incomplete',
  /** The input changed (size, mtime, identity) while it was being encoded. */
  'changed-during-encode',
  /** A queued job that a worker refuses (bad fields, outside its roots, unknown preset). */
  'refused',
  /** A queued job that is no longer in the queue (removed, or Redis restarted without persistence). */
  'lost',
  /** Anything else: a bug. */
  'internal',
] as const;

export type Cause = (typeof CAUSES)[number];

/** A step that did not produce what it should: the cause, and one line for people. */
export interface Failure {
  cause: Cause;
  reason: string;
}

export const failure = (cause: Cause, reason: string): Failure => ({ cause, reason });

/** Causes worth another attempt: the input is fine, something around it was not. */
const TRANSIENT: ReadonlySet<Cause> = new Set<Cause>(['interrupted', 'no-space', 'write-error', 'spawn', 'locked', 'changed-during-encode']);

export const isTransient = (cause: Cause | undefined): boolean => cause !== undefined && TRANSIENT.has(cause);

export const isCause = (value: unknown): value is Cause => typeof value === 'string' && (CAUSES as readonly string[]).includes(value);
