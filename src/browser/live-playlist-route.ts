// For the conversation bench's generator-pace scenario: the conversation's playlist as it stood when
// only the first `announced` chunks existed (no ENDLIST until all are), with blocking reloads (_HLS_msn)
// answered the moment the chunk is announced — what `streamprep serve` does for a growing playlist.
import { clampDelay } from '../limits.js';

/** The playlist cut after `count` segments; ENDLIST only when it holds them all. Pure. */
export function truncatePlaylist(playlist: string, count: number): string {
  const lines = playlist.trimEnd().split('\n').filter((line) => line !== '#EXT-X-ENDLIST');
  const firstSegmentLine = lines.findIndex((line) => /^#EXT(INF|-X-MAP|-X-DISCONTINUITY|-X-BYTERANGE)/.test(line));
  const header = firstSegmentLine < 0 ? lines : lines.slice(0, firstSegmentLine);
  const blocks: string[][] = [];
  let block: string[] = [];
  for (const line of firstSegmentLine < 0 ? [] : lines.slice(firstSegmentLine)) {
    block.push(line);
    if (!line.startsWith('#')) {
      blocks.push(block);
      block = [];
    }
  }
  const kept = blocks.slice(0, count).flat();
  return `${[...header, ...kept, ...(count >= blocks.length ? ['#EXT-X-ENDLIST'] : [])].join('\n')}\n`;
}

export interface LiveState {
  announced: number;
  /** Called when `announced` grows. */
  listeners: Set<() => void>;
}

export function announce(state: LiveState, count: number): void {
  state.announced = Math.max(state.announced, count);
  for (const listener of [...state.listeners]) listener();
}

/** The route: the truncated playlist, held for `_HLS_msn` until that segment is announced (at most 3 target durations). */
export function livePlaylistRoute(playlist: string, state: LiveState) {
  const total = playlist.split('\n').filter((line) => line.startsWith('#EXTINF:')).length;
  return async (url: URL): Promise<{ type: string; body: string }> => {
    const msn = Number(url.searchParams.get('_HLS_msn') ?? -1);
    if (Number.isInteger(msn) && msn >= state.announced && state.announced < total) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, clampDelay(3 * 6000));
        function done(): void {
          clearTimeout(timer);
          state.listeners.delete(check);
          resolve();
        }
        function check(): void {
          if (state.announced > msn) done();
        }
        state.listeners.add(check);
      });
    }
    return { type: 'application/vnd.apple.mpegurl', body: truncatePlaylist(playlist, state.announced) };
  };
}
