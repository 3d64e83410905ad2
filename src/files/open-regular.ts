// Opens a file for reading only if it is a regular file: a FIFO, socket or device named like a video
// or a preset is refused at once instead of blocking the process (or reading forever).
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

export class NotRegularFileError extends Error {
  readonly code = 'ENOTFILE';
  constructor(what: string) {
    super(`not a regular file (${what})`);
  }
}

export function describeFileType(info: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a plain file';
}

/** O_NONBLOCK so that opening a FIFO does not wait for a writer; reads of regular files are unaffected. */
export async function openRegularFile(file: string): Promise<FileHandle> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new NotRegularFileError(describeFileType(info));
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
