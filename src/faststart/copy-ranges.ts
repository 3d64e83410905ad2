// Streams byte ranges of one file into another with large buffers, reading the next block while the
// last one is written. Blocks of zeros are skipped rather than written, so a sparse input stays sparse
// (the caller sets the final size).
import type { FileHandle } from 'node:fs/promises';

const BLOCK = 4 * 1024 * 1024;

export interface Range {
  start: number;
  end: number;
}

export interface CopyBuffers {
  buffers: [Buffer, Buffer];
  zeros: Buffer;
}

export const copyBuffers = (): CopyBuffers => ({
  buffers: [Buffer.allocUnsafe(BLOCK), Buffer.allocUnsafe(BLOCK)],
  zeros: Buffer.alloc(BLOCK),
});

async function readBlock(from: FileHandle, buffer: Buffer, position: number, end: number): Promise<Buffer> {
  const want = Math.min(buffer.length, end - position);
  const { bytesRead } = await from.read(buffer, 0, want, position);
  if (bytesRead === 0) throw new Error(`the file ended at ${position}, before ${end}: it changed while being read`);
  return buffer.subarray(0, bytesRead);
}

async function writeBlock(to: FileHandle, chunk: Buffer, at: number, zeros: Buffer): Promise<void> {
  if (chunk.equals(zeros.subarray(0, chunk.length))) return;
  let written = 0;
  while (written < chunk.length) {
    const result = await to.write(chunk, written, chunk.length - written, at + written);
    written += result.bytesWritten;
  }
}

/** Copies `range` of `from` to `to` at `at`; returns the position after it. `checkpoint` runs between blocks (it may throw to stop). */
export async function copyRange(
  from: FileHandle, to: FileHandle, range: Range, at: number, { buffers, zeros }: CopyBuffers, checkpoint?: () => void,
): Promise<number> {
  let position = range.start;
  let out = at;
  let turn = 0;
  let pending = position < range.end ? readBlock(from, buffers[0], position, range.end) : undefined;
  while (pending) {
    const chunk = await pending;
    checkpoint?.();
    position += chunk.length;
    turn ^= 1;
    // Start reading the next block into the other buffer before writing this one.
    pending = position < range.end ? readBlock(from, buffers[turn] as Buffer, position, range.end) : undefined;
    await writeBlock(to, chunk, out, zeros);
    out += chunk.length;
  }
  return out;
}
