// Temporary files: written beside the final name, flushed, then renamed into place or removed. Every
// temporary file is registered (temporaries.ts), so one mechanism removes them all when the process is
// stopped, whatever command made them.
import { link, lstat, open, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { tempNameFor } from './temp-names.js';
import { forgetTemporary, registerTemporary } from './temporaries.js';

export { forgetTemporary, registerTemporary, removeTemporariesSync } from './temporaries.js';

/** 8 random hex digits: with the pid, unique among this process's temporary files (each output is also locked). */
const randomHex8 = (): string => Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0');

/** A registered temporary name beside `output` (".clip.streamprep-1234-9f8e7d6c.tmp.mp4" for "clip.mp4"). */
export function tempPathFor(output: string): string {
  const temp = path.join(path.dirname(output), tempNameFor(path.basename(output), process.pid, randomHex8()));
  registerTemporary(temp);
  return temp;
}

export interface PromoteOptions {
  /** fdatasync before the rename (default true): after a power loss the file is whole or absent. */
  flush?: boolean;
  /** Replace an existing file at `output` (default true). Without it an existing one wins: 'exists'. */
  replace?: boolean;
}

/**
 * Gives `temp` its final name: readers see the old file or the whole new one. Without `replace`,
 * the name is taken atomically with link(2), which fails if it exists (two runs cannot both win).
 */
export async function promote(temp: string, output: string, { flush = true, replace = true }: PromoteOptions = {}): Promise<'promoted' | 'exists'> {
  if (flush) {
    const handle = await open(temp, 'r');
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
  if (replace) {
    await rename(temp, output);
  } else {
    try {
      await link(temp, output);
      await unlink(temp);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return 'exists';
      // File systems without hard links (some network and FUSE mounts): check, then rename.
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(code ?? '')) throw error;
      if (await lstat(output).then(() => true, () => false)) return 'exists';
      await rename(temp, output);
    }
  }
  forgetTemporary(temp);
  return 'promoted';
}

export async function discard(temp: string): Promise<void> {
  await rm(temp, { force: true });
  forgetTemporary(temp);
}

/** Writes `content` to `file` and (unless `flush` is false) flushes it through the handle that wrote it. */
export async function writeFlushed(file: string, content: string | Uint8Array, { flag = 'w', flush = true }: { flag?: 'w' | 'wx'; flush?: boolean } = {}): Promise<void> {
  const handle = await open(file, flag);
  try {
    await handle.writeFile(content);
    if (flush) await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a whole file or nothing: a temporary name, flushed, then a rename (reports, JUnit, JSON).
 * `flush: false` for a file made anew from another after a crash (a conversation's playlist, from its log).
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array, { flush = true }: { flush?: boolean } = {}): Promise<void> {
  const temp = tempPathFor(file);
  let promoted = false;
  try {
    await writeFlushed(temp, content, { flag: 'wx', flush });
    promoted = (await promote(temp, file, { flush: false })) === 'promoted';
  } finally {
    // (Once renamed, there is nothing left to remove.)
    if (!promoted) await discard(temp);
  }
}
