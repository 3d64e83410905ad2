// Rebuilds a moov box with every chunk offset (stco/co64) moved, converting stco to co64 when asked.
// Pure: bytes in, bytes out. Boxes off the path to the sample tables are copied as they are.
import { parseBoxHeader } from '../mp4/box-header.js';

/** Containers on the way from moov to the chunk offset tables. */
const PATH_CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);
const MAX_U32 = 0xffffffff;

export interface OffsetTables {
  /** Every chunk offset in file order of the tables, per table. */
  tables: Array<{ type: 'stco' | 'co64'; offsets: number[] }>;
  /** stco entries in all (each grows by 4 bytes when converted to co64). */
  stcoEntries: number;
}

export class RewriteError extends Error {}

function header(type: string, payloadSize: number): Uint8Array {
  const large = payloadSize + 8 > MAX_U32;
  const out = new Uint8Array(large ? 16 : 8);
  const view = new DataView(out.buffer);
  view.setUint32(0, large ? 1 : payloadSize + 8);
  out.set(Buffer.from(type, 'latin1'), 4);
  if (large) view.setBigUint64(8, BigInt(payloadSize + 16));
  return out;
}

function readOffsets(type: 'stco' | 'co64', payload: Uint8Array): number[] {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  if (payload.length < 8) throw new RewriteError(`'${type}' is too short`);
  const count = view.getUint32(4);
  const size = type === 'co64' ? 8 : 4;
  if (count * size > payload.length - 8) throw new RewriteError(`'${type}' claims ${count} entries but holds ${Math.floor((payload.length - 8) / size)}`);
  const offsets = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    if (type === 'co64') {
      const value = view.getBigUint64(8 + i * 8);
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RewriteError('a chunk offset beyond 2^53');
      offsets[i] = Number(value);
    } else {
      offsets[i] = view.getUint32(8 + i * 4);
    }
  }
  return offsets;
}

function writeOffsets(type: 'stco' | 'co64', versionFlags: Uint8Array, offsets: number[]): Uint8Array {
  const size = type === 'co64' ? 8 : 4;
  const payload = new Uint8Array(8 + offsets.length * size);
  const view = new DataView(payload.buffer);
  payload.set(versionFlags.subarray(0, 4), 0);
  view.setUint32(4, offsets.length);
  offsets.forEach((offset, i) => {
    if (type === 'co64') view.setBigUint64(8 + i * 8, BigInt(offset));
    else if (offset > MAX_U32) throw new RewriteError(`chunk offset ${offset} does not fit stco`);
    else view.setUint32(8 + i * 4, offset);
  });
  return concatBytes([header(type, payload.length), payload]);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Called for each box inside the path containers; a returned box replaces it. */
type Visit = (type: string, payload: Uint8Array) => Uint8Array | undefined;

const isOffsetTable = (type: string): type is 'stco' | 'co64' => type === 'stco' || type === 'co64';

/** Walks the children of a container payload, rebuilding what `visit` replaces. */
function rebuild(payload: Uint8Array, visit: Visit, depth: number): { bytes: Uint8Array; changed: boolean } {
  if (depth > 8) throw new RewriteError('moov is nested too deeply');
  const parts: Uint8Array[] = [];
  let changed = false;
  let position = 0;
  while (position < payload.length) {
    const box = parseBoxHeader(payload.subarray(position), position, payload.length);
    if (box.status !== 'ok' || box.end > payload.length) throw new RewriteError(`unreadable box inside moov at byte ${position}`);
    const whole = payload.subarray(position, box.end);
    const inner = payload.subarray(position + box.headerSize, box.end);
    if (PATH_CONTAINERS.has(box.type)) {
      const child = rebuild(inner, visit, depth + 1);
      parts.push(child.changed ? concatBytes([header(box.type, child.bytes.length), child.bytes]) : whole);
      changed ||= child.changed;
    } else {
      const replaced = visit(box.type, inner);
      parts.push(replaced ?? whole);
      changed ||= replaced !== undefined;
    }
    position = box.end;
  }
  return { bytes: concatBytes(parts), changed };
}

/** The chunk offset tables of a moov payload, in order. */
export function collectOffsets(moovPayload: Uint8Array): OffsetTables {
  const tables: OffsetTables['tables'] = [];
  rebuild(moovPayload, (type, payload) => {
    if (isOffsetTable(type)) tables.push({ type, offsets: readOffsets(type, payload) });
    return undefined;
  }, 0);
  return { tables, stcoEntries: tables.filter((t) => t.type === 'stco').reduce((n, t) => n + t.offsets.length, 0) };
}

/**
 * The whole new moov box (header included): every chunk offset mapped by `move`; with `toCo64`,
 * every stco becomes a co64.
 */
export function rewriteMoov(moovPayload: Uint8Array, move: (offset: number) => number, toCo64: boolean): Uint8Array {
  const { bytes } = rebuild(moovPayload, (type, payload) => {
    if (!isOffsetTable(type)) return undefined;
    const offsets = readOffsets(type, payload).map(move);
    return writeOffsets(toCo64 ? 'co64' : type, payload, offsets);
  }, 0);
  return concatBytes([header('moov', bytes.length), bytes]);
}

/** The sample description and tables other than chunk offsets, in order: what a move must not change. */
export function sampleTables(moovPayload: Uint8Array): Uint8Array[] {
  const found: Uint8Array[] = [];
  rebuild(moovPayload, (type, payload) => {
    if (['stsd', 'stts', 'ctts', 'stss', 'stsc', 'stsz', 'stz2'].includes(type)) found.push(concatBytes([Buffer.from(type, 'latin1'), payload]));
    return undefined;
  }, 0);
  return found;
}
