// Playing at a live edge (MSE): what the player does when the viewer catches up with the newest media.
// After a run-out of data it holds for the live margin (doubled after each run-out, up to its largest),
// and while a chunk is still being written by a generator slower than real time it plays on — or pauses
// at that chunk's start, between sentences — only with as much ahead as plays the chunk to its end at
// the generator's pace (LivePace). The element is the only side effect. Browser code.
import { LivePace, expectedChunkSec } from './live-pace.js';

/** A pause at a boundary is timed this long before it (the last frame of the chunk before stays on screen). */
const BOUNDARY_LEAD_MS = 20;

/** The end of the media an element has buffered, s. */
export function bufferedEndOf(video: HTMLMediaElement): number {
  const ranges = video.buffered;
  return ranges.length ? ranges.end(ranges.length - 1) : 0;
}

/** Seconds of media buffered from the playhead on. */
export function bufferedAheadOf(video: HTMLMediaElement): number {
  const ranges = video.buffered;
  for (let i = 0; i < ranges.length; i++) if (ranges.end(i) > video.currentTime && ranges.start(i) <= video.currentTime + 0.1) return ranges.end(i) - video.currentTime;
  return 0;
}

export interface LiveEdgeView {
  /** Where the chunk still being written starts on the timeline; undefined for whole chunks, or after the end. */
  growingStart(): { chunk: number; start: number } | undefined;
  /** Each chunk's start on the timeline, so far. */
  starts(): ReadonlyArray<number | undefined>;
  /** Playback has been started (autoplay), and the stream has not ended. */
  live(): boolean;
  /** The player paused to wait for data itself (a stall a viewer sees). */
  onHeld(): void;
}

export interface LiveEdge {
  /** Media now buffered (after an append): measures the pace, plans a pause at the next boundary, resumes a hold. */
  appended(): void;
  /** Seconds of media to have ahead before starting or playing on. */
  neededAhead(): number;
  /** After a run-out or a hold, once enough is back: play on (called again after each append, and at the end). */
  resume(): void;
  /** The live margin in force, s. */
  margin(): number;
}

export function createLiveEdge(video: HTMLVideoElement, view: LiveEdgeView, options: { marginSec: number; maxMarginSec: number }): LiveEdge {
  let margin = Math.max(0, options.marginSec);
  const maxMargin = Math.max(margin, options.maxMarginSec);
  const pace = new LivePace();
  let starved = false;
  let holdUntil: number | undefined;
  /** The chunk being written whose start a resume already looked past (its boundary is not held again). */
  let clearedChunk: number | undefined;
  let boundaryTimer: ReturnType<typeof setTimeout> | undefined;

  const bufferedEnd = (): number => bufferedEndOf(video);
  const bufferedAhead = (): number => bufferedAheadOf(video);
  /** What to have buffered past `from` to play from there to the growing chunk's end at the generator's pace. */
  const neededFrom = (from: number): number => {
    const growing = view.growingStart();
    if (!growing) return 0;
    const toCome = Math.max(0, expectedChunkSec(view.starts()) - (bufferedEnd() - growing.start));
    return toCome === 0 ? 0 : pace.aheadFor(Math.max(0, bufferedEnd() - from) + toCome, performance.now());
  };

  const resume = (): void => {
    if (!starved || bufferedAhead() < 0.1) return;
    const now = performance.now();
    if (holdUntil === undefined) {
      holdUntil = now + margin * 1000;
      setTimeout(resume, margin * 1000);
      margin = Math.min(maxMargin, Math.max(margin * 2, 0.25));
      video.pause();
      return;
    }
    if (now < holdUntil || bufferedAhead() < neededFrom(video.currentTime)) return;
    holdUntil = undefined;
    starved = false;
    const growing = view.growingStart();
    if (growing && growing.start > video.currentTime) clearedChunk = growing.chunk;
    void video.play().catch(() => undefined);
  };

  /** While playing towards a chunk still being written: pause at its start when less of it is here than its pace needs. */
  const planBoundaryHold = (): void => {
    clearTimeout(boundaryTimer);
    const growing = view.growingStart();
    if (!growing || !view.live() || starved || video.paused || margin === 0 || growing.start <= video.currentTime + 0.05) return;
    // A resume just before the boundary already had this chunk's pace in view: no second wait for it.
    if (clearedChunk === growing.chunk) return;
    boundaryTimer = setTimeout(() => {
      if (starved || video.paused || !view.live()) return;
      if (bufferedEnd() - growing.start >= neededFrom(growing.start)) return;
      starved = true;
      holdUntil = performance.now(); // no run-out: no margin to hold, only the pace
      video.pause();
      view.onHeld();
    }, Math.max(0, ((growing.start - video.currentTime) * 1000) / (video.playbackRate || 1) - BOUNDARY_LEAD_MS));
  };

  video.addEventListener('playing', planBoundaryHold);
  video.addEventListener('waiting', () => {
    // A run-out of data (the viewer is at the live edge), not a decoder catching up with data at hand.
    if (view.live() && !video.ended && bufferedAhead() < 0.1 && margin > 0) starved = true;
  });

  return {
    appended() {
      pace.note(performance.now(), bufferedEnd());
      planBoundaryHold();
      resume();
    },
    neededAhead: () => neededFrom(video.currentTime),
    resume,
    margin: () => margin,
  };
}
