// One writer per output: a run takes a lock file beside an output (created exclusively) before it encodes
// it, so two runs into one folder never encode the same file twice. A lock whose process is gone (on this
// host) is stale and taken over.
import { hostname } from 'node:os';
import { open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { forgetTemporary, registerTemporary } from './temporaries.js';
import { lockNameFor } from './temp-names.js';

export type Claim = { ok: true; release: () => Promise<void> } | { ok: false; holder: string };

/** A lock on another host cannot be probed; after this long it is taken as stale. */
const FOREIGN_LOCK_MS = 24 * 3600 * 1000;

export const lockPathFor = (output: string): string => path.join(path.dirname(output), lockNameFor(path.basename(output)));

/** What this process writes in the locks it takes. */
export const ownLockText = (): string => `${process.pid}@${hostname()}`;

/** Whether a process of this host still runs (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Who holds a lock (`text` is what it says), or undefined when the lock is stale. */
async function liveHolder(lock: string, text: string): Promise<string | undefined> {
  const match = /^(\d+)@(.*)$/.exec(text.trim());
  if (!match) return `an unreadable lock ${path.basename(lock)}`;
  const [, pid, host] = match;
  if (host === hostname()) return processAlive(Number(pid)) && Number(pid) !== process.pid ? `process ${pid}` : undefined;
  const age = Date.now() - ((await stat(lock).catch(() => undefined))?.mtimeMs ?? 0);
  return age < FOREIGN_LOCK_MS ? `process ${pid} on ${host}` : undefined;
}

/** Removes `lock` only if it still says `text` (another run may be taking the output over meanwhile). */
async function removeIfUnchanged(lock: string, text: string): Promise<boolean> {
  if ((await readFile(lock, 'utf8').catch(() => undefined)) !== text) return false;
  await rm(lock, { force: true });
  return true;
}

/**
 * Removes `lock` when its process is gone (a run killed outright). A lock naming this process is left:
 * it is one this process took meanwhile (claimOutput alone takes such a lock over). Whether it removed it.
 */
export async function removeStaleLock(lock: string): Promise<boolean> {
  const text = await readFile(lock, 'utf8').catch(() => undefined);
  if (text === undefined || text.trim() === ownLockText() || (await liveHolder(lock, text)) !== undefined) return false;
  return removeIfUnchanged(lock, text);
}

/** Who holds `output`'s lock now, or undefined when nobody does (no lock, or a stale one). */
export async function outputLockHolder(output: string): Promise<string | undefined> {
  const lock = lockPathFor(output);
  const text = await readFile(lock, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : liveHolder(lock, text);
}

export async function claimOutput(output: string): Promise<Claim> {
  const lock = lockPathFor(output);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(lock, 'wx');
      registerTemporary(lock);
      try {
        await handle.writeFile(`${ownLockText()}\n`);
      } finally {
        await handle.close();
      }
      return {
        ok: true,
        release: async () => {
          await rm(lock, { force: true });
          forgetTemporary(lock);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const text = await readFile(lock, 'utf8').catch(() => undefined);
      if (text === undefined) continue; // released meanwhile
      const holder = await liveHolder(lock, text);
      if (holder) return { ok: false, holder };
      // Stale: removed only if it is still the same stale lock (another run may be taking it over too).
      await removeIfUnchanged(lock, text);
    }
  }
  return { ok: false, holder: 'another run (the lock kept coming back)' };
}
