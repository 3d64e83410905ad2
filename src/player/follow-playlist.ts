// Feeds a player from a conversation's live playlist (<name>.hls/playlist.m3u8): each chunk is enqueued
// the moment the playlist names it — and, where the playlist lists parts (a chunk published while it is
// written, LL-HLS), each part the moment it is listed. Held requests (LL-HLS blocking reload, `_HLS_msn`
// and `_HLS_part`) where the server has them (streamprep serve does), plain polling otherwise — until the
// playlist ends.
import type { ChunkPlayer } from './types.js';

export interface FollowOptions {
  /** Stops following (the page leaves, the viewer closes the conversation). */
  signal?: AbortSignal;
  /** How long to wait for a playlist that is not there yet (the conversation has not started), s (default 30). */
  startTimeoutSec?: number;
  /** Called when following stops short of the playlist's end (HTTP error, no playlist, network). */
  onError?: (message: string) => void;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> => new Promise((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
});

export interface ListedPart { offset: number; length: number }

/** One segment of a live playlist: its URI, its byte range (when whole), and the parts listed for it. */
export interface ListedSegment {
  uri: string;
  /** Undefined for the segment still being written (parts only). */
  range: { offset: number; length: number } | undefined;
  /** Where its file's initialization section ends (its EXT-X-MAP's, or the byte range's start). */
  parts: ListedPart[];
}

/** A live playlist as a follower reads it. Pure. */
export function readPlaylist(text: string): { uris: string[]; segments: ListedSegment[]; ended: boolean; parts: boolean } {
  const lines = text.split('\n').map((line) => line.trim());
  const segments: ListedSegment[] = [];
  let parts: ListedPart[] = [];
  let partsUri: string | undefined;
  let range: { offset: number; length: number } | undefined;
  for (const line of lines) {
    if (line.startsWith('#EXT-X-PART:')) {
      const uri = /URI="([^"]*)"/.exec(line)?.[1];
      const bytes = /BYTERANGE="(\d+)@(\d+)"/.exec(line);
      if (uri === undefined || !bytes) continue;
      if (partsUri !== undefined && partsUri !== uri) parts = [];
      partsUri = uri;
      parts.push({ offset: Number(bytes[2]), length: Number(bytes[1]) });
    } else if (line.startsWith('#EXT-X-BYTERANGE:')) {
      const bytes = /^#EXT-X-BYTERANGE:(\d+)@(\d+)/.exec(line);
      range = bytes ? { offset: Number(bytes[2]), length: Number(bytes[1]) } : undefined;
    } else if (line && !line.startsWith('#')) {
      segments.push({ uri: line, range, parts: partsUri === line ? parts : [] });
      parts = [];
      partsUri = undefined;
      range = undefined;
    }
  }
  if (partsUri !== undefined && parts.length > 0) segments.push({ uri: partsUri, range: undefined, parts });
  return {
    uris: segments.filter((segment) => segment.range !== undefined || segment.parts.length === 0).map((segment) => segment.uri),
    segments,
    ended: lines.includes('#EXT-X-ENDLIST'),
    parts: lines.some((line) => line.startsWith('#EXT-X-PART-INF:')),
  };
}

/** How a player takes bytes: `parts` — listed parts as they come; `ranges` — byte ranges at all (MSE), or whole files only (swap). */
export interface UnitOptions { parts: boolean; ranges: boolean }

/**
 * What to enqueue next: for each segment, the bytes of its file not yet enqueued — its parts as they are
 * listed, or, once whole, the rest of it (the whole file when nothing of it was). A chunk's file may hold
 * several segments, one after another; a player of whole files only takes a file once its last segment
 * is listed. `done` is how far each file was enqueued (by URI; absent: nothing). Pure.
 */
export function nextUnits(segments: readonly ListedSegment[], done: ReadonlyMap<string, number>, options: UnitOptions): Array<{ uri: string; range: { offset: number; length: number } | undefined; continues: boolean }> {
  const out: Array<{ uri: string; range: { offset: number; length: number } | undefined; continues: boolean }> = [];
  const reached = new Map(done);
  for (const [i, segment] of segments.entries()) {
    const before = reached.get(segment.uri) ?? 0;
    let at = before;
    const whole = segment.range;
    // More of this file follows in the playlist (its next segment, or its parts under way).
    const more = segments.slice(i + 1).some((other) => other.uri === segment.uri);
    if (!options.ranges) {
      if (at > 0) continue;
      if (!whole) break;
      if (more) continue;
      out.push({ uri: segment.uri, range: undefined, continues: false });
      reached.set(segment.uri, Number.MAX_SAFE_INTEGER);
      continue;
    }
    if (options.parts) {
      for (const part of segment.parts) {
        if (part.offset + part.length <= at) continue;
        // The first part from byte 0: the file's initialization section comes with it.
        const from = at === 0 ? 0 : part.offset;
        out.push({ uri: segment.uri, range: { offset: from, length: part.offset + part.length - from }, continues: at > 0 });
        at = part.offset + part.length;
      }
    }
    if (whole) {
      const end = whole.offset + whole.length;
      if (at === 0) {
        out.push({ uri: segment.uri, range: more ? { offset: 0, length: end } : undefined, continues: false });
        at = more ? end : Number.MAX_SAFE_INTEGER;
      } else if (at < end) {
        out.push({ uri: segment.uri, range: { offset: at, length: end - at }, continues: true });
        at = end;
      }
    }
    reached.set(segment.uri, at);
    if (at === before && !whole) break; // a segment under way with nothing new: later ones cannot be listed yet
  }
  return out;
}

/** Follows `playlistUrl` into `player` until the playlist ends (then `player.end()`), the signal aborts or an error. */
export async function followPlaylist(player: ChunkPlayer, playlistUrl: string, options: FollowOptions = {}): Promise<void> {
  const { signal } = options;
  const base = new URL(playlistUrl, (globalThis as { location?: { href: string } }).location?.href);
  const giveUpAt = Date.now() + (options.startTimeoutSec ?? 30) * 1000;
  const useParts = player.mode === 'mse';
  const done = new Map<string, number>();
  let complete = 0; // whole segments seen (the next media sequence number)
  let openParts = 0; // parts seen of the segment under way
  let seen = false;
  let blocking = true; // until the server shows it ignores _HLS_msn
  let withParts = false;
  try {
    while (!signal?.aborted) {
      const url = new URL(base);
      const held = seen && blocking;
      if (held) {
        url.searchParams.set('_HLS_msn', String(complete));
        if (withParts && useParts) url.searchParams.set('_HLS_part', String(openParts));
      } else if (!seen && useParts) {
        // Parts from the first: a server that holds a plain request until the first whole segment
        // (streamprep serve, for hls.js) answers this one as soon as there is a part.
        url.searchParams.set('_HLS_msn', '0');
        url.searchParams.set('_HLS_part', '0');
      }
      const response = await fetch(url, { signal, cache: 'no-store' } as RequestInit);
      if (response.status === 404 && !seen && Date.now() < giveUpAt) {
        await sleep(500, signal); // the conversation has not published its first chunk yet
        continue;
      }
      if (response.status === 503) {
        // The server held the request as long as it holds one (or is busy): ask again, never in a tight loop.
        await sleep(250, signal);
        continue;
      }
      if (!response.ok) return options.onError?.(`${base.href}: HTTP ${response.status}`);
      const listed = readPlaylist(await response.text());
      const before = `${complete}/${openParts}`;
      seen = true;
      withParts = listed.parts;
      for (const unit of nextUnits(listed.segments, done, { parts: useParts && listed.parts, ranges: useParts })) {
        player.enqueue(new URL(unit.uri, base).href, { ...(unit.range ? { range: unit.range } : {}), ...(unit.continues ? { continues: true } : {}) });
        done.set(unit.uri, unit.range ? unit.range.offset + unit.range.length : Number.MAX_SAFE_INTEGER);
      }
      complete = listed.segments.filter((segment) => segment.range !== undefined).length;
      const open = listed.segments.at(-1);
      openParts = open && open.range === undefined ? open.parts.length : 0;
      if (listed.ended) return player.end();
      if (!held && `${complete}/${openParts}` === before) await sleep(withParts ? 200 : 1000, signal);
      // Nothing new for a held request: a server without blocking reload answered at once. Poll instead,
      // every part or every second.
      if (`${complete}/${openParts}` === before && held) {
        blocking = false;
        await sleep(withParts ? 200 : 1000, signal);
      }
    }
  } catch (error) {
    if (!signal?.aborted) options.onError?.(`${base.href}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
