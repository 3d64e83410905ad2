// Writes ISO BMFF boxes: big-endian fields and nested boxes into bytes. Pure; the fragment and init
// writers (src/conversation/cmaf.ts) are built from it.

/** A field list: numbers with their width, raw bytes, or nested boxes. */
export type Field = readonly ['u8' | 'u16' | 'u24' | 'u32' | 'i32' | 'u64', number] | Uint8Array;

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const FIELD_SIZES = { u8: 1, u16: 2, u24: 3, u32: 4, i32: 4, u64: 8 } as const;
const fieldSize = (field: Field): number => (field instanceof Uint8Array ? field.length : FIELD_SIZES[field[0]]);

/** A box: 32-bit size, fourcc, then the fields and children in order (written once into one buffer). */
export function box(type: string, ...content: readonly Field[]): Uint8Array {
  if (!/^[\x20-\x7e]{4}$/.test(type)) throw new Error(`box type must be four printable characters (got ${JSON.stringify(type)})`);
  let size = 8;
  for (const field of content) size += fieldSize(field);
  if (size > 0xffffffff) throw new Error(`box '${type}' too large (${size} bytes)`);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, size);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  let at = 8;
  for (const field of content) {
    if (field instanceof Uint8Array) {
      out.set(field, at);
      at += field.length;
      continue;
    }
    const [kind, value] = field;
    if (kind === 'u8') view.setUint8(at, value);
    else if (kind === 'u16') view.setUint16(at, value);
    else if (kind === 'u24') { view.setUint8(at, (value >>> 16) & 0xff); view.setUint16(at + 1, value & 0xffff); }
    else if (kind === 'u32') view.setUint32(at, value);
    else if (kind === 'i32') view.setInt32(at, value);
    else view.setBigUint64(at, BigInt(value));
    at += FIELD_SIZES[kind];
  }
  return out;
}

/** A table of 32-bit values (a sample table's entries) as one field. */
export function u32Table(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 * values.length);
  const view = new DataView(out.buffer);
  for (const [i, value] of values.entries()) view.setUint32(4 * i, value);
  return out;
}

/** A FullBox: version and flags first. */
export function fullBox(type: string, version: number, flags: number, ...content: readonly Field[]): Uint8Array {
  return box(type, ['u8', version], ['u24', flags], ...content);
}

export const u8 = (value: number): Field => ['u8', value];
export const u16 = (value: number): Field => ['u16', value];
export const u32 = (value: number): Field => ['u32', value];
export const i32 = (value: number): Field => ['i32', value];
export const u64 = (value: number): Field => ['u64', value];
export const zeros = (count: number): Field => new Uint8Array(count);
export const fourcc = (code: string): Field => Uint8Array.from(code, (char) => char.charCodeAt(0));
