import { describe, expect, it } from 'vitest';
import { box, fullBox, u32 } from '../../src/mp4/write/box-writer.js';
import { withoutBitrate } from '../../src/mp4/write/sample-description.js';

describe('a sample description for an initialization section', () => {
  const avcC = box('avcC', Uint8Array.of(1, 0x42, 0xc0, 0x1e, 0xff));
  const colr = box('colr', new Uint8Array(11));
  const entry = (...children: Uint8Array[]) => fullBox('stsd', 0, 0, u32(1), box('avc1', new Uint8Array(78).fill(7), ...children));

  it('drops the btrt box (the one file\'s bit rates) and keeps the rest, byte for byte', () => {
    const withBtrt = entry(avcC, colr, box('btrt', u32(0), u32(900_000), u32(600_000)));
    expect(Array.from(withoutBitrate(withBtrt))).toEqual(Array.from(entry(avcC, colr)));
  });

  it('leaves one without btrt, or one it does not understand, as it is', () => {
    const plain = entry(avcC, colr);
    expect(withoutBitrate(plain)).toBe(plain);
    const odd = fullBox('stsd', 0, 0, u32(1), Uint8Array.of(0, 0, 0, 3));
    expect(withoutBitrate(odd)).toBe(odd);
  });
});
