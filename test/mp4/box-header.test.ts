import { describe, expect, it } from 'vitest';
import { parseBoxHeader } from '../../src/mp4/box-header.js';
import { box, concat, largeBox, rawHeader } from '../helpers/boxes.js';

describe('parseBoxHeader', () => {
  it('reads a 32-bit size', () => {
    const bytes = box('ftyp', 12);
    expect(parseBoxHeader(bytes, 0, bytes.length)).toMatchObject({ status: 'ok', type: 'ftyp', size: 20, headerSize: 8, end: 20 });
  });

  it('reads size 1 with a 64-bit largesize', () => {
    const bytes = largeBox('mdat', 4);
    expect(parseBoxHeader(bytes, 100, 100 + bytes.length)).toMatchObject({ status: 'ok', type: 'mdat', size: 20, headerSize: 16, start: 100, end: 120 });
  });

  it('reads a largesize beyond 4 GiB exactly', () => {
    const bytes = largeBox('mdat', 0, 5n * 2n ** 32n);
    const header = parseBoxHeader(bytes, 0, 2 ** 40);
    expect(header).toMatchObject({ status: 'ok', size: 5 * 2 ** 32 });
  });

  it('refuses a largesize beyond 2^53', () => {
    const bytes = largeBox('mdat', 0, 2n ** 60n);
    expect(parseBoxHeader(bytes, 0, 2 ** 40)).toMatchObject({ status: 'invalid' });
  });

  it('treats size 0 as "to the end of the parent"', () => {
    const bytes = rawHeader('mdat', 0);
    expect(parseBoxHeader(bytes, 40, 1000)).toMatchObject({ status: 'ok', size: 960, end: 1000, toEnd: true });
  });

  it.each([
    ['size smaller than the header', rawHeader('free', 4), 100],
    ['size 1 with a largesize below 16', largeBox('mdat', 0, 12n), 100],
    ['an unprintable type', concat(rawHeader('moov', 16).subarray(0, 4), new Uint8Array([0, 1, 2, 3])), 100],
    ['fewer than 8 bytes left', new Uint8Array(5), 5],
    ['a largesize cut off by the end', largeBox('mdat', 0).subarray(0, 12), 12],
  ])('returns invalid, never throws, for %s', (_name, bytes, limit) => {
    expect(parseBoxHeader(bytes, 0, limit).status).toBe('invalid');
  });

  it('asks for more bytes when the buffer is short but the parent is not', () => {
    expect(parseBoxHeader(new Uint8Array(4), 0, 100)).toEqual({ status: 'need-more', needed: 8 });
    expect(parseBoxHeader(largeBox('mdat', 0).subarray(0, 10), 0, 100)).toEqual({ status: 'need-more', needed: 16 });
  });

  it('counts the uuid extended type in the header size', () => {
    const bytes = box('uuid', 16);
    expect(parseBoxHeader(bytes, 0, bytes.length)).toMatchObject({ status: 'ok', headerSize: 24 });
  });
});
