// Feeds a player from a conversation's live playlist (<name>.hls/playlist.m3u8): each new chunk is
// enqueued the moment the playlist names it — held requests (LL-HLS blocking reload, `_HLS_msn`) where
// the server has them (streamprep serve does), plain polling otherwise — until the playlist ends.
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

/** The chunk URIs a playlist names, and whether it has ended. Pure. */
export function readPlaylist(text: string): { uris: string[]; ended: boolean } {
  const lines = text.split('\n').map((line) => line.trim());
  return { uris: lines.filter((line) => line && !line.startsWith('#')), ended: lines.includes('#EXT-X-ENDLIST') };
}

/** Follows `playlistUrl` into `player` until the playlist ends (then `player.end()`), the signal aborts or an error. */
export async function followPlaylist(player: ChunkPlayer, playlistUrl: string, options: FollowOptions = {}): Promise<void> {
  const { signal } = options;
  const base = new URL(playlistUrl, globalThis.location?.href);
  const giveUpAt = Date.now() + (options.startTimeoutSec ?? 30) * 1000;
  let count = 0;
  let blocking = true; // until the server shows it ignores _HLS_msn
  try {
    while (!signal?.aborted) {
      const url = new URL(base);
      if (count > 0 && blocking) url.searchParams.set('_HLS_msn', String(count));
      const response = await fetch(url, { signal, cache: 'no-store' });
      if (response.status === 404 && count === 0 && Date.now() < giveUpAt) {
        await sleep(500, signal); // the conversation has not published its first chunk yet
        continue;
      }
      if (response.status === 503) {
        // The server held the request as long as it holds one (or is busy): ask again, never in a tight loop.
        await sleep(250, signal);
        continue;
      }
      if (!response.ok) return options.onError?.(`${base.href}: HTTP ${response.status}`);
      const { uris, ended } = readPlaylist(await response.text());
      const before = count;
      for (const uri of uris.slice(count)) player.enqueue(new URL(uri, base).href);
      count = Math.max(count, uris.length);
      if (ended) return player.end();
      // Nothing new: a server without blocking reload answered at once. Poll instead, once a second.
      if (count === before) {
        blocking = false;
        await sleep(1000, signal);
      }
    }
  } catch (error) {
    if (!signal?.aborted) options.onError?.(`${base.href}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
