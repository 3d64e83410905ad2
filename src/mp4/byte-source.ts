// File access for the box reader: positioned reads through one file handle, never the whole file.
import { open } from 'node:fs/promises';

export interface ByteSource {
  size: number;
  /** Up to `length` bytes at `position` (fewer at the end of the file). */
  read(position: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export async function openByteSource(file: string): Promise<ByteSource> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    return {
      size,
      async read(position, length) {
        const want = Math.max(0, Math.min(length, size - position));
        const buffer = Buffer.alloc(want);
        let filled = 0;
        while (filled < want) {
          const { bytesRead } = await handle.read(buffer, filled, want - filled, position + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return buffer.subarray(0, filled);
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The same interface over bytes in memory, for tests and small buffers. */
export function bufferByteSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (position, length) => bytes.subarray(position, Math.min(bytes.length, position + length)),
    close: async () => {},
  };
}
