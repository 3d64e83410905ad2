// The files around a conversation's chunk: its input's hash (how a restart recognises it), and an output
// another streamprep run is writing (waited for, as if this run made it).
import { createHash } from 'node:crypto';
import { lstat, open } from 'node:fs/promises';
import { outputLockHolder } from '../files/output-lock.js';

/** Waits while another run holds `output`'s lock; then whether the output is there (verified before it took its name). */
export async function outputOfOtherRun(output: string, signal: AbortSignal | undefined): Promise<boolean> {
  for (let waited = 0; waited < 36_000 && !signal?.aborted && (await outputLockHolder(output)) !== undefined; waited++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return lstat(output).then((info) => info.isFile(), () => false);
}

/** Read buffers not in use: a hash borrows one (hashes may overlap) and gives it back. */
const spareBuffers: Buffer[] = [];

/** The file's SHA-256, read through a reused buffer (no allocation per read or per file); undefined when it cannot be read. */
export async function sha256File(file: string): Promise<string | undefined> {
  const hash = createHash('sha256');
  const buffer = spareBuffers.pop() ?? Buffer.allocUnsafe(256 * 1024);
  try {
    const handle = await open(file, 'r');
    try {
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
    return hash.digest('hex');
  } catch {
    return undefined;
  } finally {
    if (spareBuffers.length < 4) spareBuffers.push(buffer);
  }
}

