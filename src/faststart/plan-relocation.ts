// Plans moving moov in front of the media: the new moov and the byte ranges of the new file. Pure.
import type { BoxHeader } from '../mp4/box-header.js';
import { RewriteError, collectOffsets, rewriteMoov } from './rewrite-moov.js';

const MAX_U32 = 0xffffffff;

/** The new file, in order: ranges of the old file and the new moov. */
export type Piece = { kind: 'copy'; start: number; end: number } | { kind: 'moov' };

export type RelocationPlan =
  | { kind: 'move'; moov: Uint8Array; pieces: Piece[]; newSize: number; convertedToCo64: boolean; move: (offset: number) => number }
  | { kind: 'leave'; reason: string }
  | { kind: 'refuse'; reason: string };

/** Box types whose absolute file offsets this tool does not rewrite: their presence stops the move. */
const UNHANDLED = ['iloc', 'saio', 'cmov'];

/** Finds a box type anywhere in moov's bytes, at a plausible box position (size ≥ 8, fits). */
function containsBoxType(bytes: Uint8Array, type: string): boolean {
  const needle = Buffer.from(type, 'latin1');
  const haystack = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = haystack.indexOf(needle, 4); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const size = haystack.readUInt32BE(at - 4);
    if (size >= 8 && at - 4 + size <= haystack.length) return true;
  }
  return false;
}

export function planRelocation(
  topLevel: readonly BoxHeader[], moovPayload: Uint8Array, fileSize: number, omitted: { count: number } = { count: 0 },
): RelocationPlan {
  if (topLevel.some((box) => box.type === 'moof')) return { kind: 'leave', reason: 'fragmented (moov first): already streamable' };
  if (omitted.count > 0) return { kind: 'refuse', reason: `more than ${topLevel.length} top-level boxes: too many to rewrite safely` };
  const moovs = topLevel.filter((box) => box.type === 'moov');
  const moov = moovs[0];
  if (!moov) return { kind: 'refuse', reason: 'no moov box' };
  if (moovs.length > 1) return { kind: 'refuse', reason: 'more than one moov box' };
  const firstMdat = topLevel.findIndex((box) => box.type === 'mdat');
  const moovIndex = topLevel.indexOf(moov);
  if (firstMdat === -1 || moovIndex < firstMdat) return { kind: 'leave', reason: 'already faststart (moov before mdat)' };
  if (topLevel.some((box) => box.type === 'meta')) return { kind: 'refuse', reason: 'a top-level meta box may hold absolute offsets (iloc) that would break' };
  for (const type of UNHANDLED) {
    if (containsBoxType(moovPayload, type)) {
      return { kind: 'refuse', reason: type === 'cmov' ? 'compressed moov (cmov) cannot be rewritten'
        : `moov holds '${type}', whose absolute offsets would break if moved` };
    }
  }
  try {
    const { tables, stcoEntries } = collectOffsets(moovPayload);
    const mdatStart = (topLevel[firstMdat] as BoxHeader).start;
    let highest = 0;
    for (const table of tables) {
      for (let i = 0; i < table.count; i++) {
        const offset = table.at(i);
        if (offset < mdatStart || (offset >= moov.start && offset < moov.end) || offset >= fileSize) {
          return { kind: 'refuse', reason: `a chunk offset (${offset}) points outside the media data` };
        }
        if (table.type === 'stco' && offset > highest) highest = offset;
      }
    }
    // The new moov's size depends only on whether stco grows into co64, not on the offsets' values.
    const sizeFor = (toCo64: boolean): number => 8 + moov.size - moov.headerSize + (toCo64 ? stcoEntries * 4 : 0);
    const moveFor = (newSize: number) => (offset: number): number =>
      offset < moov.start ? offset + newSize : offset + newSize - moov.size;
    // The move only adds to offsets, so the highest stco entry decides whether stco still fits.
    const convertedToCo64 = moveFor(sizeFor(false))(highest) > MAX_U32;
    const newSize = sizeFor(convertedToCo64);
    if (newSize > MAX_U32) return { kind: 'refuse', reason: 'moov would pass 4 GiB' };
    const move = moveFor(newSize);
    const bytes = rewriteMoov(moovPayload, move, convertedToCo64);
    if (bytes.length !== newSize) throw new RewriteError(`new moov is ${bytes.length} bytes, planned ${newSize}`);
    const pieces: Piece[] = [];
    if (firstMdat > 0) pieces.push({ kind: 'copy', start: 0, end: mdatStart });
    pieces.push({ kind: 'moov' });
    if (moov.start > mdatStart) pieces.push({ kind: 'copy', start: mdatStart, end: moov.start });
    if (moov.end < fileSize) pieces.push({ kind: 'copy', start: moov.end, end: fileSize });
    return {
      kind: 'move',
      moov: bytes,
      pieces,
      newSize: fileSize - moov.size + bytes.length,
      convertedToCo64,
      move,
    };
  } catch (error) {
    if (error instanceof RewriteError) return { kind: 'refuse', reason: error.message };
    throw error;
  }
}
