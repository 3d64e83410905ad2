// LL-HLS blocking playlist reload for the playlists streamprep writes: a request for `_HLS_msn=N` is
// held until the playlist holds segment N (or has ended), then answered with it — a client learns of
// a chunk the moment its playlist is renamed into place, not at its next poll. One folder watcher is
// shared by every request waiting on playlists in that folder.
import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import { clampDelay } from '../limits.js';
import { readPlaylist } from './playlist-reader.js';

/**
 * What the playlist says of the request for segment `msn` (and, with `part`, that segment's part `part`):
 * answer now, keep waiting, or refuse (too far ahead). Pure.
 */
export function blockingVerdict(playlist: string, msn: number, part?: number): 'ready' | 'wait' | 'too-far' {
  const lines = playlist.split('\n');
  const segments = lines.filter((line) => line.startsWith('#EXTINF:')).length;
  const first = Number(/^#EXT-X-MEDIA-SEQUENCE:(\d+)/m.exec(playlist)?.[1] ?? 0);
  const next = first + segments; // the sequence number the next segment will have
  if (msn < next || /^#EXT-X-ENDLIST/m.test(playlist)) return 'ready';
  // RFC 8216bis: a request more than two segments beyond the last is a 400.
  if (msn > next + 1) return 'too-far';
  // The parts of the segment under way follow the last EXTINF's URI line.
  if (part !== undefined && msn === next) {
    const lastSegment = lines.reduce((at, line, i) => (line.startsWith('#EXTINF:') ? i : at), -1);
    const parts = lines.slice(lastSegment + 1).filter((line) => line.startsWith('#EXT-X-PART:')).length;
    if (part < parts) return 'ready';
  }
  return 'wait';
}

/**
 * A live playlist that lists parts but no whole segment yet (a conversation's first fraction of a
 * second): hls.js and players like it cannot start from it — hls.js takes it as an error and asks again
 * only a target duration (6 s) later. Pure.
 */
export const awaitsFirstSegment = (playlist: string): boolean =>
  /^#EXT-X-PART-INF:/m.test(playlist) && !/^#EXTINF:/m.test(playlist) && !/^#EXT-X-ENDLIST/m.test(playlist);

/** The target duration, seconds (how long a blocking request may be held: three of them). */
export const targetDuration = (playlist: string): number => Number(/^#EXT-X-TARGETDURATION:(\d+)/m.exec(playlist)?.[1] ?? 6);

const watchers = new Map<string, { watcher: FSWatcher; listeners: Set<() => void> }>();

/** Calls `listener` on any change in `dir` until the returned function is called. */
function onFolderChange(dir: string, listener: () => void): () => void {
  let entry = watchers.get(dir);
  if (!entry) {
    const listeners = new Set<() => void>();
    const watcher = watch(dir, () => { for (const notify of [...listeners]) notify(); });
    watcher.on('error', () => { for (const notify of [...listeners]) notify(); });
    entry = { watcher, listeners };
    watchers.set(dir, entry);
  }
  const { listeners, watcher } = entry;
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      watcher.close();
      watchers.delete(dir);
    }
  };
}

export type BlockingResult = { status: 200; body: string } | { status: 400 | 404 | 503; body: string } | { status: 'plain' };

/**
 * The playlist at `file` once it holds segment `msn`: at once when it does, else as soon as it is
 * rewritten with it; 503 after three target durations (the client asks again), 400 when too far ahead;
 * `plain` when it is too large to hold (send it as a file). `signal` ends the wait (the client went away).
 */
export async function waitForSegment(file: string, msn: number, signal: AbortSignal, part?: number): Promise<BlockingResult> {
  const first = await readPlaylist(file);
  if (first.kind === 'missing') return { status: 404, body: 'not found\n' };
  if (first.kind === 'too-large') return { status: 'plain' };
  const verdict = blockingVerdict(first.text, msn, part);
  if (verdict === 'ready') return { status: 200, body: first.text };
  if (verdict === 'too-far') return { status: 400, body: `_HLS_msn=${msn} is more than two segments past the playlist's last\n` };
  let text = first.text;
  const outcome = await waitForPlaylist(file, async () => {
    const latest = await readPlaylist(file);
    if (latest.kind === 'too-large') return { status: 'plain' } as const;
    if (latest.kind === 'text') text = latest.text;
    return blockingVerdict(text, msn, part) === 'ready' ? { status: 200, body: text } as const : undefined;
  }, signal, 3 * targetDuration(first.text) * 1000);
  if (outcome === 'gone') return { status: 503, body: 'the client went away\n' };
  return outcome === 'timeout' ? { status: 503, body: `segment ${msn} is not there yet; ask again\n` } : outcome;
}

/**
 * A plain request for a live playlist that has no whole segment yet (awaitsFirstSegment) is held until
 * it has one, for at most `maxMs`, then answered as the playlist stands; `plain` when it need not be held
 * (send it as a file). Clients that want parts at once ask for them (`_HLS_msn=0&_HLS_part=0`).
 */
export async function waitForFirstSegment(file: string, signal: AbortSignal, maxMs: number): Promise<BlockingResult> {
  const first = await readPlaylist(file);
  if (first.kind !== 'text' || !awaitsFirstSegment(first.text)) return { status: 'plain' };
  let text = first.text;
  const outcome = await waitForPlaylist(file, async () => {
    const latest = await readPlaylist(file);
    if (latest.kind === 'too-large') return { status: 'plain' } as const;
    if (latest.kind === 'text') text = latest.text;
    return awaitsFirstSegment(text) ? undefined : { status: 200, body: text } as const;
  }, signal, maxMs);
  if (outcome === 'gone') return { status: 503, body: 'the client went away\n' };
  return outcome === 'timeout' ? { status: 200, body: text } : outcome;
}

/**
 * `look` at the playlist `file` now and after every change in its folder (a change during a look is
 * looked at again after it: the playlist's rename may be it) until it says something; 'gone' when the
 * client goes away, 'timeout' after `maxMs`. One folder watcher serves every waiting request.
 */
async function waitForPlaylist<T>(file: string, look: () => Promise<T | undefined>, signal: AbortSignal, maxMs: number): Promise<T | 'gone' | 'timeout'> {
  return new Promise((resolve) => {
    let checking = false;
    let again = false;
    const finish = (result: T | 'gone' | 'timeout'): void => {
      stop();
      clearTimeout(timer);
      signal.removeEventListener('abort', aborted);
      resolve(result);
    };
    const check = async (): Promise<void> => {
      if (checking) return void (again = true);
      checking = true;
      do {
        again = false;
        const said = await look();
        if (said !== undefined) return finish(said);
      } while (again);
      checking = false;
    };
    const stop = onFolderChange(path.dirname(file), () => void check());
    const aborted = (): void => finish('gone');
    signal.addEventListener('abort', aborted, { once: true });
    const timer = setTimeout(() => finish('timeout'), clampDelay(maxMs));
    // A rename between the first read and the watch starting would otherwise be missed.
    void check();
  });
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A preload hint's request (`Range: bytes=N-` on a chunk's file, the part not yet written): the length of
 * the part of `uri` starting at byte `offset` once the playlist lists it. Undefined when the playlist does
 * not hint it, or the wait ends first (the client went away, or `maxMs` passed).
 */
export async function waitForHintedPart(playlist: string, uri: string, offset: number, signal: AbortSignal, maxMs: number): Promise<number | undefined> {
  const listed = new RegExp(`^#EXT-X-PART:[^\\n]*URI="${escapeRegExp(uri)}",BYTERANGE="(\\d+)@${offset}"`, 'm');
  const hint = `#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${uri}",BYTERANGE-START=${offset}`;
  const look = async (): Promise<number | 'no' | 'wait'> => {
    const read = await readPlaylist(playlist);
    if (read.kind !== 'text') return 'no';
    const found = listed.exec(read.text);
    if (found) return Number(found[1]);
    return read.text.includes(hint) ? 'wait' : 'no';
  };
  const first = await look();
  if (first !== 'wait') return first === 'no' ? undefined : first;
  const outcome = await waitForPlaylist(playlist, async () => {
    const now = await look();
    return now === 'wait' ? undefined : now;
  }, signal, maxMs);
  return typeof outcome === 'number' ? outcome : undefined;
}
