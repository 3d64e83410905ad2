// The page the browser bench loads: it plays one video and records what a viewer feels. Pure: HTML out.
// (A conversation's page, chunks back to back: conversation-page.ts.)

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

/** `srcs` are URL paths on the same server; the first is measured, to its end if `full`. */
export function renderPlayerPage(srcs: readonly string[], full: boolean): string {
  const config = JSON.stringify({ srcs, full });
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
window.__result = single().catch((e) => ({ error: String(e) }));
</script></body></html>`;
}
