// The one way serve reaches a file: the request's path under a root, its real path (symlinks followed)
// still inside the root and hidden nowhere, opened only if it is a regular file — without blocking, so a
// FIFO, socket or device in the folder is a 404, not a request (or a thread) that waits forever.
import type { FileHandle } from 'node:fs/promises';
import { realpath } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { isInside } from '../files/identity.js';
import { openRegularFile } from '../files/open-regular.js';
import { isHidden } from './request-target.js';

export interface OpenedFile {
  handle: FileHandle;
  stats: Stats;
  /** The real path. */
  real: string;
  /** The real path relative to the root, '/'-separated with a leading '/': one key per file however it is spelt. */
  key: string;
}

/** Where `segments` lead under `root` (already real), or undefined when that is outside it, hidden or missing. */
export async function resolveUnder(root: string, segments: readonly string[]): Promise<{ real: string; key: string } | undefined> {
  const real = await realpath(path.join(root, ...segments)).catch(() => undefined);
  if (!real || !isInside(real, root)) return undefined;
  const relative = path.relative(root, real).split(path.sep);
  if (relative.some(isHidden)) return undefined;
  return { real, key: `/${relative.join('/')}` };
}

/** The file `segments` name under `root`, open for reading, or undefined (404) when serve would not deliver it. */
export async function openUnder(root: string, segments: readonly string[]): Promise<OpenedFile | undefined> {
  const found = await resolveUnder(root, segments);
  if (!found) return undefined;
  const handle = await openRegularFile(found.real).catch(() => undefined);
  if (!handle) return undefined;
  try {
    return { handle, stats: await handle.stat(), ...found };
  } catch {
    await handle.close().catch(() => undefined);
    return undefined;
  }
}

/** Whether serve would deliver `file` (for listings: the index shows only what a request could fetch). */
export async function deliverable(root: string, file: string): Promise<boolean> {
  const relative = path.relative(root, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
  const opened = await openUnder(root, relative.split(path.sep));
  await opened?.handle.close().catch(() => undefined);
  return opened !== undefined;
}
