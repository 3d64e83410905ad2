// Moves one file's moov to the front: plan, write a temporary file, flush, verify, rename into place.
import { chmod, chown, open, realpath, stat, utimes } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { describeReadError, describeWriteError, isNoSpaceError } from '../errors.js';
import { openRegularFile } from '../files/open-regular.js';
import { discard, promote, tempPathFor } from '../files/temp-output.js';
import { MAX_REWRITTEN_MOOV_BYTES, inspectFile } from '../mp4/inspect-file.js';
import { copyBuffers, copyRange } from './copy-ranges.js';
import { planRelocation } from './plan-relocation.js';
import { verifyRelocation } from './verify-relocation.js';

export type RelocateOutcome =
  | { status: 'moved'; bytes: number; convertedToCo64: boolean; seconds: number; target?: string }
  | { status: 'unchanged'; reason: string }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string };

export interface RelocateOptions {
  /** fdatasync the new file before it takes its name (default true). */
  flush?: boolean;
  /** In place: replace a file that has other hard links (they keep the old version). Default false: refuse. */
  breakHardlinks?: boolean;
  /** To another file: replace one that exists (default true; false never replaces one, even one that appears meanwhile). */
  replace?: boolean;
  signal?: AbortSignal;
}

class Interrupted extends Error {}

const FLUSH_EVERY = 64 * 1024 * 1024;

/**
 * What an in-place rewrite replaces: the file a symlink leads to (the link stays a link), after
 * checking that replacing it does not silently split hard links.
 */
async function inPlaceTarget(input: string, breakHardlinks: boolean): Promise<{ target: string; info: Stats } | { reason: string }> {
  const target = await realpath(input);
  const info = await stat(target);
  if (info.nlink > 1 && !breakHardlinks) {
    return { reason: `has ${info.nlink} hard links: replacing it would leave the other names with the old version (--break-hardlinks allows it)` };
  }
  return { target, info };
}

/** Keeps what the file was: owner and group (where this user may set them), mode, and timestamps. */
async function keepAttributes(temp: string, info: Stats): Promise<void> {
  await chown(temp, info.uid, info.gid).catch((error: NodeJS.ErrnoException) => {
    // Not permitted for another user's file: the group may still be kept.
    if (error.code !== 'EPERM') throw error;
    return chown(temp, -1, info.gid).catch(() => undefined);
  });
  await chmod(temp, info.mode & 0o7777);
  await utimes(temp, info.atime, info.mtime);
}

/**
 * `output` may equal `input` (in place): the original (a symlink's target) is replaced only after the
 * new file is written, flushed (unless `flush: false`) and verified; it keeps owner, group, mode and times.
 */
export async function relocateFile(input: string, output: string, options: RelocateOptions = {}): Promise<RelocateOutcome> {
  const started = performance.now();
  const inPlace = path.resolve(input) === path.resolve(output);
  let inspection;
  try {
    inspection = await inspectFile(input, { keepMoovBytes: true, maxMoovBytes: MAX_REWRITTEN_MOOV_BYTES });
  } catch (error) {
    return { status: 'failed', reason: describeReadError(error) };
  }
  const { layout } = inspection;
  if (layout.verdict === 'faststart') return { status: 'unchanged', reason: `already ${layout.reason}` };
  if (layout.verdict !== 'moov-after-mdat') return { status: 'failed', reason: `${layout.verdict}: ${layout.reason}` };
  const payload = inspection.moovBytes;
  if (!inspection.moov || !payload) return { status: 'failed', reason: inspection.moovUnread ?? 'moov could not be read' };
  const plan = planRelocation(inspection.topLevel, payload, inspection.size, inspection.omittedBoxes);
  if (plan.kind === 'leave') return { status: 'unchanged', reason: plan.reason };
  if (plan.kind === 'refuse') return { status: 'failed', reason: plan.reason };

  let destination = output;
  let original: Stats | undefined;
  if (inPlace) {
    const found = await inPlaceTarget(input, options.breakHardlinks ?? false);
    if ('reason' in found) return { status: 'failed', reason: found.reason };
    destination = found.target;
    original = found.info;
  }
  const temp = tempPathFor(destination);
  const stopIfAsked = (): void => {
    if (options.signal?.aborted) throw new Interrupted();
  };
  // Flushing while copying: a datasync started every FLUSH_EVERY bytes runs on libuv's thread pool beside
  // the next writes, so the disk writes the file while it is being copied instead of all at the end.
  const flush = options.flush ?? true;
  let flushing: Promise<void> | undefined;
  let sinceFlush = 0;
  try {
    const from = await openRegularFile(input);
    const to = await open(temp, 'wx').catch(async (error: unknown) => {
      await from.close();
      throw error;
    });
    try {
      const buffers = copyBuffers();
      let at = 0;
      for (const piece of plan.pieces) {
        stopIfAsked();
        if (piece.kind === 'moov') {
          await to.write(plan.moov, 0, plan.moov.length, at);
          at += plan.moov.length;
        } else {
          at = await copyRange(from, to, piece, at, buffers, () => {
            stopIfAsked();
            sinceFlush += buffers.buffers[0].length;
            if (flush && sinceFlush >= FLUSH_EVERY && !flushing) {
              sinceFlush = 0;
              flushing = to.datasync().finally(() => { flushing = undefined; });
            }
          });
        }
      }
      if (at !== plan.newSize) throw new Error(`wrote ${at} bytes, planned ${plan.newSize}`);
      await to.truncate(plan.newSize); // skipped zero runs at the end become a hole of the right size
    } finally {
      await flushing?.catch(() => undefined);
      await Promise.all([from.close(), to.close()]);
    }
    stopIfAsked();
    const wrong = await verifyRelocation({ inspection, payload }, temp, plan.move);
    if (wrong) return { status: 'failed', reason: `verification failed: ${wrong}` };
    if (original) await keepAttributes(temp, original);
    else await chmod(temp, (await stat(input)).mode & 0o7777);
    stopIfAsked();
    const promoted = await promote(temp, destination, { flush: options.flush ?? true, replace: original !== undefined || (options.replace ?? true) });
    if (promoted === 'exists') return { status: 'skipped', reason: 'output appeared meanwhile (-f replaces it)' };
    return {
      status: 'moved', bytes: plan.newSize, convertedToCo64: plan.convertedToCo64, seconds: (performance.now() - started) / 1000,
      ...(destination === path.resolve(output) ? {} : { target: destination }),
    };
  } catch (error) {
    if (error instanceof Interrupted) return { status: 'failed', reason: 'interrupted' };
    const code = (error as NodeJS.ErrnoException).code;
    if (isNoSpaceError(error) || ['EACCES', 'EPERM', 'EROFS'].includes(code ?? '')) {
      return { status: 'failed', reason: describeWriteError(error, path.dirname(destination)) };
    }
    throw error;
  } finally {
    await discard(temp);
  }
}
