// A tapped chunk's samples from the bytes of a pipe: pieces that split floats anywhere, cut or padded to
// the chunk's length in one copy. Pure.
import { describe, expect, it } from 'vitest';
import { floatCount, floatsOf } from '../../src/conversation/chunk-audio.js';

const bytesOf = (values: number[]): Uint8Array => new Uint8Array(Float32Array.from(values).buffer);
/** The bytes cut at the given offsets, as a pipe may hand them over. */
const split = (bytes: Uint8Array, at: number[]): Uint8Array[] => [0, ...at].map((from, i) => bytes.slice(from, [...at, bytes.length][i]));

describe('floatsOf', () => {
  const values = [0.5, -0.25, 1, 0.125, -1];
  const pieces = split(bytesOf(values), [3, 9, 10, 17]);

  it('joins pieces that split floats anywhere', () => {
    expect([...floatsOf(pieces)]).toEqual(values);
    expect(floatCount(pieces)).toBe(5);
  });

  it('cuts to a length, or pads it with silence', () => {
    expect([...floatsOf(pieces, 3)]).toEqual([0.5, -0.25, 1]);
    expect([...floatsOf(pieces, 7)]).toEqual([...values, 0, 0]);
  });

  it('never makes a float of a partial one at the end (a torn pipe): silence there', () => {
    const torn = [...pieces, Uint8Array.of(0x12, 0x34)];
    expect(floatCount(torn)).toBe(5);
    expect([...floatsOf(torn, 6)]).toEqual([...values, 0]);
  });
});
