import { describe, expect, it } from 'vitest';
import { planRelocation } from '../../src/faststart/plan-relocation.js';
import { bufferByteSource } from '../../src/mp4/byte-source.js';
import { inspectSource } from '../../src/mp4/inspect-file.js';
import { judgeLayout } from '../../src/mp4/layout-verdict.js';
import { MAX_LISTED_BOXES, walkTopLevel } from '../../src/mp4/top-level.js';
import { box, concat } from '../helpers/boxes.js';

const frees = (count: number): Uint8Array => {
  const one = box('free');
  const out = new Uint8Array(one.length * count);
  for (let i = 0; i < count; i++) out.set(one, i * one.length);
  return out;
};

describe('walkTopLevel on a file of very many boxes', () => {
  it('lists a bounded number, counts the rest, and still judges the layout', async () => {
    // 200,000 tiny boxes, then mdat, then moov: the verdict depends on boxes far past the listed ones.
    const file = concat(box('ftyp', 8), frees(200_000), box('mdat', 16), box('moov', 8), frees(10));
    const walk = await walkTopLevel(bufferByteSource(file));
    expect(walk.boxes.length).toBeLessThanOrEqual(MAX_LISTED_BOXES + 4);
    expect(walk.boxes.length + walk.omitted.count).toBe(200_000 + 13);
    expect(walk.omitted.bytes).toBe(8 * (walk.omitted.count));
    expect(judgeLayout(walk, file.length).verdict).toBe('moov-after-mdat');
  });

  it('keeps the verdict right for moov first with the media far behind', async () => {
    const file = concat(box('ftyp', 8), box('moov', 8), frees(5000), box('mdat', 16));
    const inspection = await inspectSource(bufferByteSource(file), { readMoov: false });
    expect(inspection.layout.verdict).toBe('faststart');
    expect(inspection.omittedBoxes.count).toBeGreaterThan(0);
    expect(inspection.topLevel.at(-1)?.type).toBe('mdat');
  });

  it('faststart refuses to rewrite a file it could not list whole', async () => {
    const file = concat(box('ftyp', 8), frees(5000), box('mdat', 16), box('moov', 8));
    const inspection = await inspectSource(bufferByteSource(file), { readMoov: false });
    const plan = planRelocation(inspection.topLevel, new Uint8Array(0), file.length, inspection.omittedBoxes);
    expect(plan).toMatchObject({ kind: 'refuse', reason: expect.stringMatching(/too many to rewrite/) });
  });
});
