// colr: the colour a visual sample entry declares — 'nclx' (ISO) or 'nclc' (QuickTime) code points of
// ITU-T H.273 for primaries, transfer and matrix, and the range flag (nclx only). Pure.
import { PayloadReader } from './reader.js';

export interface ColourCodes {
  primaries: number;
  transfer: number;
  matrix: number;
  /** Full range (nclx only); undefined for nclc. */
  fullRange?: boolean;
}

export function readColr(payload: Uint8Array): ColourCodes | undefined {
  const reader = new PayloadReader(payload);
  const kind = reader.fourcc();
  if (kind !== 'nclx' && kind !== 'nclc') return undefined; // ICC profiles ('rICC', 'prof') say nothing we use
  const primaries = reader.u16();
  const transfer = reader.u16();
  const matrix = reader.u16();
  if (primaries === undefined || transfer === undefined || matrix === undefined) return undefined;
  if (kind === 'nclc') return { primaries, transfer, matrix };
  const range = reader.u8();
  return { primaries, transfer, matrix, ...(range === undefined ? {} : { fullRange: (range & 0x80) !== 0 }) };
}
