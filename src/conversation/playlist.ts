// The conversation's live HLS playlist (an EVENT playlist of fMP4 segments): one entry per chunk, each
// a byte range of the chunk's CMAF file after its initialization section. Pure.

export interface PlaylistEntry {
  /** The chunk's file, relative to the playlist. */
  uri: string;
  durationSec: number;
  /** Bytes of the initialization section at the start of the file; the segment is the rest. */
  initBytes: number;
  segmentBytes: number;
  /** A new initialization section starts here (the chunk's parameters differ from the one before). */
  discontinuity: boolean;
}

const quoted = (uri: string): string => {
  if (/["\r\n]/.test(uri)) throw new Error(`a playlist URI cannot hold quotes or line breaks: ${JSON.stringify(uri)}`);
  return uri;
};

/** URIs are written percent-encoded where HLS or URLs need it (spaces, #, ?, %), path separators kept. */
export const playlistUri = (relative: string): string => relative.split('/').map(encodeURIComponent).join('/');

export const DEFAULT_TARGET_SEC = 6;

export function formatPlaylist(entries: readonly PlaylistEntry[], ended: boolean): string {
  // A live playlist's target duration must not change: 6 s covers sentence-long chunks from the start
  // (a longer chunk raises it, as it must).
  const target = Math.max(DEFAULT_TARGET_SEC, ...entries.map((entry) => Math.round(entry.durationSec)));
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${target}`,
    '#EXT-X-PLAYLIST-TYPE:EVENT',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    // Clients may ask for the next version (_HLS_msn) and get it the moment a chunk is verified.
    `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES`,
    '#EXT-X-MEDIA-SEQUENCE:0',
  ];
  for (const [i, entry] of entries.entries()) {
    if (i > 0 && entry.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    if (i === 0 || entry.discontinuity) lines.push(`#EXT-X-MAP:URI="${quoted(entry.uri)}",BYTERANGE="${entry.initBytes}@0"`);
    lines.push(`#EXTINF:${entry.durationSec.toFixed(6)},`, `#EXT-X-BYTERANGE:${entry.segmentBytes}@${entry.initBytes}`, entry.uri);
  }
  if (ended) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** The media sequence number the next chunk will have (for blocking reloads: `_HLS_msn`). */
export function nextMediaSequence(playlist: string): number {
  return playlist.split('\n').filter((line) => line.startsWith('#EXTINF:')).length;
}
