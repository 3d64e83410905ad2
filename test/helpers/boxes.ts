// Builds ISO BMFF boxes in memory for the box-reader tests.

import { concatBytes } from '../../src/mp4/write/box-writer.js';
export function box(type: string, payload: Uint8Array | number = 0): Uint8Array {
  const body = typeof payload === 'number' ? new Uint8Array(payload) : payload;
  const out = new Uint8Array(8 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, out.length);
  out.set(Buffer.from(type, 'latin1'), 4);
  out.set(body, 8);
  return out;
}

/** A box with size 1 and a 64-bit largesize. */
export function largeBox(type: string, payloadLength: number, claimedSize?: bigint): Uint8Array {
  const out = new Uint8Array(16 + payloadLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, 1);
  out.set(Buffer.from(type, 'latin1'), 4);
  view.setBigUint64(8, claimedSize ?? BigInt(out.length));
  return out;
}

/** A raw header with any 32-bit size, no payload. */
export function rawHeader(type: string, size: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setUint32(0, size);
  out.set(Buffer.from(type, 'latin1'), 4);
  return out;
}

export const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts);
