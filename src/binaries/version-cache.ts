// What `ffmpeg -version` said, remembered across runs: a distribution's ffmpeg loads dozens of shared
// libraries and takes ~90 ms to say its version, which every cold `streamprep optimize` paid once per
// candidate. An entry holds for one binary file as it is (device, inode, size, mtime, ctime) and for a
// day at most (its shared libraries may be upgraded under it); `doctor` always asks afresh. The cache is
// a convenience: a folder that cannot be read or written means asking each time, never an error.
//
// Where: $STREAMPREP_CACHE_DIR, else $XDG_CACHE_HOME/streamprep, else ~/.cache/streamprep.
// STREAMPREP_NO_CACHE=1 turns it off.
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const FILE = 'binaries.json';
const MAX_AGE_MS = 24 * 3600 * 1000;
const MAX_ENTRIES = 32;

interface Entry {
  identity: string;
  savedAt: number;
  output: string;
}

export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.STREAMPREP_NO_CACHE && env.STREAMPREP_NO_CACHE !== '0') return undefined;
  if (env.STREAMPREP_CACHE_DIR) return env.STREAMPREP_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'streamprep');
  const home = os.homedir();
  return home ? path.join(home, '.cache', 'streamprep') : undefined;
}

/** The file as it is now, as one string: any change to it (a new build copied over, touched, replaced) changes this. */
async function identityOf(binary: string): Promise<string | undefined> {
  const info = await stat(binary, { bigint: true }).catch(() => undefined);
  return info ? `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}` : undefined;
}

async function readAll(folder: string): Promise<Record<string, Entry>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(folder, FILE), 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, Entry> : {};
  } catch {
    return {};
  }
}

/**
 * Each folder's file is read once per process, and written in turn: the candidates are asked in
 * parallel, and each write carries every entry this process knows, so none overwrites another's.
 */
const folders = new Map<string, { entries: Promise<Record<string, Entry>>; writing: Promise<void> }>();

function cacheIn(folder: string): { entries: Promise<Record<string, Entry>>; writing: Promise<void> } {
  let known = folders.get(folder);
  if (!known) {
    known = { entries: readAll(folder), writing: Promise.resolve() };
    folders.set(folder, known);
  }
  return known;
}

async function writeAll(folder: string, entries: Record<string, Entry>, now: number): Promise<void> {
  try {
    const kept = Object.entries(entries)
      .filter(([, value]) => now - value.savedAt < MAX_AGE_MS)
      .sort(([, a], [, b]) => b.savedAt - a.savedAt)
      .slice(0, MAX_ENTRIES);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    // Written whole under a name of this process's, then renamed: a reader never sees half a file.
    const temp = path.join(folder, `.${FILE}.${process.pid}.tmp`);
    await writeFile(temp, JSON.stringify(Object.fromEntries(kept)), { mode: 0o600 });
    await rename(temp, path.join(folder, FILE));
  } catch {
    // Not kept: the next run asks again.
  }
}

/**
 * `run()`'s output for `binary`, from the cache when it holds for the file as it is now; else `run()` is
 * called and what it returns is kept (unless `keep` says it is not worth keeping: a failed run).
 */
export async function cachedOutput(binary: string, run: () => Promise<{ output: string; keep: boolean }>, env: NodeJS.ProcessEnv = process.env, now = Date.now()): Promise<string> {
  const folder = cacheFolder(env);
  const identity = folder ? await identityOf(binary) : undefined;
  if (!folder || !identity) return (await run()).output;
  const cache = cacheIn(folder);
  const entries = await cache.entries;
  const entry = entries[binary];
  if (entry && entry.identity === identity && now - entry.savedAt < MAX_AGE_MS && now >= entry.savedAt && typeof entry.output === 'string') return entry.output;
  const { output, keep } = await run();
  if (!keep) return output;
  entries[binary] = { identity, savedAt: now, output };
  cache.writing = cache.writing.then(() => writeAll(folder, entries, now));
  await cache.writing;
  return output;
}
