// Sample tables: stts (durations), stsz (sizes), stco/co64 (chunk offsets) and the plain entry count
// of other tables. Each checks that the entries it claims fit in its payload before reading any.
import { PayloadReader } from './reader.js';

/** Entry size of tables whose payload is version/flags, entry_count, entries. */
const ENTRY_SIZE: Record<string, number> = { stts: 8, ctts: 8, stss: 4, stsc: 12, stco: 4, co64: 8, elst: 12, stsd: 8, dref: 8 };

/** Declared entry count, or undefined when it cannot fit the payload. */
export function readEntryCount(type: string, payload: Uint8Array): number | undefined {
  const reader = new PayloadReader(payload);
  if (type === 'stsz') {
    reader.skip(4);
    const sampleSize = reader.u32();
    const count = reader.u32();
    if (count === undefined || sampleSize === undefined) return undefined;
    return sampleSize !== 0 || count * 4 <= reader.remaining ? count : undefined;
  }
  const header = reader.fullBoxHeader();
  const count = reader.u32();
  const entry = ENTRY_SIZE[type];
  if (!header || count === undefined || entry === undefined) return undefined;
  // elst v1 entries are 20 bytes; stsd/dref entries are boxes of their own, at least 8 bytes each.
  const size = type === 'elst' && header.version === 1 ? 20 : entry;
  return count * size <= reader.remaining ? count : undefined;
}

export interface TimeToSample {
  sampleCount: number;
  /** Sum of sample durations, in the track's timescale. */
  totalDuration: number;
  /** Smallest non-zero sample duration. */
  minDelta: number | undefined;
}

export function readStts(payload: Uint8Array): TimeToSample | undefined {
  const count = readEntryCount('stts', payload);
  if (count === undefined) return undefined;
  const reader = new PayloadReader(payload);
  reader.skip(8);
  let sampleCount = 0;
  let totalDuration = 0;
  let minDelta: number | undefined;
  for (let i = 0; i < count; i++) {
    const samples = reader.u32() as number;
    const delta = reader.u32() as number;
    sampleCount += samples;
    totalDuration += samples * delta;
    if (delta > 0 && samples > 0 && (minDelta === undefined || delta < minDelta)) minDelta = delta;
  }
  return { sampleCount, totalDuration, minDelta };
}

/** Size of the first sample (stsz), for startup bytes. */
export function readFirstSampleSize(payload: Uint8Array): number | undefined {
  const reader = new PayloadReader(payload);
  reader.skip(4);
  const sampleSize = reader.u32();
  const count = reader.u32();
  if (sampleSize === undefined || !count) return undefined;
  return sampleSize !== 0 ? sampleSize : reader.u32();
}

/** Offset of the first chunk (stco or co64). */
export function readFirstChunkOffset(type: 'stco' | 'co64', payload: Uint8Array): number | undefined {
  if (!readEntryCount(type, payload)) return undefined;
  const reader = new PayloadReader(payload);
  reader.skip(8);
  return type === 'co64' ? reader.u64() : reader.u32();
}

/**
 * How many samples at the end of a track are empty (stsz size 0): a decoder gets no packet for them,
 * so the track plays only up to the last sample with data (an F4V whose tables claim 560 frames and
 * hold 524). Pure; 0 when every size is the same non-zero value or the table is unreadable.
 */
export function countTrailingEmptySamples(payload: Uint8Array): number {
  const reader = new PayloadReader(payload);
  reader.skip(4);
  const sampleSize = reader.u32();
  const count = reader.u32();
  if (sampleSize === undefined || count === undefined || sampleSize !== 0) return 0;
  if (reader.remaining < count * 4) return 0;
  let trailing = 0;
  for (let i = 0; i < count; i++) trailing = reader.u32() === 0 ? trailing + 1 : 0;
  return trailing;
}

/** The duration of the first `samples` samples, in the track's timescale (stts run lengths). Pure. */
export function durationOfFirst(payload: Uint8Array, samples: number): number | undefined {
  const count = readEntryCount('stts', payload);
  if (count === undefined) return undefined;
  const reader = new PayloadReader(payload);
  reader.skip(8);
  let left = samples;
  let total = 0;
  for (let i = 0; i < count && left > 0; i++) {
    const run = reader.u32() as number;
    const delta = reader.u32() as number;
    const taken = Math.min(run, left);
    total += taken * delta;
    left -= taken;
  }
  return total;
}
