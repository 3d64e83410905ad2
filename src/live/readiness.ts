// When is a chunk in a watched folder complete? Pure rules over a file's name, what its box headers say
// and how its size and mtime moved; the watcher (watch.ts) does the looking.
import path from 'node:path';
import { isOwnFileName } from '../files/temp-names.js';
import { MP4_EXTENSIONS, VIDEO_EXTENSIONS } from '../inputs/expand.js';
import { TOP_LEVEL_TYPES } from '../mp4/layout-verdict.js';
import type { TopLevelWalk } from '../mp4/top-level.js';
import type { StreamKind } from './stream-sniff.js';

/** Writers' temporary names: the file is renamed to its real name when done. */
const WRITER_TEMPORARY = /\.(part|partial|tmp|temp|crdownload|download|swp)$/i;

/** Why a name is never taken (until it is renamed), or undefined. */
export function ignoredName(name: string): string | undefined {
  if (isOwnFileName(name)) return 'a temporary file or lock of streamprep';
  if (name.startsWith('.') || name.startsWith('~')) return 'hidden, or a writer\'s temporary name';
  if (WRITER_TEMPORARY.test(name)) return 'a writer\'s temporary name';
  if (!VIDEO_EXTENSIONS.has(path.extname(name).toLowerCase())) return 'not a video file name';
  return undefined;
}

export const isMp4Name = (name: string): boolean => MP4_EXTENSIONS.has(path.extname(name).toLowerCase());

/** Whether a file's first box header looks like MP4/QuickTime (anything else is judged by stability alone). */
export const startsLikeMp4 = (walk: TopLevelWalk): boolean => TOP_LEVEL_TYPES.has(walk.boxes[0]?.type ?? '');

/**
 * What an MP4/QuickTime file's top-level boxes say of it: `complete` when they account for every byte,
 * moov and mdat are there, no box has size 0 ("to the end of the file", ffmpeg's placeholder while it
 * still writes mdat or moov), and a fragmented file ends with its mfra; `fragmented` when it is a
 * fragmented file (moov + moof) without mfra — more fragments may follow; `incomplete` otherwise.
 */
export type Mp4State = 'complete' | 'fragmented' | 'incomplete';

export function mp4State(walk: TopLevelWalk, size: number): Mp4State {
  if (walk.problem) return 'incomplete';
  const last = walk.boxes.at(-1);
  if (!last || last.end !== size || walk.boxes.some((box) => box.toEnd)) return 'incomplete';
  if (!walk.boxes.some((box) => box.type === 'moov')) return 'incomplete';
  if (walk.boxes.some((box) => box.type === 'moof')) return last.type === 'mfra' ? 'complete' : 'fragmented';
  return walk.boxes.some((box) => box.type === 'mdat') ? 'complete' : 'incomplete';
}

/** Files shorter than a box header are not judged at all: a writer has barely begun. */
export const MIN_JUDGED_BYTES = 8;

export interface Look {
  size: number;
  mtimeMs: number;
  /** Status-change time: a chmod (a file that was unreadable) changes it. */
  ctimeMs?: number;
  /** For files that start like MP4/QuickTime: what the boxes say. */
  mp4?: Mp4State;
  /**
   * For streamable containers (Matroska/WebM, MPEG-TS, Y4M): which, and whether the file has reached the
   * end its header names (only Matroska written by a writer that can seek has one).
   */
  stream?: { kind: StreamKind; complete: boolean; /** Only its header so far (no media): never judged, whatever its pace. */ headerOnly?: boolean };
  /**
   * Its bytes can be read (and encoded) as they are written: a streamable container without its end
   * marker yet, or a fragmented MP4 (moof boxes after the moov).
   */
  followable?: boolean;
  /**
   * A process holds it open for writing (Linux; undefined: not asked, or not knowable here). Asked only
   * of files judged by stillness: their writer may pause longer than any stillness rule.
   */
  writing?: boolean;
  /** When this look was taken (ms, monotonic). */
  at: number;
}

export interface ReadinessRules {
  /** How long a file written in place must stay unchanged once complete (--settle). */
  settleMs: number;
  /** A fragmented MP4 without mfra (more fragments may come): unchanged at least this long. */
  fragmentSettleMs: number;
  /** Other formats (no completeness marker): unchanged at least this long, and at least twice the longest pause seen while it grew. */
  streamSettleMs: number;
  /** The adaptive wait is capped here. */
  maxSettleMs: number;
}

export const defaultRules = (settleMs = 25): ReadinessRules => ({
  settleMs, fragmentSettleMs: Math.max(settleMs, 1500), streamSettleMs: Math.max(settleMs, 250), maxSettleMs: Math.max(settleMs, 10_000),
});

export type Readiness = { kind: 'ready' } | { kind: 'wait'; recheckInMs: number } | { kind: 'not-yet' };

const sameContent = (a: Look, b: Look): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs && a.mp4 === b.mp4 && a.stream?.complete === b.stream?.complete;

/**
 * `looks` with `look` added, at most `max` kept: a run of unchanged looks keeps its first and its latest
 * only, so that however often a still file is looked at, how long it has been still is remembered.
 */
export function keepLook<T extends Look>(looks: readonly T[], look: T, max: number): T[] {
  const [before, last] = [looks.at(-2), looks.at(-1)];
  const kept = before && last && sameContent(before, look) && sameContent(last, look) ? looks.slice(0, -1) : [...looks];
  kept.push(look);
  return kept.slice(-max);
}

/** The file says it is complete: an MP4 whose boxes account for every byte, or a Matroska file that reached the size its header names. */
export const markedComplete = (look: Look): boolean => look.mp4 === 'complete' || look.stream?.complete === true;

/** The longest time between two looks that saw the file grow or change: how slowly its writer writes. */
function longestPause(looks: readonly Look[]): number {
  let longest = 0;
  let changedAt = looks[0]?.at ?? 0;
  for (let i = 1; i < looks.length; i++) {
    const [before, look] = [looks[i - 1] as Look, looks[i] as Look];
    if (sameContent(before, look)) continue;
    longest = Math.max(longest, look.at - changedAt);
    changedAt = look.at;
  }
  return longest;
}

/**
 * - Shorter than 8 bytes (and empty), or a Matroska file holding only its header: not judged (an encoder's
 *   lookahead keeps a generator's file header-only for a second or more).
 * - MP4/QuickTime (`mp4` set): incomplete → not yet; complete when first seen → ready at once (renamed in
 *   by an atomic writer, or already there); complete after being seen incomplete → unchanged for
 *   `settleMs`; fragmented without mfra → unchanged for `fragmentSettleMs` (a writer may add fragments).
 * - Matroska that has reached the size its header names: as a complete MP4.
 * - Anything else: unchanged for max(`streamSettleMs`, 2 × the longest pause seen while it grew), at most
 *   `maxSettleMs`.
 * - Whatever is judged by stillness (not marked complete) and is still held open by its writer waits on,
 *   until it has been unchanged for `maxSettleMs` (a writer that never closes).
 */
export function judgeReadiness(looks: readonly Look[], rules: ReadinessRules | number): Readiness {
  const { settleMs, fragmentSettleMs, streamSettleMs, maxSettleMs } = typeof rules === 'number' ? defaultRules(rules) : rules;
  const latest = looks.at(-1);
  if (!latest || latest.size < MIN_JUDGED_BYTES) return { kind: 'not-yet' };
  if (latest.mp4 === 'incomplete' || latest.stream?.headerOnly) return { kind: 'not-yet' };
  const complete = markedComplete(latest);
  if (complete && looks.length === 1) return { kind: 'ready' };
  // Since when has the file looked like this?
  let stableSince = latest.at;
  for (let i = looks.length - 2; i >= 0; i--) {
    const look = looks[i] as Look;
    if (!sameContent(look, latest)) break;
    stableSince = look.at;
  }
  const needed = complete ? settleMs
    : latest.mp4 === 'fragmented' ? fragmentSettleMs
      : Math.min(maxSettleMs, Math.max(streamSettleMs, 2 * longestPause(looks)));
  const waited = latest.at - stableSince;
  if (!complete && latest.writing === true && waited < maxSettleMs) return { kind: 'wait', recheckInMs: Math.max(needed - waited, Math.min(streamSettleMs, maxSettleMs - waited)) };
  return waited >= needed ? { kind: 'ready' } : { kind: 'wait', recheckInMs: needed - waited };
}
