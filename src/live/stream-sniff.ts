// Which streamable container a file's first bytes are, and whether it says where it ends. Pure.
//
// - Matroska/WebM: an EBML header, then the Segment. A writer that can seek (ffmpeg writing a file) puts
//   an "unknown" size there while it writes and the real size when it closes: a known size the file has
//   reached is the end marker. A writer that cannot seek (a pipe redirected to a file) leaves it unknown.
// - MPEG-TS (188-byte packets, or 192 with a timecode before each): no end marker.
// - Y4M: no end marker.

export type StreamKind = 'matroska' | 'mpegts' | 'y4m';

export interface StreamSniff {
  kind: StreamKind;
  /** Matroska with a known Segment size: the byte where the file ends. */
  endsAt?: number;
  /**
   * Matroska with no Cluster in sight: the byte up to which the file holds only header elements (EBML
   * header, SeekHead, Info, Tracks …). A file no longer than this has no media yet — x264's lookahead
   * keeps a generator's file header-only for a second or more — and says nothing about being done.
   */
  headerUntil?: number;
}

/** How many bytes sniffStream needs at most (an EBML header is a few dozen bytes; extensions may add some). */
export const SNIFF_BYTES = 4096;

const EBML_ID = 0x1a45dfa3;
const SEGMENT_ID = 0x18538067;
const CLUSTER_ID = 0x1f43b675;

/** An EBML variable-length integer at `offset`: its length in bytes and value (undefined: "unknown", all ones). */
function readVint(bytes: Uint8Array, offset: number): { length: number; value: number | undefined } | undefined {
  const first = bytes[offset];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23; // 1 for 0b1xxxxxxx … 8 for 0b00000001
  if (offset + length > bytes.length) return undefined;
  let value = first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = bytes[offset + i] as number;
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { length, value: allOnes ? undefined : value };
}

/** A 4-byte element ID at `offset`. */
const id4 = (bytes: Uint8Array, offset: number): number | undefined =>
  offset + 4 <= bytes.length ? (((bytes[offset] as number) << 24) | ((bytes[offset + 1] as number) << 16) | ((bytes[offset + 2] as number) << 8) | (bytes[offset + 3] as number)) >>> 0 : undefined;

/** An element ID at `offset` (1–4 bytes, its length marker kept): its length, or undefined when invalid or cut off. */
function idLength(bytes: Uint8Array, offset: number): number | 'cut' | undefined {
  const first = bytes[offset];
  if (first === undefined) return 'cut';
  if (first < 0x10) return undefined;
  const length = Math.clz32(first) - 23;
  return offset + length <= bytes.length ? length : 'cut';
}

/**
 * Walks the Segment's children from `offset`: undefined once a Cluster starts (media is there) or the
 * walk cannot go on (an unknown size, a damaged ID); otherwise where the header elements seen so far end
 * (past the bytes given when the last one is longer than they are).
 */
function headerElementsUntil(bytes: Uint8Array, offset: number): number | undefined {
  let at = offset;
  for (let elements = 0; elements < 64; elements++) {
    if (at >= bytes.length) return at;
    if (id4(bytes, at) === CLUSTER_ID) return undefined;
    const length = idLength(bytes, at);
    if (length === 'cut') return bytes.length;
    if (length === undefined) return undefined;
    const sizeByte = bytes[at + length];
    if (sizeByte === undefined) return bytes.length;
    if (sizeByte === 0) return undefined;
    const size = readVint(bytes, at + length);
    if (!size) return bytes.length; // its size field is cut off
    if (size.value === undefined) return undefined;
    at += length + size.length + size.value;
  }
  return undefined;
}

function sniffMatroska(bytes: Uint8Array): StreamSniff | undefined {
  if (id4(bytes, 0) !== EBML_ID) return undefined;
  const headerSize = readVint(bytes, 4);
  if (!headerSize || headerSize.value === undefined) return { kind: 'matroska' };
  const segmentAt = 4 + headerSize.length + headerSize.value;
  if (segmentAt >= bytes.length) return { kind: 'matroska', headerUntil: segmentAt };
  if (id4(bytes, segmentAt) !== SEGMENT_ID) return { kind: 'matroska' };
  const segmentSize = readVint(bytes, segmentAt + 4);
  if (!segmentSize) return { kind: 'matroska', headerUntil: bytes.length };
  const headerUntil = headerElementsUntil(bytes, segmentAt + 4 + segmentSize.length);
  return {
    kind: 'matroska',
    ...(segmentSize.value === undefined ? {} : { endsAt: segmentAt + 4 + segmentSize.length + segmentSize.value }),
    ...(headerUntil === undefined ? {} : { headerUntil }),
  };
}

/** The file holds only a Matroska header so far: no media to judge, nothing to say it is done. */
export const headerOnly = (sniffed: StreamSniff | undefined, size: number): boolean =>
  sniffed?.headerUntil !== undefined && size <= sniffed.headerUntil && !reachedEnd(sniffed, size);

const Y4M_MAGIC = Buffer.from('YUV4MPEG2 ');

function isTransportStream(bytes: Uint8Array): boolean {
  for (const [start, stride] of [[0, 188], [4, 192]] as const) {
    if (bytes[start] !== 0x47) continue;
    // One packet is all a just-begun file may have; more packets must all line up.
    let packets = 0;
    for (let at = start; at < bytes.length && packets < 4; at += stride, packets++) if (bytes[at] !== 0x47) break;
    if (packets === 4 || start + stride * packets >= bytes.length) return true;
  }
  return false;
}

/** Whether a file of `size` bytes has reached the end its header names (only Matroska with a known Segment size has one). */
export const reachedEnd = (sniffed: StreamSniff | undefined, size: number): boolean => sniffed?.endsAt !== undefined && size >= sniffed.endsAt;

/** What the first bytes of a file say it is (undefined: none of the streamable containers above). */
export function sniffStream(bytes: Uint8Array): StreamSniff | undefined {
  const matroska = sniffMatroska(bytes);
  if (matroska) return matroska;
  if (bytes.length >= Y4M_MAGIC.length && Buffer.from(bytes.buffer, bytes.byteOffset, Y4M_MAGIC.length).equals(Y4M_MAGIC)) return { kind: 'y4m' };
  if (isTransportStream(bytes)) return { kind: 'mpegts' };
  return undefined;
}
