// The page the browser bench loads: it plays one video (or a queue of chunks, the next preloaded while
// the current one plays, as a chat front end does) and records what a viewer feels. Pure: HTML out.

export interface PlaybackMetrics {
  /** ms from setting src to loadedmetadata. */
  metadataMs?: number;
  /** ms from setting src to the first frame painted (requestVideoFrameCallback). */
  firstFrameMs?: number;
  /** ms from setting src to the first `playing`. */
  playingMs?: number;
  /** `waiting` after playback began, and their total length in ms. */
  stalls: number;
  stallMs: number;
  /** Played to the end (false: stopped after the first frame, or an error). */
  ended: boolean;
  error?: string;
}

export interface QueueMetrics {
  /** Per chunk: ms from the previous chunk's end (or from the start, for the first) to its first frame. */
  gapsMs: number[];
  stalls: number;
  stallMs: number;
  error?: string;
}

/** `srcs` are URL paths on the same server; `mode` single measures the first, to its end if `full`. */
export function renderPlayerPage(srcs: readonly string[], mode: 'single' | 'queue', full: boolean): string {
  const config = JSON.stringify({ srcs, mode, full });
  return `<!doctype html><html><head><meta charset="utf-8"><title>streamprep player</title></head><body>
<script>
const config = ${config.replace(/</g, '\\u003c')};
const now = () => performance.now();
function watch(video, metrics, start) {
  let waitingSince;
  video.addEventListener('loadedmetadata', () => { metrics.metadataMs ??= now() - start; });
  video.addEventListener('playing', () => {
    metrics.playingMs ??= now() - start;
    if (waitingSince !== undefined) { metrics.stallMs += now() - waitingSince; waitingSince = undefined; }
  });
  video.addEventListener('waiting', () => {
    if (metrics.playingMs !== undefined && waitingSince === undefined) { metrics.stalls++; waitingSince = now(); }
  });
}
function makeVideo(src) {
  const video = document.createElement('video');
  video.muted = true; video.playsInline = true; video.preload = 'auto';
  document.body.append(video);
  return video;
}
async function single() {
  const metrics = { stalls: 0, stallMs: 0, ended: false };
  const video = makeVideo();
  watch(video, metrics, now());
  const start = now();
  await new Promise((resolve) => {
    video.addEventListener('error', () => { metrics.error = video.error ? video.error.message || ('code ' + video.error.code) : 'error'; resolve(); });
    video.addEventListener('ended', () => { metrics.ended = true; resolve(); });
    video.requestVideoFrameCallback(() => { metrics.firstFrameMs = now() - start; if (!config.full) resolve(); });
    video.src = config.srcs[0];
    video.play().catch((e) => { metrics.error = String(e); resolve(); });
  });
  return metrics;
}
async function queue() {
  const result = { gapsMs: [], stalls: 0, stallMs: 0 };
  let ready = makeVideo();
  ready.src = config.srcs[0];
  let endedAt = now();
  for (let i = 0; i < config.srcs.length; i++) {
    const video = ready;
    const metrics = { stalls: 0, stallMs: 0 };
    watch(video, metrics, now());
    const error = await new Promise((resolve) => {
      video.addEventListener('error', () => resolve(video.error ? video.error.message || ('code ' + video.error.code) : 'error'));
      video.requestVideoFrameCallback(() => { result.gapsMs.push(now() - endedAt); });
      video.addEventListener('playing', () => {
        // Preload the next chunk while this one plays.
        if (i + 1 < config.srcs.length && ready === video) { ready = makeVideo(); ready.src = config.srcs[i + 1]; }
      }, { once: true });
      video.addEventListener('ended', () => { endedAt = now(); resolve(undefined); });
      video.play().catch((e) => resolve(String(e)));
    });
    result.stalls += metrics.stalls; result.stallMs += metrics.stallMs;
    video.remove();
    if (error) { result.error = error; break; }
  }
  return result;
}
window.__result = (config.mode === 'queue' ? queue() : single()).catch((e) => ({ error: String(e) }));
</script></body></html>`;
}
