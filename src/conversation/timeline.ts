// One timeline for a conversation: where each chunk starts (the exact sum of the durations before it),
// and how its audio is cut so that the AAC frames of consecutive chunks tile the timeline with no gap
// and no overlap. Pure.
//
// Audio is counted in samples at the output rate. The AAC encoder adds PRIMING samples before the
// first real one, so a chunk encoded alone would start with 1024 samples of near-silence; instead each
// chunk's audio is encoded together with the PREROLL samples before it, and only the frames after them
// are kept. Frame boundaries lie on one grid (multiples of 1024 from the conversation's start), and a
// chunk's audio segment ends MARGIN samples before its end, where the next chunk's encode takes over —
// far enough that neither encode sees the cut, so the overlap of the last frame of one and the first
// of the next cancels as it does inside one stream.

export const AAC_FRAME = 1024;
/** ffmpeg's AAC encoder's delay: its first frame decodes to these samples before the input's first. */
export const PRIMING = 1024;
/** Samples of the previous audio each chunk's encode starts with (dropped from the output). */
export const PREROLL = 2048;
/** Samples before a chunk's end where its audio segment stops (the next chunk's encode covers them). */
export const MARGIN = 2048;

/** Where chunk n's audio segment starts, on the frame grid: before its start by MARGIN or more. */
export function audioSegmentStart(chunkStart: number, index: number): number {
  if (index === 0) return -PRIMING;
  return Math.max(-PRIMING, Math.floor((chunkStart - MARGIN) / AAC_FRAME) * AAC_FRAME);
}

export interface AudioCut {
  /** The first timeline sample the encode reads (its preroll starts here). */
  inputStart: number;
  /** The timeline sample after the last it reads: the chunk's end. */
  inputEnd: number;
  /** Frames of that encode kept for this chunk: [first, end); `end` undefined keeps all that follow. */
  firstFrame: number;
  endFrame: number | undefined;
  /** Decode time of the first kept frame on the audio track (timeline sample + PRIMING). */
  decodeTime: number;
}

/**
 * The audio cut of chunk `index` spanning timeline samples [start, end). `last` keeps every remaining
 * frame (the conversation ends with it); otherwise the segment stops where the next chunk's begins.
 */
export function audioCut(index: number, start: number, end: number, last: boolean): AudioCut {
  const segmentStart = audioSegmentStart(start, index);
  const inputStart = Math.max(0, segmentStart - PREROLL);
  // Frame k of an encode decodes to input samples [(k − 1)·1024, k·1024) (the first is the priming).
  const frameAt = (sample: number): number => (sample - inputStart) / AAC_FRAME + 1;
  const segmentEnd = Math.max(segmentStart, audioSegmentStart(end, index + 1));
  return {
    inputStart,
    inputEnd: end,
    firstFrame: frameAt(segmentStart),
    endFrame: last ? undefined : frameAt(segmentEnd),
    decodeTime: segmentStart + PRIMING,
  };
}

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
