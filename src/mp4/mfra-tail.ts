// Whether a file ends with its Movie Fragment Random Access box (mfra), read from its last bytes only:
// mfra ends with an mfro box (16 bytes: size, 'mfro', version and flags, mfra's own size), so the last
// 16 bytes say where mfra starts, and its header there confirms it. A fragmented MP4 being written grows
// by thousands of boxes; this answers without walking them. Pure.

export const MFRO_BYTES = 16;

/** mfra's size, from a file's last 16 bytes, or undefined when they are not an mfro box. */
export function mfraSizeFromTail(tail: Uint8Array): number | undefined {
  if (tail.length !== MFRO_BYTES) return undefined;
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  if (view.getUint32(0) !== MFRO_BYTES || String.fromCharCode(tail[4] as number, tail[5] as number, tail[6] as number, tail[7] as number) !== 'mfro') return undefined;
  const size = view.getUint32(12);
  return size >= 8 + MFRO_BYTES ? size : undefined;
}

/** Whether the 8 bytes at the start of the supposed mfra are its header: `size` and 'mfra'. */
export function isMfraHeader(header: Uint8Array, size: number): boolean {
  if (header.length < 8) return false;
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  return view.getUint32(0) === size && String.fromCharCode(header[4] as number, header[5] as number, header[6] as number, header[7] as number) === 'mfra';
}
