// What a run killed outright (kill -9, a power loss, an OOM kill) leaves beside its outputs: temporary
// files and output locks of a process that is gone. A later run removes them from each folder it writes
// into, so a backend that restarts its streamprep processes does not pile them up. Only this host's dead
// processes' files are removed: a live process's (or another host's) are left alone.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { processAlive, removeStaleLock } from './output-lock.js';
import { isOwnLockName, tempNamePid } from './temp-names.js';

/** Removes a dead process's temporary files and locks from `folder` (not its subfolders). Returns how many. */
export async function removeLeftovers(folder: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    const file = path.join(folder, name);
    const pid = tempNamePid(name);
    if (pid !== undefined) {
      if (pid === process.pid || processAlive(pid)) continue;
      await rm(file, { force: true });
      removed++;
    } else if (isOwnLockName(name) && (await removeStaleLock(file))) {
      removed++;
    }
  }
  return removed;
}
