// Streams byte ranges of one file into another with large buffers. Runs of zeros are skipped rather
// than written, so a sparse input stays sparse (the final size is set at the end).
import type { FileHandle } from 'node:fs/promises';

const CHUNK = 8 * 1024 * 1024;

export interface Range {
  start: number;
  end: number;
}

/** Copies `range` of `from` to `to` at `at`; returns the position after it. */
export async function copyRange(from: FileHandle, to: FileHandle, range: Range, at: number, buffer: Buffer, zeros: Buffer): Promise<number> {
  let position = range.start;
  let out = at;
  while (position < range.end) {
    const want = Math.min(buffer.length, range.end - position);
    const { bytesRead } = await from.read(buffer, 0, want, position);
    if (bytesRead === 0) throw new Error(`the file ended at ${position}, before ${range.end}: it changed while being read`);
    const chunk = buffer.subarray(0, bytesRead);
    if (!chunk.equals(zeros.subarray(0, bytesRead))) {
      let written = 0;
      while (written < bytesRead) {
        const result = await to.write(chunk, written, bytesRead - written, out + written);
        written += result.bytesWritten;
      }
    }
    position += bytesRead;
    out += bytesRead;
  }
  return out;
}

export const copyBuffers = (): { buffer: Buffer; zeros: Buffer } => ({ buffer: Buffer.allocUnsafe(CHUNK), zeros: Buffer.alloc(CHUNK) });
