// Reading whether a fragmented MP4 ends with its mfra from its last bytes only.
import { describe, expect, it } from 'vitest';
import { isMfraHeader, mfraSizeFromTail } from '../../src/mp4/mfra-tail.js';

const u32 = (value: number): number[] => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
const ascii = (text: string): number[] => [...Buffer.from(text, 'latin1')];
const mfro = (mfraSize: number): Uint8Array => Uint8Array.from([...u32(16), ...ascii('mfro'), 0, 0, 0, 0, ...u32(mfraSize)]);

describe('mfraSizeFromTail / isMfraHeader', () => {
  it('reads the size of mfra from a closing mfro, and confirms the mfra header there', () => {
    expect(mfraSizeFromTail(mfro(452))).toBe(452);
    expect(isMfraHeader(Uint8Array.from([...u32(452), ...ascii('mfra')]), 452)).toBe(true);
  });

  it('anything else is no end: other boxes, short tails, sizes that cannot hold an mfro, a header that disagrees', () => {
    expect(mfraSizeFromTail(Uint8Array.from([...u32(16), ...ascii('mdat'), 0, 0, 0, 0, ...u32(452)]))).toBeUndefined();
    expect(mfraSizeFromTail(mfro(452).subarray(1))).toBeUndefined();
    expect(mfraSizeFromTail(mfro(8))).toBeUndefined();
    expect(mfraSizeFromTail(Uint8Array.from([...u32(17), ...ascii('mfro'), 0, 0, 0, 0, ...u32(452)]))).toBeUndefined();
    expect(isMfraHeader(Uint8Array.from([...u32(400), ...ascii('mfra')]), 452)).toBe(false);
    expect(isMfraHeader(Uint8Array.from([...u32(452), ...ascii('moof')]), 452)).toBe(false);
    expect(isMfraHeader(Uint8Array.from([0, 0, 1]), 452)).toBe(false);
  });
});
