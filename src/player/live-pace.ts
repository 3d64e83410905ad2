// How far ahead a live viewer must be buffered to play on without running out again, when the live edge
// grows slower than real time (a generator at half speed): the media still to come in the chunk being
// written times the share the generator cannot keep up with. A viewer that waits that long waits once
// per chunk, at its boundary, instead of every time the margin runs dry; one that waits longer only
// falls further behind. Pure: times are passed in. Browser code, no imports.

/** The sentence length assumed before a chunk has been seen whole, s (the users' chunks: 4–6 s). */
export const DEFAULT_CHUNK_SEC = 5;
/** The live edge's growth is measured over this much wall time, ms... */
const RATE_WINDOW_MS = 4_000;
/** ...and not before it covers this much (a chunk's first parts come in a burst). */
const MIN_SPAN_MS = 1_000;
/** Below this rate (media s per wall s) the generator is slower than real time; above, the margin rules alone. */
const SLOW_RATE = 0.8;
/**
 * Slack on top of the pace, s: media comes in steps (parts of a third of a second), a player runs dry a
 * little before the end of its data, and a chunk's last part is published only once its encode has ended
 * (later than the pace says; more so on a busy machine).
 */
export const STEP_SEC = 0.9;

export class LivePace {
  /** [wall ms, end of the media buffered then, s], oldest first; one kept from before the window. */
  #arrivals: Array<[number, number]> = [];

  /** Media now buffered to `endSec` (after an append). */
  note(nowMs: number, endSec: number): void {
    const last = this.#arrivals.at(-1);
    if (last && endSec <= last[1]) return;
    this.#arrivals.push([nowMs, endSec]);
    while (this.#arrivals.length > 2 && (this.#arrivals[1] as [number, number])[0] <= nowMs - RATE_WINDOW_MS) this.#arrivals.shift();
  }

  /** Media seconds the live edge grew per wall second lately (undefined until it covers MIN_SPAN_MS). */
  rate(nowMs: number): number | undefined {
    const first = this.#arrivals[0];
    const last = this.#arrivals.at(-1);
    if (!first || !last || nowMs - first[0] < MIN_SPAN_MS || last === first) return undefined;
    return (last[1] - first[1]) / ((nowMs - first[0]) / 1000);
  }

  /**
   * Seconds of media to have ahead before playing on, with `remainingSec` of the chunk being written
   * still to come: 0 while the generator keeps real time (or its pace is not known yet).
   */
  aheadFor(remainingSec: number, nowMs: number): number {
    const rate = this.rate(nowMs);
    if (rate === undefined || rate >= SLOW_RATE || remainingSec <= 0) return 0;
    return Math.min(remainingSec, remainingSec * (1 - Math.max(0, rate)) + STEP_SEC);
  }
}

/** A chunk's expected length: the median of the last three whole chunks (their starts on the timeline), else DEFAULT_CHUNK_SEC. */
export function expectedChunkSec(starts: ReadonlyArray<number | undefined>): number {
  const lengths: number[] = [];
  for (let i = starts.length - 1; i > 0 && lengths.length < 3; i--) {
    const start = starts[i - 1];
    const next = starts[i];
    if (start !== undefined && next !== undefined && next > start) lengths.push(next - start);
  }
  if (lengths.length === 0) return DEFAULT_CHUNK_SEC;
  lengths.sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length / 2)] as number;
}
