// The conversation's live HLS playlist (an EVENT playlist of fMP4 segments): one entry per chunk, each
// a byte range of the chunk's CMAF file after its initialization section. A chunk published while it is
// written (live) is listed as LL-HLS parts first — byte ranges of the same file as it grows — with a
// preload hint for the next one; its segments are its runs of parts from each part marked as starting
// one (after a part whose audio is complete: a conversation's first chunk has short segments, the first
// ending in a keyframe after two parts), each listed as a segment once the next begins or the chunk is
// whole. (hls.js starts only once a playlist holds a whole segment.) A live playlist's segments may
// start between keyframes: it does not say INDEPENDENT-SEGMENTS. Pure.

/** A part of a chunk: a byte range of its file (one moof + mdat). */
export interface PlaylistPart {
  offset: number;
  bytes: number;
  durationSec: number;
  /** It starts with a keyframe. */
  independent: boolean;
  /** It starts a new segment of its chunk (after the first). */
  segment?: boolean | undefined;
}

export interface PlaylistEntry {
  /** The chunk's file, relative to the playlist. */
  uri: string;
  durationSec: number;
  /** Bytes of the initialization section at the start of the file; the segment is the rest. */
  initBytes: number;
  segmentBytes: number;
  /** A new initialization section starts here (the chunk's parameters differ from the one before). */
  discontinuity: boolean;
  /** Its parts, when it was published in parts (listed for the newest chunks only). */
  parts?: readonly PlaylistPart[] | undefined;
}

/** The chunk being published in parts: its parts so far (no segment yet), and where the next will start. */
export interface OpenEntry {
  uri: string;
  initBytes: number;
  discontinuity: boolean;
  parts: readonly PlaylistPart[];
  nextOffset: number;
}

export interface LiveParts {
  /** The longest a part lasts, s (PART-TARGET). */
  partTargetSec: number;
  open: OpenEntry | undefined;
}

/** Complete chunks whose parts are still listed (the newest ones, where an LL-HLS client starts). */
const PARTS_LISTED = 2;

const quoted = (uri: string): string => {
  if (/["\r\n]/.test(uri)) throw new Error(`a playlist URI cannot hold quotes or line breaks: ${JSON.stringify(uri)}`);
  return uri;
};

/** URIs are written percent-encoded where HLS or URLs need it (spaces, #, ?, %), path separators kept. */
export const playlistUri = (relative: string): string => relative.split('/').map(encodeURIComponent).join('/');

export const DEFAULT_TARGET_SEC = 6;

const partLine = (uri: string, part: PlaylistPart): string =>
  `#EXT-X-PART:DURATION=${part.durationSec.toFixed(6)},URI="${quoted(uri)}",BYTERANGE="${part.bytes}@${part.offset}"${part.independent ? ',INDEPENDENT=YES' : ''}`;

/** Seconds, rounded up to the millisecond (a PART-TARGET no part exceeds). */
const ceilMs = (seconds: number): number => Math.ceil(seconds * 1000 - 1e-6) / 1000;

/** A chunk's parts as segments: a new one at each part marked so (PlaylistPart.segment), after the first. Pure. */
export function segmentsOf(parts: readonly PlaylistPart[]): PlaylistPart[][] {
  const segments: PlaylistPart[][] = [];
  for (const part of parts) {
    if (segments.length === 0 || part.segment === true) segments.push([part]);
    else (segments.at(-1) as PlaylistPart[]).push(part);
  }
  return segments;
}

const sumSec = (parts: readonly PlaylistPart[]): number => parts.reduce((sum, part) => sum + part.durationSec, 0);
/** Bytes from the first part's start to the last part's end. */
const spanBytes = (parts: readonly PlaylistPart[]): number => {
  const [first, last] = [parts[0] as PlaylistPart, parts.at(-1) as PlaylistPart];
  return last.offset + last.bytes - first.offset;
};

/** A whole segment of `uri`: its EXTINF, byte range and URI lines. */
const segmentLines = (uri: string, durationSec: number, offset: number, bytes: number): string[] =>
  [`#EXTINF:${durationSec.toFixed(6)},`, `#EXT-X-BYTERANGE:${bytes}@${offset}`, uri];

export function formatPlaylist(entries: readonly PlaylistEntry[], ended: boolean, live?: LiveParts): string {
  // A live playlist's target duration must not change: 6 s covers sentence-long chunks from the start
  // (a longer chunk raises it, as it must).
  const target = Math.max(DEFAULT_TARGET_SEC, ...entries.map((entry) => Math.round(entry.durationSec)));
  const partTarget = live && ceilMs(live.partTargetSec);
  const lines = [
    '#EXTM3U',
    // Parts (EXT-X-PART, PART-INF, PRELOAD-HINT) came with version 9 of the protocol.
    `#EXT-X-VERSION:${live ? 9 : 7}`,
    `#EXT-X-TARGETDURATION:${target}`,
    '#EXT-X-PLAYLIST-TYPE:EVENT',
    // (A live chunk's segments after its first may start between keyframes; its parts say which are independent.)
    ...(live ? [] : ['#EXT-X-INDEPENDENT-SEGMENTS']),
    // Clients may ask for the next version (_HLS_msn, and _HLS_part with parts) and get it the moment a
    // chunk — or a part — is published. An LL-HLS client starts three parts behind the newest.
    live ? `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=${(3 * (partTarget as number)).toFixed(3)}` : '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES',
    ...(live ? [`#EXT-X-PART-INF:PART-TARGET=${(partTarget as number).toFixed(3)}`] : []),
    '#EXT-X-MEDIA-SEQUENCE:0',
  ];
  for (const [i, entry] of entries.entries()) {
    if (i > 0 && entry.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    if (i === 0 || entry.discontinuity) lines.push(`#EXT-X-MAP:URI="${quoted(entry.uri)}",BYTERANGE="${entry.initBytes}@0"`);
    const listParts = live !== undefined && i >= entries.length - PARTS_LISTED;
    const end = entry.initBytes + entry.segmentBytes;
    const segments = entry.parts && entry.parts.length > 0 ? segmentsOf(entry.parts) : [];
    if (segments.length < 2) {
      if (listParts) for (const part of entry.parts ?? []) lines.push(partLine(entry.uri, part));
      lines.push(...segmentLines(entry.uri, entry.durationSec, entry.initBytes, entry.segmentBytes));
      continue;
    }
    // Listed as while it was written; the last segment reaches to the chunk's end (its last audio).
    let before = 0;
    for (const [k, parts] of segments.entries()) {
      if (listParts) for (const part of parts) lines.push(partLine(entry.uri, part));
      const offset = (parts[0] as PlaylistPart).offset;
      const last = k === segments.length - 1;
      const durationSec = last ? entry.durationSec - before : sumSec(parts);
      const bytes = last ? end - offset : spanBytes(parts);
      lines.push(...segmentLines(entry.uri, durationSec, offset, bytes));
      before += durationSec;
    }
  }
  const open = live?.open;
  if (open && !ended) {
    if (entries.length > 0 && open.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    if (entries.length === 0 || open.discontinuity) lines.push(`#EXT-X-MAP:URI="${quoted(open.uri)}",BYTERANGE="${open.initBytes}@0"`);
    // Its runs of parts before the newest keyframe are whole segments already.
    const segments = segmentsOf(open.parts);
    for (const [k, parts] of segments.entries()) {
      for (const part of parts) lines.push(partLine(open.uri, part));
      if (k === segments.length - 1) break;
      lines.push(...segmentLines(open.uri, sumSec(parts), (parts[0] as PlaylistPart).offset, spanBytes(parts)));
    }
    lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${quoted(open.uri)}",BYTERANGE-START=${open.nextOffset}`);
  }
  if (ended) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** The media sequence number the next chunk will have (for blocking reloads: `_HLS_msn`). */
export function nextMediaSequence(playlist: string): number {
  return playlist.split('\n').filter((line) => line.startsWith('#EXTINF:')).length;
}
