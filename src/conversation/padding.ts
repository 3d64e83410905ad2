// The silence the timeline adds where a chunk's audio stops before its video ends (and where a crash lost
// samples) is not written as exact zeros. ffmpeg's AAC encoder spends far longer on sound next to frames
// of exact zeros (by its source, its rate control lets lambda climb while nothing takes bits, then encodes
// the onset again until its bits fit): 48 chunks of real footage whose audio stops ~90 ms short cost the
// conversation's encoder 1.48 CPU-s against 1.13 s for the same audio without the gaps, and 1.21 s with
// the gaps dithered as here (Debian's ffmpeg 5.1, twoloop coder). The dither is triangular at ±1 LSB of 16-bit audio (≤ −90 dBFS: what a
// 16-bit source's silence is anyway), a function of the sample's place on the timeline — the same timeline
// always encodes to the same bytes. Pure.

/** One least significant bit of 16-bit audio, as a float sample. */
export const DITHER_PEAK = 1 / 32_768;

/** A uniform value in [0, 1) from an integer (a 32-bit integer hash: no state, any order). */
function uniform(index: number, salt: number): number {
  let h = Math.imul((index ^ salt) | 0, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4_294_967_296;
}

/** The silence at interleaved timeline sample `index`. */
export const silenceAt = (index: number): number => (uniform(index, 0x68e31da4) - uniform(index, 0x1b56c4e9)) * DITHER_PEAK;

/**
 * Writes the timeline's silence into `samples` from index `from` to `to` (interleaved); `position`: the
 * timeline's interleaved index of `samples[0]`. Returns `samples`.
 */
export function fillSilence(samples: Float32Array, from = 0, position = 0, to = samples.length): Float32Array {
  for (let i = Math.max(0, from); i < to; i++) samples[i] = silenceAt(position + i);
  return samples;
}
