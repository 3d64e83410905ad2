// Looking at a watched folder: its candidate files (oldest first), one look at a file, stale leftovers.
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { openByteSource } from '../mp4/byte-source.js';
import { walkTopLevel } from '../mp4/top-level.js';
import { processAlive } from '../files/output-lock.js';
import { tempNamePid } from '../files/temp-names.js';
import { type Look, boxesComplete, ignoredName, isMp4Name, startsLikeMp4 } from './readiness.js';

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

/** One look at a file: size, mtime and, for MP4/QuickTime names, whether its boxes describe a finished file. */
export async function lookAt(file: string): Promise<Look | undefined> {
  const at = performance.now();
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const look: Look = { size: info.size, mtimeMs: info.mtimeMs, at };
  if (!isMp4Name(path.basename(file)) || info.size === 0) return look;
  try {
    const source = await openByteSource(file);
    try {
      const walk = await walkTopLevel(source);
      // A file named .mp4 that is not MP4 inside (text, another format): judged by stability, then refused by optimize.
      if (startsLikeMp4(walk)) look.complete = boxesComplete(walk, source.size);
      look.size = source.size;
    } finally {
      await source.close();
    }
  } catch {
    return look; // unreadable now: judged by stability; optimize names the cause
  }
  return look;
}

/** Removes temporary files a killed run left in `folder` (their process is gone). Returns how many. */
export async function removeStaleTemporaries(folder: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    const pid = tempNamePid(name);
    if (pid === undefined || pid === process.pid || processAlive(pid)) continue;
    await rm(path.join(folder, name), { force: true });
    removed++;
  }
  return removed;
}
