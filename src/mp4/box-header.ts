// Reads one ISO BMFF / QuickTime box header from a buffer. Never throws: returns a status.

export interface BoxHeader {
  status: 'ok';
  type: string;
  /** File offset of the box's first byte. */
  start: number;
  /** Whole box size in bytes, header included. */
  size: number;
  headerSize: number;
  /** start + size. */
  end: number;
  /** The header said size 0: the box runs to the end of its parent (the file, at top level). */
  toEnd: boolean;
}

export type HeaderResult =
  | BoxHeader
  | { status: 'need-more'; needed: number }
  | { status: 'invalid'; start: number; reason: string };

/** Bytes to read to be sure a header fits: size + type + 64-bit largesize. uuid adds 16 more. */
export const MAX_HEADER_BYTES = 32;

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

function readType(bytes: Uint8Array, at: number): string | undefined {
  let type = '';
  for (let i = at; i < at + 4; i++) {
    const code = bytes[i] as number;
    // Printable ASCII, plus © (0xA9) which QuickTime uses in metadata atoms.
    if ((code < 0x20 || code > 0x7e) && code !== 0xa9) return undefined;
    type += String.fromCharCode(code);
  }
  return type;
}

/**
 * `bytes` holds the file from offset `start` on (`bytes.length` may be short at the end of the file);
 * `limit` is the end of the parent (the file size at top level).
 */
export function parseBoxHeader(bytes: Uint8Array, start: number, limit: number): HeaderResult {
  const available = Math.min(bytes.length, limit - start);
  if (available < 8) {
    return limit - start < 8
      ? { status: 'invalid', start, reason: `${limit - start} stray byte(s) at offset ${start}, too few for a box header` }
      : { status: 'need-more', needed: 8 };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = readType(bytes, 4);
  if (type === undefined) return { status: 'invalid', start, reason: `unreadable box type at offset ${start}` };
  let size: number = view.getUint32(0);
  let headerSize = 8;
  let toEnd = false;
  if (size === 1) {
    if (available < 16) {
      return limit - start < 16
        ? { status: 'invalid', start, reason: `box '${type}' at offset ${start} has a 64-bit size cut off by the end` }
        : { status: 'need-more', needed: 16 };
    }
    const large = view.getBigUint64(8);
    if (large > MAX_EXACT) return { status: 'invalid', start, reason: `box '${type}' at offset ${start} claims ${large} bytes, beyond 2^53` };
    size = Number(large);
    headerSize = 16;
  } else if (size === 0) {
    size = limit - start;
    toEnd = true;
  }
  if (type === 'uuid') headerSize += 16;
  if (size < headerSize) {
    return { status: 'invalid', start, reason: `box '${type}' at offset ${start} has size ${size}, smaller than its ${headerSize}-byte header` };
  }
  return { status: 'ok', type, start, size, headerSize, end: start + size, toEnd };
}
