// Where MSE is missing: two <video> elements take turns.
import { createEmitter } from './emitter.js';
import type { ChunkPlayer, ChunkPlayerOptions } from './types.js';

/** Where MSE is missing: two elements take turns, the next chunk preloaded in the hidden one. */
export function createSwapPlayer(video: HTMLVideoElement, options: ChunkPlayerOptions): ChunkPlayer {
  const emitter = createEmitter();
  let started: number | undefined; // the first enqueue
  const spare = video.cloneNode(false) as HTMLVideoElement;
  spare.style.display = 'none';
  video.after(spare);
  const elements = [video, spare];
  const urls: string[] = [];
  let playing = -1;
  let ended = false;
  let firstShown = false;
  let lastFrameAt = 0;

  const load = (element: HTMLVideoElement, index: number): void => {
    element.preload = 'auto';
    element.src = urls[index] as string;
    element.load();
  };
  const advance = (): void => {
    const next = playing + 1;
    if (next >= urls.length) {
      if (ended && playing >= 0) emitter.emit('ended', {});
      return;
    }
    const current = elements[playing % 2] as HTMLVideoElement | undefined;
    const upcoming = elements[next % 2] as HTMLVideoElement;
    if (playing < 0 || upcoming.src !== urls[next]) load(upcoming, next);
    playing = next;
    if (current) current.style.display = 'none';
    upcoming.style.display = '';
    void upcoming.play().catch(() => undefined);
    upcoming.addEventListener('playing', () => {
      const now = performance.now();
      if (!firstShown) {
        firstShown = true;
        emitter.emit('firstframe', { ms: Math.round(now - (started ?? now)) });
      } else emitter.emit('boundary', { chunk: next, gapMs: now - lastFrameAt });
    }, { once: true });
    // Preload the one after in the element just freed.
    if (current && next + 1 < urls.length) load(current, next + 1);
  };
  for (const [i, element] of elements.entries()) {
    element.addEventListener('ended', () => {
      lastFrameAt = performance.now();
      if (playing % 2 === i) advance();
    });
    element.addEventListener('error', () => {
      if (playing % 2 !== i) return;
      emitter.emit('error', { chunk: playing, url: urls[playing] as string, message: element.error?.message || 'the browser could not play it' });
      advance();
    });
  }
  return {
    mode: 'swap',
    enqueue(url, enqueueOptions = {}) {
      if (ended) throw new Error('the player has ended: enqueue() after end()');
      if (enqueueOptions.range || enqueueOptions.continues) throw new Error('parts of a chunk play only with MSE (mode "mse")');
      started ??= performance.now();
      urls.push(new URL(url, document.baseURI).href);
      if (playing < 0 && options.autoplay !== false) advance();
      else if (playing >= 0 && (elements[playing % 2] as HTMLVideoElement).ended) advance();
      else if (urls.length === playing + 2) load(elements[(playing + 1) % 2] as HTMLVideoElement, playing + 1);
    },
    end() {
      ended = true;
    },
    // Two elements, no shared timeline: the live margin does not apply; the latency is what the playing element has left.
    latencySec: () => {
      const current = elements[Math.max(0, playing) % 2] as HTMLVideoElement;
      return Number.isFinite(current.duration) ? Math.max(0, current.duration - current.currentTime) : 0;
    },
    liveMarginSec: () => 0,
    on: emitter.on,
    destroy() {
      for (const element of elements) {
        element.pause();
        element.removeAttribute('src');
      }
      spare.remove();
    },
  };
}
