// Confirms a relocated file: faststart, the same tracks with the same sample counts and sizes, and
// every chunk offset exactly where the plan moved it.
import { type FileInspection, inspectFile } from '../mp4/inspect-file.js';
import { collectOffsets, sampleTables } from './rewrite-moov.js';

/** Why the relocated file differs from what was planned, or undefined when it is right. */
export async function verifyRelocation(
  original: { inspection: FileInspection; payload: Uint8Array },
  written: string,
  move: (offset: number) => number,
): Promise<string | undefined> {
  const inspection = await inspectFile(written, { keepMoovBytes: true });
  if (inspection.layout.verdict !== 'faststart') return `result is ${inspection.layout.verdict}: ${inspection.layout.reason}`;
  const before = original.inspection.moov?.tracks ?? [];
  const after = inspection.moov?.tracks ?? [];
  if (before.length !== after.length) return `track count changed from ${before.length} to ${after.length}`;
  for (const [i, track] of before.entries()) {
    const other = after[i];
    if (!other || other.codec !== track.codec || other.sampleCount !== track.sampleCount) return `track ${track.id ?? i + 1} changed`;
  }
  const payload = inspection.moovBytes;
  if (!payload) return 'the new moov could not be read';
  const oldSamples = sampleTables(original.payload);
  const newSamples = sampleTables(payload);
  const same = (a: Uint8Array, b: Uint8Array | undefined): boolean => b !== undefined && Buffer.compare(a, b) === 0;
  if (oldSamples.length !== newSamples.length
    || oldSamples.some((table, i) => table.type !== newSamples[i]?.type || !same(table.payload, newSamples[i]?.payload))) {
    return 'sample tables (descriptions, durations, sizes) changed';
  }
  const oldTables = collectOffsets(original.payload).tables;
  const newTables = collectOffsets(payload).tables;
  if (oldTables.length !== newTables.length) return 'chunk offset tables changed in number';
  for (const [t, table] of oldTables.entries()) {
    const moved = newTables[t];
    if (!moved || moved.count !== table.count) return `chunk offset table ${t + 1} changed in length`;
    for (let i = 0; i < table.count; i++) {
      if (move(table.at(i)) !== moved.at(i)) return `chunk offset ${i + 1} of table ${t + 1} is not where it was moved`;
    }
  }
  return undefined;
}
