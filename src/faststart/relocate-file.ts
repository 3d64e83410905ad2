// Moves one file's moov to the front: plan, write a temporary file, flush, verify, rename into place.
import { chmod, open, stat } from 'node:fs/promises';
import { discard, promote, tempPathFor } from '../files/temp-output.js';
import { inspectFile } from '../mp4/inspect-file.js';
import { copyBuffers, copyRange } from './copy-ranges.js';
import { planRelocation } from './plan-relocation.js';
import { verifyRelocation } from './verify-relocation.js';

export type RelocateOutcome =
  | { status: 'moved'; bytes: number; convertedToCo64: boolean; seconds: number }
  | { status: 'unchanged'; reason: string }
  | { status: 'failed'; reason: string };

/**
 * `output` may equal `input` (in place): the original is replaced only after the new file is written,
 * flushed (unless `flush: false`) and verified.
 */
export async function relocateFile(input: string, output: string, { flush = true }: { flush?: boolean } = {}): Promise<RelocateOutcome> {
  const started = performance.now();
  const inspection = await inspectFile(input, { keepMoovBytes: true });
  const { layout } = inspection;
  if (layout.verdict === 'faststart') return { status: 'unchanged', reason: `already ${layout.reason}` };
  if (layout.verdict !== 'moov-after-mdat') return { status: 'failed', reason: `${layout.verdict}: ${layout.reason}` };
  const payload = inspection.moovBytes;
  if (!inspection.moov || !payload) return { status: 'failed', reason: inspection.moovUnread ?? 'moov could not be read' };
  const plan = planRelocation(inspection.topLevel, payload, inspection.size);
  if (plan.kind === 'leave') return { status: 'unchanged', reason: plan.reason };
  if (plan.kind === 'refuse') return { status: 'failed', reason: plan.reason };

  const temp = tempPathFor(output);
  try {
    const from = await open(input, 'r');
    const to = await open(temp, 'wx');
    try {
      const buffers = copyBuffers();
      let at = 0;
      for (const piece of plan.pieces) {
        if (piece.kind === 'moov') {
          await to.write(plan.moov, 0, plan.moov.length, at);
          at += plan.moov.length;
        } else {
          at = await copyRange(from, to, piece, at, buffers);
        }
      }
      if (at !== plan.newSize) throw new Error(`wrote ${at} bytes, planned ${plan.newSize}`);
      await to.truncate(plan.newSize); // skipped zero runs at the end become a hole of the right size
    } finally {
      await Promise.all([from.close(), to.close()]);
    }
    const wrong = await verifyRelocation({ inspection, payload }, temp, plan.move);
    if (wrong) return { status: 'failed', reason: `verification failed: ${wrong}` };
    await chmod(temp, (await stat(input)).mode & 0o7777);
    await promote(temp, output, { flush });
    return { status: 'moved', bytes: plan.newSize, convertedToCo64: plan.convertedToCo64, seconds: (performance.now() - started) / 1000 };
  } finally {
    await discard(temp);
  }
}
