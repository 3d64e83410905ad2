// Temporary output files: written next to the final name, flushed, then renamed into place or removed.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { TEMP_MARK } from '../inputs/expand.js';

/** ".clip.streamprep-1234-9f8e7d.tmp.mp4" beside "clip.mp4": hidden, and never taken as an input. */
export function tempPathFor(output: string): string {
  const { dir, name } = path.parse(output);
  return path.join(dir, `.${name}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}.tmp.mp4`);
}

/**
 * fdatasync, then rename over the final name: readers see the old file or the whole new one, even
 * after a power loss. `flush: false` skips the fdatasync (the rename is still atomic for readers).
 */
export async function promote(temp: string, output: string, { flush = true }: { flush?: boolean } = {}): Promise<void> {
  if (flush) {
    const handle = await open(temp, 'r');
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
  await rename(temp, output);
}

export const discard = (temp: string): Promise<void> => rm(temp, { force: true });
