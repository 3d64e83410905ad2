// The files around a conversation's chunk: its input's hash (how a restart recognises it), and an output
// another streamprep run is writing (waited for, as if this run made it).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { outputLockHolder } from '../files/output-lock.js';

/** Waits while another run holds `output`'s lock; then whether the output is there (verified before it took its name). */
export async function outputOfOtherRun(output: string, signal: AbortSignal | undefined): Promise<boolean> {
  for (let waited = 0; waited < 36_000 && !signal?.aborted && (await outputLockHolder(output)) !== undefined; waited++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return lstat(output).then((info) => info.isFile(), () => false);
}

export async function sha256File(file: string): Promise<string | undefined> {
  const hash = createHash('sha256');
  try {
    for await (const piece of createReadStream(file)) hash.update(piece as Buffer);
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

