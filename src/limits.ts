// Bounds on numbers that come from files or users before they reach Node's APIs. Pure.

/** Node's timers overflow above 2^31−1 ms (≈ 24.8 days) and then fire at once: every delay is capped. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A delay Node's timers take as meant: finite, ≥ 0, at most MAX_TIMER_MS (a NaN or negative one becomes 0). */
export function clampDelay(ms: number): number {
  if (Number.isNaN(ms) || ms <= 0) return 0;
  return Math.min(ms, MAX_TIMER_MS);
}

/** More threads per ffmpeg than any machine here could use; a larger --threads is a typo. */
export const MAX_THREADS = 64;
