// The moov reader on real bytes, then on those bytes mutated and cut at random: never throws,
// always returns, and reads nothing beyond what it was given.
import { readFile } from 'node:fs/promises';
import { open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bufferByteSource } from '../../src/mp4/byte-source.js';
import { inspectFile } from '../../src/mp4/inspect-file.js';
import { judgeLayout } from '../../src/mp4/layout-verdict.js';
import { MAX_MOOV_BOXES, parseMoov } from '../../src/mp4/moov.js';
import { walkTopLevel } from '../../src/mp4/top-level.js';
import { box, concat, largeBox } from '../helpers/boxes.js';
import { FIXTURES } from '../helpers/media.js';

async function realMoov(): Promise<{ payload: Uint8Array; offset: number }> {
  const bytes = await readFile(path.join(FIXTURES, 'chunk-moov-at-end.mp4'));
  const walk = await walkTopLevel(bufferByteSource(bytes));
  const moov = walk.boxes.find((b) => b.type === 'moov');
  if (!moov) throw new Error('fixture has no moov');
  return { payload: bytes.subarray(moov.start + moov.headerSize, moov.end), offset: moov.start + moov.headerSize };
}

describe('parseMoov', () => {
  it('reads the tracks of a real file', async () => {
    const { payload, offset } = await realMoov();
    const moov = parseMoov(payload, offset);
    expect(moov.problems).toEqual([]);
    expect(moov.tracks.map((t) => [t.kind, t.codec, t.width, t.height, t.sampleCount])).toEqual([
      ['video', 'avc1', 512, 512, 25], ['audio', 'mp4a', undefined, undefined, 48],
    ]);
    expect(moov.tracks[1]).toMatchObject({ sampleRate: 48000, channels: 2 });
  });

  it('never throws on mutated or cut moov bytes', async () => {
    const { payload, offset } = await realMoov();
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(payload.length - 1), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 40 }),
        fc.nat(payload.length),
        (mutations, cut) => {
          const bytes = Uint8Array.from(payload.subarray(0, cut));
          for (const { at, value } of mutations) if (at < bytes.length) bytes[at] = value;
          const moov = parseMoov(bytes, offset);
          expect(Array.isArray(moov.tracks)).toBe(true);
          for (const track of moov.tracks) {
            if (track.firstSampleOffset !== undefined) expect(Number.isFinite(track.firstSampleOffset)).toBe(true);
          }
        }),
      { numRuns: 1000 },
    );
  });

  it('bounds nesting and box count on hostile input', () => {
    // moov inside moov inside moov…: depth is capped.
    let nested: Uint8Array = box('free');
    for (let i = 0; i < 200; i++) nested = box('moov', nested);
    expect(() => parseMoov(nested, 8)).not.toThrow();
    // 50 000 empty boxes: read up to the bound, not a hang, and said so.
    const many = concat(...Array.from({ length: 50_000 }, () => box('free')));
    const parsed = parseMoov(many, 8);
    expect(parsed.tree).toHaveLength(MAX_MOOV_BOXES);
    expect(parsed.problems).toContain(`more than ${MAX_MOOV_BOXES} boxes in moov`);
  });
});

describe('a 4 GiB+ file', () => {
  it('is checked from its headers alone (a sparse file: nothing but headers is on disk)', async () => {
    const file = path.join(os.tmpdir(), `streamprep-large-${process.pid}.mp4`);
    const head = concat(box('ftyp', 16), box('moov', 64));
    const mdatSize = 5n * 2n ** 30n; // 5 GiB: needs the 64-bit size
    const handle = await open(file, 'w');
    try {
      await handle.write(concat(head, largeBox('mdat', 0, mdatSize)), 0);
      await handle.truncate(head.length + Number(mdatSize)); // sparse: no disk used
    } finally {
      await handle.close();
    }
    try {
      const inspection = await inspectFile(file, { readMoov: false });
      expect(inspection.layout.verdict).toBe('faststart');
      expect(inspection.topLevel.at(-1)).toMatchObject({ type: 'mdat', size: Number(mdatSize), headerSize: 16 });
      expect(judgeLayout({ boxes: inspection.topLevel, omitted: inspection.omittedBoxes, problem: undefined, trailingBytes: 0 }, inspection.size).verdict).toBe('faststart');
    } finally {
      await rm(file, { force: true });
    }
  });
});
