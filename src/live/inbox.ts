// Looking at a watched folder: its candidate files (oldest first), one look at a file.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { openByteSource } from '../mp4/byte-source.js';
import { walkTopLevel } from '../mp4/top-level.js';
import { heldOpenForWriting } from '../files/open-writers.js';
import { type Look, MIN_JUDGED_BYTES, ignoredName, markedComplete, mp4State, startsLikeMp4 } from './readiness.js';
import { SNIFF_BYTES, type StreamKind, type StreamSniff, headerOnly, reachedEnd, sniffStream } from './stream-sniff.js';

/** Regular files in `folder` whose names may be chunks, oldest (by mtime) first. Subfolders are not entered. */
export async function listCandidates(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const found = await Promise.all(entries
    .filter((entry) => !entry.isDirectory() && !ignoredName(entry.name))
    .map(async (entry) => {
      const file = path.join(folder, entry.name);
      const info = await stat(file).catch(() => undefined);
      return info?.isFile() ? { file, mtimeMs: info.mtimeMs } : undefined;
    }));
  return found
    .filter((item): item is { file: string; mtimeMs: number } => item !== undefined)
    .sort((a, b) => a.mtimeMs - b.mtimeMs || (a.file < b.file ? -1 : 1))
    .map((item) => item.file);
}

/** A look and the file's identity (device:inode). */
export interface IdentifiedLook extends Look {
  id: string;
}

/** Identity, size and times of the regular file at `file` (undefined: nothing, or not a regular file, is there). */
export async function statLook(file: string): Promise<IdentifiedLook | undefined> {
  const at = performance.now();
  const info = await stat(file, { bigint: true }).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  return { id: `${info.dev}:${info.ino}`, size: Number(info.size), mtimeMs: Number(info.mtimeNs / 1000n) / 1000, ctimeMs: Number(info.ctimeNs / 1000n) / 1000, at };
}

/** What a streamable container's first bytes say of a file of `size` bytes: its end reached, only its header yet. */
export function streamLook(kind: StreamKind, sniffed: StreamSniff | undefined, size: number): Pick<Look, 'stream' | 'followable'> {
  const complete = reachedEnd(sniffed, size);
  return { stream: { kind, complete, ...(headerOnly(sniffed, size) ? { headerOnly: true } : {}) }, followable: !complete };
}

/**
 * One look at a file: identity, size, times and, for files that start like MP4/QuickTime (whatever
 * their name), what their boxes say; for streamable containers, which and whether they reached their end.
 */
export async function lookAt(file: string): Promise<IdentifiedLook | undefined> {
  const look = await statLook(file);
  if (!look || look.size < MIN_JUDGED_BYTES) return look;
  try {
    const source = await openByteSource(file);
    try {
      const walk = await walkTopLevel(source);
      if (startsLikeMp4(walk)) {
        look.mp4 = mp4State(walk, source.size);
        look.followable = look.mp4 !== 'complete' && walk.boxes.some((box) => box.type === 'moof');
      } else {
        // A streamable container (judged by its end marker or by stability), or anything else (text,
        // another format): judged by stability, then refused by optimize.
        const sniffed = sniffStream(await source.read(0, SNIFF_BYTES));
        if (sniffed) Object.assign(look, streamLook(sniffed.kind, sniffed, source.size));
      }
      look.size = source.size;
    } finally {
      await source.close();
    }
  } catch {
    return look; // unreadable now: judged by stability; optimize names the cause
  }
  return look;
}

/** Whether a look would be judged by stillness alone: no end marker says it is complete, and nothing says it is not. */
const judgedByStillness = (look: Look): boolean => look.size >= MIN_JUDGED_BYTES && !markedComplete(look) && look.mp4 !== 'incomplete' && !look.stream?.headerOnly;

/**
 * Adds whether a process still writes it, to a look judged by stillness (readiness.ts waits for such a
 * writer). A file that changed while the question was asked (a writer that wrote its last bytes and
 * closed meanwhile) counts as written to: its look is already stale.
 */
export async function askWriter(file: string, look: IdentifiedLook): Promise<IdentifiedLook> {
  if (!judgedByStillness(look)) return look;
  const writing = await heldOpenForWriting(look.id);
  if (writing === undefined) return look;
  if (writing) return { ...look, writing };
  const after = await statLook(file);
  const same = after !== undefined && after.id === look.id && after.size === look.size && after.mtimeMs === look.mtimeMs;
  return { ...look, writing: !same };
}
