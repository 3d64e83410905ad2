import { describe, expect, it } from 'vitest';
import { planRelocation } from '../../src/faststart/plan-relocation.js';
import { collectOffsets } from '../../src/faststart/rewrite-moov.js';
import type { BoxHeader } from '../../src/mp4/box-header.js';
import { box, concat } from '../helpers/boxes.js';

const u32 = (value: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, value); return b; };
const stco = (offsets: number[]) => box('stco', concat(new Uint8Array(4), u32(offsets.length), ...offsets.map(u32)));
/** moov payload: mvhd + one trak down to a chunk offset table (and an stsz that must survive as is). */
const moovPayload = (offsets: number[], extra: Uint8Array = new Uint8Array()) =>
  concat(box('mvhd', 100), box('trak', box('mdia', box('minf', box('stbl', concat(box('stsz', 12), stco(offsets), extra))))));

const header = (type: string, start: number, size: number, headerSize = 8): BoxHeader =>
  ({ status: 'ok', type, start, size, headerSize, end: start + size, toEnd: false });

const offsetsOf = (moov: Uint8Array) => collectOffsets(moov.subarray(8)).tables.map((table) =>
  ({ type: table.type, offsets: Array.from({ length: table.count }, (_, i) => table.at(i)) }));

/** ftyp (32) | mdat | moov: a moov-at-end layout with the given mdat size. */
function layout(mdatSize: number, payload: Uint8Array, mdatHeader = 8): { boxes: BoxHeader[]; size: number } {
  const moovStart = 32 + mdatSize;
  const boxes = [header('ftyp', 0, 32), header('mdat', 32, mdatSize, mdatHeader), header('moov', moovStart, payload.length + 8)];
  return { boxes, size: moovStart + payload.length + 8 };
}

describe('planRelocation', () => {
  it('puts moov after ftyp and shifts every chunk offset by its size', () => {
    const payload = moovPayload([40, 1000, 5000]);
    const { boxes, size } = layout(6000, payload);
    const plan = planRelocation(boxes, payload, size);
    if (plan.kind !== 'move') throw new Error(plan.reason);
    const moovSize = payload.length + 8;
    expect(plan.pieces).toEqual([
      { kind: 'copy', start: 0, end: 32 }, { kind: 'moov' }, { kind: 'copy', start: 32, end: 6032 },
    ]);
    expect(plan.newSize).toBe(size);
    expect(plan.convertedToCo64).toBe(false);
    expect(offsetsOf(plan.moov)).toEqual([{ type: 'stco', offsets: [40 + moovSize, 1000 + moovSize, 5000 + moovSize] }]);
  });

  it('turns stco into co64 when a moved offset would pass 4 GiB, and sizes moov for it', () => {
    const last = 2 ** 32 - 50;
    const payload = moovPayload([40, last]);
    const { boxes, size } = layout(2 ** 32, payload, 16);
    const plan = planRelocation(boxes, payload, size);
    if (plan.kind !== 'move') throw new Error(plan.reason);
    expect(plan.convertedToCo64).toBe(true);
    const newMoovSize = payload.length + 8 + 2 * 4;
    expect(plan.moov.length).toBe(newMoovSize);
    expect(offsetsOf(plan.moov)).toEqual([{ type: 'co64', offsets: [40 + newMoovSize, last + newMoovSize] }]);
    expect(plan.newSize).toBe(size + 8);
  });

  it('keeps stsz and every other box byte for byte', () => {
    const payload = moovPayload([40]);
    const { boxes, size } = layout(100, payload);
    const plan = planRelocation(boxes, payload, size);
    if (plan.kind !== 'move') throw new Error(plan.reason);
    expect(Buffer.from(plan.moov.subarray(8, 8 + 108))).toEqual(Buffer.from(payload.subarray(0, 108)));
  });

  it.each([
    ['already faststart', 'leave', [header('ftyp', 0, 32), header('moov', 32, 200), header('mdat', 232, 100)]],
    ['fragmented', 'leave', [header('ftyp', 0, 32), header('moov', 32, 200), header('moof', 232, 100), header('mdat', 332, 100)]],
    ['no moov', 'refuse', [header('ftyp', 0, 32), header('mdat', 32, 100)]],
    ['a top-level meta', 'refuse', [header('ftyp', 0, 32), header('meta', 32, 50), header('mdat', 82, 100), header('moov', 182, 200)]],
  ] as const)('%s → %s', (_name, kind, boxes) => {
    expect(planRelocation(boxes, moovPayload([40]), 1_000_000).kind).toBe(kind);
  });

  it.each([
    ['cmov', concat(box('cmov', 16))],
    ['iloc', box('meta', box('iloc', 8))],
    ['saio', box('saio', 12)],
  ])('refuses a moov holding %s', (type, extra) => {
    const payload = moovPayload([40], extra);
    const { boxes, size } = layout(100, payload);
    const plan = planRelocation(boxes, payload, size);
    expect(plan).toMatchObject({ kind: 'refuse' });
    if (plan.kind === 'refuse') expect(plan.reason).toContain(type);
  });

  it('refuses offsets outside the media data, and a table that claims more than it holds', () => {
    const stray = moovPayload([5]);
    expect(planRelocation(layout(100, stray).boxes, stray, layout(100, stray).size)).toMatchObject({ kind: 'refuse' });
    const lying = concat(box('trak', box('mdia', box('minf', box('stbl', box('stco', concat(new Uint8Array(4), u32(1000))))))));
    expect(planRelocation(layout(100, lying).boxes, lying, layout(100, lying).size)).toMatchObject({ kind: 'refuse', reason: expect.stringContaining('claims 1000 entries') });
  });
});
