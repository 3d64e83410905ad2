// The page the live bench loads: a viewer present before the conversation starts, following its playlist
// with streamprep/player (followPlaylist) or with hls.js (lowLatencyMode). It records every presented
// frame (its media time and the wall clock, requestVideoFrameCallback) and every wait for data once
// playback began, for the bench to measure glass to glass against the generator's clock. Pure: HTML out.

export type LiveViewer = 'player' | 'hls.js';

export interface LivePlayback {
  /** Per presented frame: [media time s, wall clock ms (Date.now)]. */
  frames: Array<[number, number]>;
  /** Waits for data after playback began (the element's, or a pause of the player's own): where (media time), when (wall ms) and how long (ms; undefined: never resumed). */
  waits: Array<{ at: number; since: number; ms: number | undefined }>;
  errors: string[];
  ended: boolean;
  /** The player's live margin at the end, s (streamprep/player). */
  marginSec?: number;
}

export function renderLivePage(viewer: LiveViewer, playlist: string): string {
  const config = JSON.stringify({ viewer, playlist }).replace(/</g, '\\u003c');
  const imports = viewer === 'player'
    ? "import { createChunkPlayer, followPlaylist } from '/_streamprep/player/chunk-player.js';"
    : "import Hls from '/__hls.mjs';";
  return `<!doctype html><html><head><meta charset="utf-8"><title>streamprep live</title></head><body>
<video id="v" muted playsinline width="512" height="512"></video>
<script type="module">
${imports}
const config = ${config};
const video = document.getElementById('v');
const result = { frames: [], waits: [], errors: [], ended: false };
window.__live = result;
let played = false;
let wait;
video.addEventListener('playing', () => { played = true; if (wait) wait.ms = performance.now() - wait.t; wait = undefined; });
const waitStarts = () => {
  if (!played || video.ended || wait) return;
  wait = { at: video.currentTime, since: Date.now(), ms: undefined, t: performance.now() };
  result.waits.push(wait);
};
// A wait for data is the element's (waiting) or the player's own (it pauses to let data come): the viewer sees both.
video.addEventListener('waiting', waitStarts);
video.addEventListener('pause', waitStarts);
video.addEventListener('ended', () => { result.ended = true; });
const onFrame = (_now, meta) => { result.frames.push([meta.mediaTime, Date.now() - (performance.now() - meta.presentationTime)]); video.requestVideoFrameCallback(onFrame); };
video.requestVideoFrameCallback(onFrame);
// Started when the backend would announce the conversation (its first part is listed): the page and
// its scripts were loaded before, as a front end's are.
window.__start = () => {
  // (Once: a second player on the same element would detach the first one's MediaSource.)
  if (window.__started) return;
  window.__started = true;
  if (config.viewer === 'player') {
    const player = createChunkPlayer(video);
    window.__margin = () => player.liveMarginSec();
    player.on('error', (detail) => result.errors.push(detail.message));
    followPlaylist(player, config.playlist, { startTimeoutSec: 120, onError: (message) => result.errors.push(message) });
  } else {
    const hls = new Hls({ lowLatencyMode: true });
    hls.on(Hls.Events.ERROR, (_, data) => { if (data.fatal) result.errors.push(data.details); });
    hls.loadSource(config.playlist);
    hls.attachMedia(video);
    hls.on(Hls.Events.MANIFEST_PARSED, () => video.play().catch((error) => result.errors.push(String(error))));
  }
};
window.__ready = true;
</script></body></html>`;
}
