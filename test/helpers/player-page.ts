// A page that plays a conversation in the real browser, with streamprep's player or with hls.js, and
// records what happened (events, buffered ranges) in window.result for the test to read.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { playerRoutes } from '../../src/serve/player-assets.js';
import { startServer } from '../../src/serve/server.js';
import { ROOT } from './media.js';

/** serve's server on `root`, with the test page at /play.html, the player's modules and hls.js at /hls.mjs. */
export async function startPlayerServer(root: string): Promise<Awaited<ReturnType<typeof startServer>>> {
  const hlsScript = await readFile(path.join(ROOT, 'node_modules', 'hls.js', 'dist', 'hls.mjs'), 'utf8');
  return startServer({
    root,
    routes: {
      ...playerRoutes(),
      '/play.html': async () => ({ type: 'text/html; charset=utf-8', body: playerTestPage() }),
      '/hls.mjs': async () => ({ type: 'text/javascript', body: hlsScript }),
    },
  });
}
/**
 * A wait a viewer can see: playback held for two frames at 18 fps or more, or never resumed. A loaded
 * machine makes sub-millisecond `waiting` events (the media element re-checks its buffer between two
 * appends) that no one sees; the player's promise is about what a viewer notices.
 */
export const VISIBLE_WAIT_MS = 2000 / 18;

export function visibleWaits<E extends { type: string; ms?: number }>(events: readonly E[]): E[] {
  return events.filter((event) => (event.type === 'waiting' || event.type === 'resume') && (event.ms === undefined || event.ms >= VISIBLE_WAIT_MS))
    .concat(events.filter((event, i) => event.type === 'stall' && !events.slice(i + 1).some((later) => later.type === 'resume')));
}

export function playerTestPage(): string {
  return `<!doctype html><html><body><video id="v" muted playsinline width="256" height="256"></video>
<script type="module">
const params = new URLSearchParams(location.search);
const video = document.getElementById('v');
const result = { events: [], errors: [], done: false };
window.result = result;
const finish = () => {
  result.buffered = Array.from({ length: video.buffered.length }, (_, i) => [video.buffered.start(i), video.buffered.end(i)]);
  result.currentTime = video.currentTime;
  result.done = true;
};
let played = false;
let wait;
// A wait for data once playback has begun (the one before the first frame is the start, not a stall),
// with how long playback was held (ms; none when it never resumed).
video.addEventListener('playing', () => {
  played = true;
  if (wait) wait.ms = performance.now() - wait.since;
  wait = undefined;
});
video.addEventListener('waiting', () => {
  if (!played || video.ended || wait) return;
  wait = { type: 'waiting', at: video.currentTime, since: performance.now() };
  result.events.push(wait);
});
video.addEventListener('loadeddata', () => { result.loadedAtMs ??= Date.now(); });
if (params.get('mode') === 'hls') {
  video.addEventListener('ended', () => setTimeout(finish, 50));
  const { default: Hls } = await import('/hls.mjs');
  const hls = new Hls({ lowLatencyMode: true, startPosition: 0, debug: false });
  hls.on(Hls.Events.ERROR, (_, data) => result.errors.push({ type: data.type, details: data.details, fatal: data.fatal }));
  hls.loadSource(params.get('playlist'));
  hls.attachMedia(video);
  hls.on(Hls.Events.MANIFEST_PARSED, () => video.play().catch((e) => result.errors.push({ details: String(e) })));
} else {
  const { createChunkPlayer } = await import('/_streamprep/player/chunk-player.js');
  const player = createChunkPlayer(video, { forceSwap: params.get('mode') === 'swap', ...(params.has('margin') ? { liveMarginSec: Number(params.get('margin')) } : {}) });
  window.player = player;
  result.mode = player.mode;
  for (const type of ['firstframe', 'stall', 'resume', 'boundary', 'error', 'ended']) {
    player.on(type, (detail) => (type === 'error' ? result.errors : result.events).push({ type, ...detail }));
  }
  player.on('ended', () => setTimeout(finish, 50));
  if (params.has('follow')) {
    // The conversation's playlist followed as it grows (its parts, where it lists them).
    const { followPlaylist } = await import('/_streamprep/player/chunk-player.js');
    player.on('firstframe', () => { result.firstFrameAtMs = Date.now(); });
    followPlaylist(player, params.get('follow'), { onError: (message) => result.errors.push({ type: 'follow', message }) });
  } else {
  if (params.get('mode') === 'live') {
    // Chunk URLs pushed by the test as they are published (as server-sent events would push them).
    window.push = (url, options) => player.enqueue(url, options);
    window.finishPush = () => player.end();
    result.ready = true;
  }
  const urls = JSON.parse(params.get('chunks') ?? '[]');
  // Chunks announced over time, as server-sent events would push them.
  const gap = Number(params.get('every') ?? 0);
  for (const url of urls) {
    player.enqueue(url);
    if (gap) await new Promise((resolve) => setTimeout(resolve, gap));
  }
  if (params.get('mode') !== 'live') player.end();
  }
}
</script></body></html>`;
}
