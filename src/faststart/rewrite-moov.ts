// Rebuilds a moov box with every chunk offset (stco/co64) moved, converting stco to co64 when asked.
// Pure: bytes in, bytes out, in one pass into one buffer (offset tables of long files hold hundreds
// of thousands of entries; nothing is copied into arrays). Boxes off the path to the sample tables
// are copied as they are.
import { parseBoxHeader } from '../mp4/box-header.js';

/** Containers on the way from moov to the chunk offset tables. */
const PATH_CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);
const MAX_U32 = 0xffffffff;

export class RewriteError extends Error {}

/** A chunk offset table read in place: its entries are read on demand from the moov bytes. */
export interface OffsetTable {
  type: 'stco' | 'co64';
  count: number;
  /** The table's payload (version/flags, count, entries). */
  payload: Uint8Array;
  at(index: number): number;
}

interface Child {
  type: string;
  /** The whole box as it stands in the input. */
  whole: Uint8Array;
  /** Its payload. */
  inner: Uint8Array;
}

function children(payload: Uint8Array): Child[] {
  const out: Child[] = [];
  let position = 0;
  while (position < payload.length) {
    const box = parseBoxHeader(payload.subarray(position), position, payload.length);
    if (box.status !== 'ok' || box.end > payload.length) throw new RewriteError(`unreadable box inside moov at byte ${position}`);
    out.push({ type: box.type, whole: payload.subarray(position, box.end), inner: payload.subarray(position + box.headerSize, box.end) });
    position = box.end;
  }
  return out;
}

function offsetTable(type: 'stco' | 'co64', payload: Uint8Array): OffsetTable {
  if (payload.length < 8) throw new RewriteError(`'${type}' is too short`);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const count = view.getUint32(4);
  const size = type === 'co64' ? 8 : 4;
  if (count * size > payload.length - 8) throw new RewriteError(`'${type}' claims ${count} entries but holds ${Math.floor((payload.length - 8) / size)}`);
  const at = type === 'co64'
    ? (index: number): number => {
      const value = view.getBigUint64(8 + index * 8);
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RewriteError('a chunk offset beyond 2^53');
      return Number(value);
    }
    : (index: number): number => view.getUint32(8 + index * 4);
  return { type, count, payload, at };
}

/** Visits every box inside the path containers, depth first. */
function walk(payload: Uint8Array, visit: (child: Child) => void, depth = 0): void {
  if (depth > 8) throw new RewriteError('moov is nested too deeply');
  for (const child of children(payload)) {
    if (PATH_CONTAINERS.has(child.type)) walk(child.inner, visit, depth + 1);
    else visit(child);
  }
}

/** The chunk offset tables of a moov payload, in order. */
export function collectOffsets(moovPayload: Uint8Array): { tables: OffsetTable[]; stcoEntries: number } {
  const tables: OffsetTable[] = [];
  walk(moovPayload, (child) => {
    if (child.type === 'stco' || child.type === 'co64') tables.push(offsetTable(child.type, child.inner));
  });
  return { tables, stcoEntries: tables.filter((t) => t.type === 'stco').reduce((n, t) => n + t.count, 0) };
}

/** The sample description and tables other than chunk offsets, in order: what a move must not change. */
export function sampleTables(moovPayload: Uint8Array): Array<{ type: string; payload: Uint8Array }> {
  const found: Array<{ type: string; payload: Uint8Array }> = [];
  walk(moovPayload, (child) => {
    if (['stsd', 'stts', 'ctts', 'stss', 'stsc', 'stsz', 'stz2'].includes(child.type)) found.push({ type: child.type, payload: child.inner });
  });
  return found;
}

const headerSize = (payloadSize: number): number => (payloadSize + 8 > MAX_U32 ? 16 : 8);

/** Size of a box's new payload: containers rebuilt, offset tables resized, everything else as is. */
function newPayloadSize(child: Child, toCo64: boolean, depth: number): number {
  if (PATH_CONTAINERS.has(child.type)) {
    if (depth > 8) throw new RewriteError('moov is nested too deeply');
    return children(child.inner).reduce((total, inner) => total + newBoxSize(inner, toCo64, depth + 1), 0);
  }
  if ((child.type === 'stco' || child.type === 'co64') && toCo64) return 8 + offsetTable(child.type, child.inner).count * 8;
  return child.inner.length;
}

function newBoxSize(child: Child, toCo64: boolean, depth: number): number {
  if (!PATH_CONTAINERS.has(child.type) && child.type !== 'stco' && child.type !== 'co64') return child.whole.length;
  const payload = newPayloadSize(child, toCo64, depth);
  return headerSize(payload) + payload;
}

function writeHeader(view: DataView, out: Uint8Array, at: number, type: string, payloadSize: number): number {
  const size = headerSize(payloadSize);
  view.setUint32(at, size === 16 ? 1 : payloadSize + 8);
  out.set(Buffer.from(type, 'latin1'), at + 4);
  if (size === 16) view.setBigUint64(at + 8, BigInt(payloadSize + 16));
  return at + size;
}

function writeBox(child: Child, out: Uint8Array, view: DataView, at: number, move: (offset: number) => number, toCo64: boolean, depth: number): number {
  if (PATH_CONTAINERS.has(child.type)) {
    let position = writeHeader(view, out, at, child.type, newPayloadSize(child, toCo64, depth));
    for (const inner of children(child.inner)) position = writeBox(inner, out, view, position, move, toCo64, depth + 1);
    return position;
  }
  if (child.type === 'stco' || child.type === 'co64') {
    const table = offsetTable(child.type, child.inner);
    const type = toCo64 ? 'co64' : child.type;
    const entry = type === 'co64' ? 8 : 4;
    let position = writeHeader(view, out, at, type, 8 + table.count * entry);
    out.set(child.inner.subarray(0, 4), position); // version and flags
    view.setUint32(position + 4, table.count);
    position += 8;
    for (let i = 0; i < table.count; i++, position += entry) {
      const offset = move(table.at(i));
      if (type === 'co64') view.setBigUint64(position, BigInt(offset));
      else if (offset > MAX_U32) throw new RewriteError(`chunk offset ${offset} does not fit stco`);
      else view.setUint32(position, offset);
    }
    return position;
  }
  out.set(child.whole, at);
  return at + child.whole.length;
}

/**
 * The whole new moov box (header included): every chunk offset mapped by `move`; with `toCo64`,
 * every stco becomes a co64.
 */
export function rewriteMoov(moovPayload: Uint8Array, move: (offset: number) => number, toCo64: boolean): Uint8Array {
  const root: Child = { type: 'moov', whole: moovPayload, inner: moovPayload };
  const out = new Uint8Array(newBoxSize(root, toCo64, 0));
  const end = writeBox(root, out, new DataView(out.buffer), 0, move, toCo64, 0);
  if (end !== out.length) throw new RewriteError(`new moov is ${end} bytes, sized ${out.length}`);
  return out;
}
