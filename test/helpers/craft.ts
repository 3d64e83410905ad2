// Inputs crafted from a real encode by patching a few header fields: what other muxers write and
// FFmpeg's own muxer never does (a sample entry smaller than the SPS, a bogus movie duration).
import { readFile, writeFile } from 'node:fs/promises';

/** The offset of box `type` (its size field), searched from `from`; -1 when absent. */
export function findBox(bytes: Buffer, type: string, from = 0): number {
  const at = bytes.indexOf(Buffer.from(type, 'latin1'), from);
  return at < 0 ? -1 : at - 4;
}

/**
 * A QuickTime-style container crop (Apple's DualDiscs.mov): the avc1 sample entry's and tkhd's height
 * set to `height`, one less than the SPS's — FFmpeg then decodes `height` rows.
 */
export async function withContainerHeight(source: string, target: string, height: number): Promise<void> {
  const bytes = Buffer.from(await readFile(source));
  const entry = findBox(bytes, 'avc1', findBox(bytes, 'stsd'));
  bytes.writeUInt16BE(height, entry + 8 + 26);
  const tkhd = findBox(bytes, 'tkhd');
  bytes.writeUInt32BE(height * 65536, tkhd + bytes.readUInt32BE(tkhd) - 4);
  await writeFile(target, bytes);
}

/** The movie header's duration (mvhd, version 0) set to `duration` in its own timescale (0xFFFFFFFF: "unknown"). */
export async function withMovieDuration(source: string, target: string, duration: number | ((timescale: number) => number)): Promise<void> {
  const bytes = Buffer.from(await readFile(source));
  const mvhd = findBox(bytes, 'mvhd');
  if (bytes[mvhd + 8] !== 0) throw new Error('mvhd version 1 not handled here');
  const timescale = bytes.readUInt32BE(mvhd + 20);
  bytes.writeUInt32BE(typeof duration === 'function' ? duration(timescale) : duration, mvhd + 24);
  await writeFile(target, bytes);
}

/** The last `count` samples of the first track's sample size table (stsz) set to 0: an F4V's empty tail. */
export async function withEmptyTail(source: string, target: string, count: number): Promise<void> {
  const bytes = Buffer.from(await readFile(source));
  const stsz = findBox(bytes, 'stsz');
  if (bytes.readUInt32BE(stsz + 12) !== 0) throw new Error('stsz has one size for every sample');
  const total = bytes.readUInt32BE(stsz + 16);
  for (let k = total - count; k < total; k++) bytes.writeUInt32BE(0, stsz + 20 + 4 * k);
  await writeFile(target, bytes);
}
