// What a viewer sees, from the <video> element: presented frames (first frame, the gap at each chunk
// boundary) and waits for data (stalls).
import type { Emitter } from './emitter.js';

/** Watches presented frames (requestVideoFrameCallback): first frame, and the gap at each chunk boundary. */
export function watchFrames(video: HTMLVideoElement, started: () => number | undefined, starts: () => readonly number[], emitter: Emitter): void {
  const withCallback = video as HTMLVideoElement & { requestVideoFrameCallback?: (callback: (now: number, metadata: { mediaTime: number; presentationTime: number; expectedDisplayTime: number }) => void) => number };
  let first = true;
  /** Whole milliseconds from the first enqueue to `time` (never negative: a frame cannot come before). */
  const sinceStart = (time: number): number => Math.max(0, Math.round(time - (started() ?? time)));
  let lastChunk = -1;
  let lastPresented = 0;
  const chunkAt = (mediaTime: number): number => {
    const list = starts();
    let index = -1;
    for (let i = 0; i < list.length; i++) if (mediaTime + 1e-3 >= (list[i] as number)) index = i;
    return index;
  };
  if (!withCallback.requestVideoFrameCallback) {
    video.addEventListener('playing', () => { if (first) { first = false; emitter.emit('firstframe', { ms: sinceStart(performance.now()) }); } }, { once: true });
    return;
  }
  const onFrame = (_now: number, metadata: { mediaTime: number; presentationTime: number; expectedDisplayTime: number }): void => {
    if (first) {
      first = false;
      emitter.emit('firstframe', { ms: sinceStart(metadata.presentationTime) });
    }
    const chunk = chunkAt(metadata.mediaTime);
    if (lastChunk >= 0 && chunk > lastChunk) emitter.emit('boundary', { chunk, gapMs: metadata.presentationTime - lastPresented });
    lastChunk = chunk;
    lastPresented = metadata.presentationTime;
    withCallback.requestVideoFrameCallback?.(onFrame);
  };
  withCallback.requestVideoFrameCallback(onFrame);
}

/** Stall and resume events from the element's waits for data; `held()` says the player paused to wait for data itself. */
export function watchStalls(video: HTMLVideoElement, chunkNow: () => number, isDone: () => boolean, emitter: Emitter): { held: () => void } {
  let stalledAt: number | undefined;
  let played = false;
  const stalled = (): void => {
    if (!played || stalledAt !== undefined || isDone()) return;
    stalledAt = performance.now();
    emitter.emit('stall', { chunk: chunkNow(), atSec: video.currentTime });
  };
  video.addEventListener('playing', () => {
    played = true;
    if (stalledAt !== undefined) emitter.emit('resume', { chunk: chunkNow(), ms: performance.now() - stalledAt });
    stalledAt = undefined;
  });
  video.addEventListener('waiting', stalled);
  return { held: stalled };
}
