// File access for the box reader: positioned reads through one file descriptor, never the whole file.
// Reads are synchronous underneath (a header is 32 bytes; thousands of files are checked in a row, and
// the thread-pool round trip of async fs would cost more than the read) behind a promise interface.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { NotRegularFileError, describeFileType } from '../files/open-regular.js';

/** The same reads, synchronous: for walks over thousands of files in a row (no promise per read). */
export interface SyncByteSource {
  size: number;
  /** Up to `length` bytes at `position` (fewer at the end of the file), valid until the next read. */
  readSync(position: number, length: number): Uint8Array;
  ownsReads(length: number): boolean;
  closeSync(): void;
}

export interface ByteSource {
  size: number;
  /** Up to `length` bytes at `position` (fewer at the end of the file), valid until the next read. */
  read(position: number, length: number): Promise<Uint8Array>;
  /** Whether a read of `length` bytes returns a fresh buffer that stays valid (so the caller need not copy it). */
  ownsReads?(length: number): boolean;
  close(): Promise<void>;
}

/**
 * Reads come from one block of this size, refilled on a miss: a top-level walk of a faststart file
 * (ftyp, moov, free, mdat headers) is then one system call instead of one per box.
 */
const BLOCK = 16 * 1024;

/** Blocks of closed sources, reused by the next ones (sources open at once each hold their own). */
const spareBlocks: Buffer[] = [];
const MAX_SPARE_BLOCKS = 8;

/**
 * O_NONBLOCK: opening a FIFO (or a device) named like a video must not wait for a writer; it is then
 * refused by the fstat below. For regular files the flag changes nothing.
 */
export const OPEN_FOR_READING = constants.O_RDONLY | constants.O_NONBLOCK;

/** A file's bytes through one descriptor (refused unless it is a regular file). Throws as openSync does. */
export function openByteSourceSync(file: string): SyncByteSource {
  const fd = openSync(file, OPEN_FOR_READING);
  let size: number;
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new NotRegularFileError(describeFileType(info));
    size = info.size;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  const readAt = (position: number, want: number, into: Buffer = Buffer.allocUnsafe(want)): Buffer => {
    const buffer = into;
    let filled = 0;
    while (filled < want) {
      const bytesRead = readSync(fd, buffer, filled, want - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  };
  let block: Uint8Array = new Uint8Array(0);
  let blockStart = 0;
  let blockBuffer: Buffer | undefined;
  return {
    size,
    readSync(position, length) {
      const want = Math.max(0, Math.min(length, size - position));
      if (want > BLOCK) return readAt(position, want);
      if (position < blockStart || position + want > blockStart + block.length) {
        blockBuffer ??= spareBlocks.pop() ?? Buffer.allocUnsafeSlow(BLOCK);
        block = readAt(position, Math.min(BLOCK, size - position), blockBuffer);
        blockStart = position;
      }
      return block.subarray(position - blockStart, position - blockStart + want);
    },
    ownsReads: (length) => length > BLOCK,
    closeSync: () => {
      closeSync(fd);
      // The block goes back for the next file: checking thousands of files allocates a handful of blocks.
      if (blockBuffer && spareBlocks.length < MAX_SPARE_BLOCKS) spareBlocks.push(blockBuffer);
      blockBuffer = undefined;
      block = new Uint8Array(0);
    },
  };
}

export async function openByteSource(file: string): Promise<ByteSource> {
  const source = openByteSourceSync(file);
  return {
    size: source.size,
    read: async (position, length) => source.readSync(position, length),
    ownsReads: source.ownsReads,
    close: async () => source.closeSync(),
  };
}

/** The same interface over bytes in memory, for tests and small buffers. */
export function bufferByteSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (position, length) => bytes.subarray(position, Math.min(bytes.length, position + length)),
    close: async () => {},
  };
}
