// Checks, before any work, that a report file (--report, --junit, --json) can be written and would
// replace nothing but an older report: its folder exists, it is no input or output, and an existing
// file there is text.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { FileIdentities } from './identity.js';
import { openRegularFile } from './open-regular.js';

const SAMPLE = 4096;

/** Whether bytes read from a file's start are text (UTF-8 without control characters but tab and newlines). Pure. */
export function looksLikeText(head: Uint8Array): boolean {
  for (let cut = 0; cut <= 3 && cut <= head.length; cut++) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
    } catch {
      // The sample may end inside a character: try without its last bytes.
    }
  }
  return false;
}

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await openRegularFile(file);
  try {
    const buffer = Buffer.alloc(SAMPLE);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Throws a UsageError (exit 2) when writing `file` would be wrong; `label` is how the user named it
 * ("--report out/r.json").
 */
export async function checkReportTarget(file: string, known: FileIdentities | undefined, label: string): Promise<void> {
  const absolute = path.resolve(file);
  const folder = path.dirname(absolute);
  const owner = await known?.find(absolute);
  if (owner) throw new UsageError(`${label}: would overwrite ${owner}; choose another name`);
  const folderInfo = await stat(folder).catch(() => undefined);
  if (!folderInfo) throw new UsageError(`${label}: the folder ${folder} does not exist (create it first)`);
  if (!folderInfo.isDirectory()) throw new UsageError(`${label}: ${folder} is not a folder`);
  const info = await stat(absolute).catch(() => undefined);
  if (!info) return;
  if (info.isDirectory()) throw new UsageError(`${label}: is a folder`);
  if (!info.isFile()) throw new UsageError(`${label}: is not a regular file`);
  if (info.size > 0 && !looksLikeText(await readHead(absolute))) {
    throw new UsageError(`${label}: exists and is not a text file (a report never replaces a video or other data); choose another name`);
  }
}
