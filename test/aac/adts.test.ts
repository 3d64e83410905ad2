import { describe, expect, it } from 'vitest';
import { readAdts } from '../../src/aac/adts.js';

/** One ADTS frame (no CRC): AAC-LC, rate index `rate`, `channels`, payload bytes. */
function frame(payload: number[], rate = 6, channels = 1, objectType = 2): number[] {
  const length = 7 + payload.length;
  return [0xff, 0xf1, ((objectType - 1) << 6) | (rate << 2) | (channels >> 2), ((channels & 3) << 6) | (length >> 11), (length >> 3) & 0xff, ((length & 7) << 5) | 0x1f, 0xfc, ...payload];
}

describe('ADTS', () => {
  it('reads frames without their headers, and the AudioSpecificConfig for an MP4 sample entry', () => {
    const stream = readAdts(Uint8Array.from([...frame([1, 2, 3]), ...frame([4])]));
    expect(stream.ok).toBe(true);
    if (!stream.ok) return;
    expect(stream.frames.map((f) => Array.from(f))).toEqual([[1, 2, 3], [4]]);
    expect([stream.objectType, stream.sampleRate, stream.channels]).toEqual([2, 24_000, 1]);
    expect(Array.from(stream.config)).toEqual([0x13, 0x08]); // AAC-LC, 24 kHz, mono
  });

  it.each([
    ['a cut-off frame', Uint8Array.from(frame([1, 2, 3]).slice(0, 8)), /cut off/],
    ['garbage', Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), /no ADTS sync word at byte 0/],
    ['a format change', Uint8Array.from([...frame([1]), ...frame([2], 3)]), /changes at byte 8/],
    ['nothing', new Uint8Array(0), /no ADTS frames/],
  ])('refuses %s', (_, bytes, reason) => {
    const stream = readAdts(bytes);
    expect(stream.ok).toBe(false);
    if (!stream.ok) expect(stream.reason).toMatch(reason);
  });
});
