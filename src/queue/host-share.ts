// Workers started with default flags on one machine share its cores instead of each taking all of
// them: each one announces itself in a folder of this machine's (one empty file per worker, named by
// its process id) and counts the live ones when it plans. Its share is cores ÷ workers (at least one):
// as many jobs at once, and the thread plan shares out that many cores — what `-j` and `--threads`
// would be set to by hand. Workers of other users (another folder) and of other machines are not counted.
import { lstat, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from '../files/output-lock.js';

/** One worker's cores when `workers` share `cores` (pure). */
export const shareOf = (cores: number, workers: number): number => Math.max(1, Math.floor(cores / Math.max(1, workers)));

export interface HostShare {
  /** This worker's cores now (the live workers are counted at most once a second). */
  cores(): number;
  /** Counts the live workers again (a worker that started or stopped). */
  refresh(): Promise<number>;
  /** Leaves the machine's list. */
  leave(): Promise<void>;
}

export const defaultShareFolder = (): string =>
  path.join(os.tmpdir(), `streamprep-workers-${typeof process.getuid === 'function' ? process.getuid() : 'user'}`);

export async function joinHost(options: { folder?: string; cores?: number } = {}): Promise<HostShare> {
  const folder = options.folder ?? defaultShareFolder();
  const cores = options.cores ?? os.availableParallelism();
  const mine = path.join(folder, String(process.pid));
  await mkdir(folder, { recursive: true, mode: 0o700 });
  // A folder someone else made (or a link put there in its place) is not trusted to count workers.
  const info = await lstat(folder);
  if (!info.isDirectory() || (typeof process.getuid === 'function' && info.uid !== process.getuid())) {
    throw new Error(`${folder} is not a folder of this user's: workers on this machine are not counted`);
  }
  await writeFile(mine, '');
  let workers = 1;
  const refresh = async (): Promise<number> => {
    const names = await readdir(folder).catch(() => [] as string[]);
    let live = 0;
    for (const name of names) {
      const pid = Number(name);
      if (!Number.isInteger(pid)) continue;
      if (pid === process.pid || processAlive(pid)) live++;
      else await rm(path.join(folder, name), { force: true }); // a killed worker's entry
    }
    workers = Math.max(1, live);
    return workers;
  };
  await refresh();
  return {
    cores: () => shareOf(cores, workers),
    refresh,
    leave: () => rm(mine, { force: true }),
  };
}
