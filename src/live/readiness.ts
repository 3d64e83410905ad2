// When is a chunk in a watched folder complete? Pure rules over a file's name, what its box headers say
// and how its size and mtime moved; the watcher (watch.ts) does the looking.
import path from 'node:path';
import { isOwnFileName } from '../files/temp-names.js';
import { MP4_EXTENSIONS, VIDEO_EXTENSIONS } from '../inputs/expand.js';
import { TOP_LEVEL_TYPES } from '../mp4/layout-verdict.js';
import type { TopLevelWalk } from '../mp4/top-level.js';

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
 * Whether an MP4/QuickTime file's top-level boxes describe a finished file: they account for every byte,
 * moov and mdat are there, and no box has size 0 ("to the end of the file"), which ffmpeg writes as a
 * placeholder while it is still writing mdat or moov.
 */
export function boxesComplete(walk: TopLevelWalk, size: number): boolean {
  if (walk.problem || walk.omitted.count > 0) return false;
  const last = walk.boxes.at(-1);
  if (!last || last.end !== size) return false;
  if (walk.boxes.some((box) => box.toEnd)) return false;
  return walk.boxes.some((box) => box.type === 'moov') && walk.boxes.some((box) => box.type === 'mdat');
}

export interface Look {
  size: number;
  mtimeMs: number;
  /** For files that start like MP4/QuickTime: whether the boxes describe a finished file. */
  complete?: boolean;
  /** When this look was taken (ms, monotonic). */
  at: number;
}

export type Readiness = { kind: 'ready' } | { kind: 'wait'; recheckInMs: number } | { kind: 'not-yet' };

/**
 * An MP4/QuickTime file (one whose look has `complete` set) complete when first seen was renamed in by an
 * atomic writer, or was already there: no settle time. Otherwise it is being written in place: it must
 * be complete and its size and mtime unchanged for `settleMs`. Any other file: unchanged for `settleMs`.
 */
export function judgeReadiness(looks: readonly Look[], settleMs: number): Readiness {
  const latest = looks.at(-1);
  if (!latest || latest.size === 0) return { kind: 'not-yet' };
  const mp4 = latest.complete !== undefined;
  if (mp4 && !latest.complete) return { kind: 'not-yet' };
  if (mp4 && looks.length === 1) return { kind: 'ready' };
  // Since when has the file looked like this?
  let stableSince = latest.at;
  for (let i = looks.length - 2; i >= 0; i--) {
    const look = looks[i] as Look;
    if (look.size !== latest.size || look.mtimeMs !== latest.mtimeMs || (mp4 && !look.complete)) break;
    stableSince = look.at;
  }
  const waited = latest.at - stableSince;
  return waited >= settleMs ? { kind: 'ready' } : { kind: 'wait', recheckInMs: settleMs - waited };
}
