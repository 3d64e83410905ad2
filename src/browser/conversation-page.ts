// The page the conversation bench loads: one conversation played in one of four ways — raw chunks or
// optimized chunks in a two-element queue (the next preloaded, as chat front ends do), streamprep/player,
// or hls.js on the live playlist — with chunks announced by the bench as a server would push them.
// It records what a viewer sees from presented frames (requestVideoFrameCallback). Pure: HTML out.

export type PlaybackMode = 'raw-queue' | 'optimized-queue' | 'player' | 'hls.js';

export interface ConversationPageConfig {
  mode: PlaybackMode;
  /** Per chunk, the URL this mode plays (queue and player modes). */
  urls: string[];
  /** The live playlist (hls.js). */
  playlist: string;
  /** Where each chunk starts on the media timeline of the MSE modes, seconds. */
  starts: number[];
  /** A gap longer than this at a boundary counts as a stall (a picture frozen long enough to notice). */
  stallGapMs: number;
}

export interface ConversationPlayback {
  /** ms from the page's start to the first presented frame. */
  firstFrameMs?: number;
  /** Per boundary (chunk 1…n−1): ms between the last presented frame of the chunk before and its first. */
  gapsMs: number[];
  /** Per chunk: waits for data (`waiting`) while it played, and boundary gaps over stallGapMs before it. */
  stalls: number[];
  stallMs: number;
  /** ms from the page's start to the end of the last chunk. */
  wallMs?: number;
  error?: string;
}

export function renderConversationPage(config: ConversationPageConfig): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  // The player's code is loaded before the clock starts, as a front end's bundle already holds it.
  const imports = config.mode === 'player' ? "import { createChunkPlayer } from '/_streamprep/player/chunk-player.js';"
    : config.mode === 'hls.js' ? "import Hls from '/__hls.mjs';" : '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>streamprep conversation</title></head><body>
<script type="module">
${imports}
const config = ${json};
const start = performance.now();
const n = config.starts.length;
const result = { gapsMs: [], stalls: new Array(n).fill(0), stallMs: 0 };
let announced = 0;
const waiters = [];
window.announce = (count) => { announced = Math.max(announced, count); for (const w of waiters.splice(0)) w(); };
const until = async (test) => { while (!test()) await new Promise((r) => waiters.push(r)); };
let finish;
window.__result = new Promise((resolve) => { finish = (error) => { if (error) result.error = String(error); result.wallMs ??= performance.now() - start; resolve(result); }; });

function makeVideo() {
  const video = document.createElement('video');
  video.muted = true; video.playsInline = true; video.preload = 'auto';
  document.body.append(video);
  return video;
}

// Frames as presented: the first frame, and the gap at each boundary; chunkOf maps a frame to its chunk.
function watchFrames(video, chunkOf) {
  let lastChunk = -1; let lastAt = 0;
  const onFrame = (now, meta) => {
    result.firstFrameMs ??= meta.presentationTime - start;
    const chunk = chunkOf(meta);
    if (chunk > lastChunk) {
      if (lastChunk >= 0) {
        const gap = meta.presentationTime - lastAt;
        result.gapsMs.push(gap);
        if (gap > config.stallGapMs) result.stalls[chunk]++;
      }
      lastChunk = chunk;
    }
    lastAt = meta.presentationTime;
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
}

function watchWaiting(video, chunkNow) {
  let since;
  let played = false;
  video.addEventListener('playing', () => { played = true; if (since !== undefined) { result.stallMs += performance.now() - since; since = undefined; } });
  video.addEventListener('waiting', () => { if (played && since === undefined && !video.ended) { since = performance.now(); result.stalls[chunkNow()]++; } });
}

const mediaChunk = (time) => { let i = 0; for (let k = 0; k < n; k++) if (time + 1e-3 >= config.starts[k]) i = k; return i; };

/** Points an element at chunk i, once: preloading and playing must not load it twice. */
function load(video, i) {
  if (video.dataset.chunk === String(i)) return;
  video.dataset.chunk = String(i);
  video.src = config.urls[i];
}

async function queue() {
  // Two elements: one plays, the other holds the next chunk once it is announced.
  const elements = [makeVideo(), makeVideo()];
  let current = 0;
  let endedAt;
  for (let i = 0; i < n; i++) {
    const video = elements[i % 2];
    // A chunk plays once it exists: one that is late is waited for (the picture stays frozen: a stall).
    await until(() => announced > i);
    load(video, i);
    let frames = 0;
    const shown = new Promise((resolve) => {
      const onFrame = (now, meta) => {
        if (frames++ === 0) {
          result.firstFrameMs ??= meta.presentationTime - start;
          if (endedAt !== undefined) { const gap = meta.presentationTime - endedAt; result.gapsMs.push(gap); if (gap > config.stallGapMs) result.stalls[i]++; }
          resolve();
        }
        lastFrameAt = meta.presentationTime;
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    });
    let lastFrameAt;
    current = i;
    const waiting = watchWaitingOnce(video, i);
    const ended = new Promise((resolve, reject) => {
      video.addEventListener('ended', resolve, { once: true });
      video.addEventListener('error', () => reject(new Error('chunk ' + i + ': ' + (video.error?.message || 'error'))), { once: true });
    });
    video.style.display = '';
    elements[(i + 1) % 2].style.display = 'none';
    await video.play();
    // The next chunk is loaded into the other element as soon as it is announced.
    if (i + 1 < n) until(() => announced > i + 1).then(() => load(elements[(i + 1) % 2], i + 1));
    await shown;
    await ended;
    waiting.stop();
    endedAt = lastFrameAt ?? performance.now();
  }
}

function watchWaitingOnce(video, chunk) {
  let since; let played = false;
  const onPlaying = () => { played = true; if (since !== undefined) { result.stallMs += performance.now() - since; since = undefined; } };
  const onWaiting = () => { if (played && since === undefined && !video.ended) { since = performance.now(); result.stalls[chunk]++; } };
  video.addEventListener('playing', onPlaying);
  video.addEventListener('waiting', onWaiting);
  return { stop() { video.removeEventListener('playing', onPlaying); video.removeEventListener('waiting', onWaiting); if (since !== undefined) result.stallMs += performance.now() - since; } };
}

async function player() {
  const video = makeVideo();
  const chunkPlayer = createChunkPlayer(video);
  watchFrames(video, (meta) => mediaChunk(meta.mediaTime));
  // A wait at the end of a chunk is the next chunk's lateness.
  watchWaiting(video, () => mediaChunk(video.currentTime + 0.1));
  const ended = new Promise((resolve, reject) => {
    chunkPlayer.on('ended', resolve);
    chunkPlayer.on('error', ({ chunk, message }) => reject(new Error('chunk ' + chunk + ': ' + message)));
  });
  for (let i = 0; i < n; i++) { await until(() => announced > i); chunkPlayer.enqueue(config.urls[i]); }
  chunkPlayer.end();
  await ended;
}

async function hlsjs() {
  const video = makeVideo();
  watchFrames(video, (meta) => mediaChunk(meta.mediaTime));
  watchWaiting(video, () => mediaChunk(video.currentTime + 0.1));
  await until(() => announced > 0);
  const hls = new Hls({ lowLatencyMode: true, startPosition: 0 });
  await new Promise((resolve, reject) => {
    hls.on(Hls.Events.ERROR, (_, data) => { if (data.fatal) reject(new Error('hls.js: ' + data.details)); });
    video.addEventListener('ended', resolve, { once: true });
    hls.on(Hls.Events.MANIFEST_PARSED, () => video.play().catch(reject));
    hls.loadSource(config.playlist);
    hls.attachMedia(video);
  });
  hls.destroy();
}

const run = config.mode === 'player' ? player : config.mode === 'hls.js' ? hlsjs : queue;
run().then(() => finish(), finish);
</script></body></html>`;
}
