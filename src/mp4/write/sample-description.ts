// A video sample description as an initialization section should carry it: without its 'btrt' box (the
// one file's bit rates, which differ from chunk to chunk and would make every chunk look like a new
// format). Pure; returns the input unchanged when it is not a plain single-entry visual stsd.
import { parseBoxHeader } from '../box-header.js';
import { box, concatBytes } from './box-writer.js';

/** Bytes of a visual sample entry's fixed fields, after its 8-byte header (ISO/IEC 14496-12). */
const VISUAL_FIELDS = 78;

export function withoutBitrate(stsd: Uint8Array): Uint8Array {
  // stsd: header (8), version/flags (4), entry count (4), then the entry.
  const entryStart = 16;
  const entry = parseBoxHeader(stsd.subarray(entryStart), entryStart, stsd.length);
  if (entry.status !== 'ok' || entry.headerSize !== 8 || entry.end !== stsd.length) return stsd;
  const childrenStart = entry.start + 8 + VISUAL_FIELDS;
  const kept: Uint8Array[] = [];
  let dropped = false;
  for (let at = childrenStart; at < entry.end;) {
    const child = parseBoxHeader(stsd.subarray(at), at, entry.end);
    if (child.status !== 'ok') return stsd;
    if (child.type !== 'btrt') kept.push(stsd.subarray(at, child.end));
    else dropped = true;
    at = child.end;
  }
  if (!dropped) return stsd;
  const sampleEntry = box(entry.type, stsd.subarray(entry.start + 8, childrenStart), ...kept);
  return box('stsd', stsd.subarray(8, entryStart), sampleEntry);
}

