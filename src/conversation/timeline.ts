// One timeline for a conversation: where each chunk starts (the exact sum of the durations before it),
// how its video is timed on it, and where its audio stands. Pure.
//
// Audio is counted in samples at the output rate and encoded once for the whole conversation, as one
// continuous stream (audio-encoder.ts): its frames tile the timeline on one grid (multiples of 1024 from
// the conversation's start) with no seam at chunk boundaries. The AAC encoder adds PRIMING samples before
// the first real one, so the audio track's decode time is the timeline sample + PRIMING, and the video is
// shifted alike. A new encoder (after a restart) starts PREROLL samples before the first frame it must
// write and its first frames are dropped, so that frame decodes as it would have in one stream.

export const AAC_FRAME = 1024;
/** ffmpeg's AAC encoder's delay: its first frame decodes to these samples before the input's first. */
export const PRIMING = 1024;
/** Samples of earlier audio a new encoder starts with (its frames dropped). */
export const PREROLL = 2048;
/** Frames ffmpeg's AAC encoder holds back while its input is open: after n whole frames of input, n − 2 are out (Debian's 5.1 and the bundled 2018 build alike). */
export const ENCODER_LAG = 2;

/** Where a new encoder starts reading (a timeline sample) so that conversation frame `frame` comes out as in one stream. */
export const encoderInputStart = (frame: number): number => Math.max(0, (frame - 1) * AAC_FRAME - PREROLL);

export interface VideoTiming {
  /** Decode time of the first frame, in `timescale`. */
  decodeTime: number;
  /** Per frame, in `timescale`; the last is stretched or shortened so the chunk ends where its audio does. */
  durations: number[];
  /** Presentation − decode time per frame, in `timescale`. */
  ctsOffsets: number[];
}

export interface SourceFrame {
  duration: number;
  ctsOffset: number;
}

/**
 * Chunk video on the timeline: frames keep their relative times (rescaled from `sourceTimescale`),
 * the chunk starts at timeline sample `start` and ends at `end` (rate `rate`, shifted by `shift`
 * samples: the audio priming), and `editMediaTime` (the source's first presented time) maps to `start`.
 */
export function videoTiming(frames: readonly SourceFrame[], sourceTimescale: number, editMediaTime: number, span: { start: number; end: number; rate: number; shift: number }, timescale: number): VideoTiming {
  const at = (sample: number): number => Math.round(((sample + span.shift) * timescale) / span.rate);
  const begin = at(span.start);
  const finish = at(span.end);
  const rescale = (ticks: number): number => Math.round((ticks * timescale) / sourceTimescale);
  const durations: number[] = [];
  const ctsOffsets: number[] = [];
  let sourceDts = 0;
  let previous = 0;
  for (const [i, frame] of frames.entries()) {
    const dts = rescale(sourceDts);
    if (i > 0) durations.push(Math.max(1, dts - previous));
    previous = dts;
    ctsOffsets.push(rescale(sourceDts + frame.ctsOffset - editMediaTime) - dts);
    sourceDts += frame.duration;
  }
  if (frames.length > 0) durations.push(Math.max(1, finish - begin - previous));
  return { decodeTime: begin, durations, ctsOffsets };
}
