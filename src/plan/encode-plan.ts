// Decides how one input is adapted to a preset: size, rate, level, audio. Pure: facts and preset in, plan out.
import { findLevel, fitFrameToLevel, levelViolation, lowestFittingLevel } from '../h264/levels.js';
import type { LoudnessMeasure } from '../ffmpeg/args.js';
import type { Preset } from '../presets/preset.js';
import type { MediaFacts } from '../probe/facts.js';
import { type ColourPlan, planColour } from './colour-plan.js';

export interface EncodePlan {
  videoStreamIndex: number;
  /** Output frame size (even; fits `level`). */
  width: number;
  height: number;
  /**
   * How the displayed input becomes width×height: a crop of the odd last row/column (sharper than
   * rescaling by one pixel), a scale to fit the level, or nothing.
   */
  resize: 'crop' | 'scale' | undefined;
  /**
   * Interlaced source: deinterlaced first (one frame per frame), so scaling does not smear the fields —
   * 'all' frames (the container says interlaced) or the 'flagged' ones (H.264 that may code fields).
   */
  deinterlace: 'all' | 'flagged' | false;
  /** HDR tone mapping, RGB conversion and the colour the output declares. */
  colour: ColourPlan;
  /** Output rate when the source is capped; undefined keeps the source's rate and timestamps. */
  capFps: number | undefined;
  /** The rate the output will have, for level checks and the report. */
  outputFps: number | undefined;
  /** Level written into the stream; the preset's, or higher under "raise-level". */
  level: string;
  audio: { streamIndex: number } | undefined;
  /**
   * The output lasts what the input's video lasts: audio (and video) end at `durationSec` — the AAC edit
   * list then carries the priming and the end padding — and a constant-rate source capped to `fps`
   * becomes exactly round(duration × fps) frames on the output's grid (`frames`): a 4.000 s chunk at
   * 18 fps is 72 frames, not 73. A variable-rate source keeps its own frames under the cap (none
   * duplicated), so its count is ffmpeg's. Undefined when the duration is unknown.
   */
  trim: { durationSec: number | undefined; fps: number | undefined; frames: number | undefined } | undefined;
  /** Even loudness: set once the input's audio has been measured (prepare-job.ts). */
  loudness?: { target: { integratedLufs: number; truePeakDbtp: number }; measured: LoudnessMeasure } | undefined;
  /** A keyframe at least every this many frames (the preset's keyframeIntervalSec at the output rate). */
  keyframeInterval: number | undefined;
  /** What was changed to make the input fit, one short phrase each, for the report. */
  adaptations: string[];
}

const even = (value: number): number => Math.max(2, 2 * Math.floor(value / 2));

/** A peak this much over the cap is a burst (timestamps rounded to milliseconds make 18 fps read as up to 18.2). */
const PEAK_TOLERANCE = 1.02;

export function planEncode(facts: MediaFacts, preset: Preset): EncodePlan {
  const adaptations: string[] = [];
  const { video } = facts;
  const presetLevel = findLevel(preset.video.level);
  if (!presetLevel) throw new Error(`preset level ${preset.video.level} was not validated`);

  if (video.rotation !== 0) adaptations.push(`rotated ${video.rotation}° upright`);
  const deinterlace = video.interlaced === true ? 'all' : video.interlaced !== false && video.fieldCoding ? 'flagged' : false;
  if (deinterlace === 'all') adaptations.push('deinterlaced');
  if (deinterlace === 'flagged') adaptations.push('field-coded H.264: interlaced frames deinterlaced');
  const colour = planColour(video.colour, video.pixelFormat, video.displayHeight);
  if (colour.adaptation) adaptations.push(colour.adaptation);

  let capFps: number | undefined;
  let outputFps = video.fps;
  if (video.fps === undefined) {
    capFps = preset.video.maxFps;
    outputFps = capFps;
    adaptations.push(`frame rate unknown, capped at ${capFps} fps`);
  } else if (video.fps > preset.video.maxFps + 0.01) {
    capFps = preset.video.maxFps;
    outputFps = capFps;
    adaptations.push(`fps ${round(video.fps)} → ${capFps}`);
  } else if (video.peakFps !== undefined && video.peakFps > preset.video.maxFps * PEAK_TOLERANCE) {
    // A slow average with bursts (a phone's or a generator's variable rate): the bursts are thinned so
    // that no two frames are closer than 1/maxFps; the slow stretches keep every frame.
    capFps = preset.video.maxFps;
    adaptations.push(`fps ${round(video.fps)} kept, bursts up to ${round(video.peakFps)} fps thinned to ${capFps}`);
  } else {
    adaptations.push(`fps ${round(video.fps)} kept`);
  }

  let width = even(video.displayWidth);
  let height = even(video.displayHeight);
  if (width !== video.displayWidth || height !== video.displayHeight) {
    adaptations.push(`size ${video.displayWidth}x${video.displayHeight} → ${width}x${height} (even)`);
  }

  const { maxWidth, maxHeight } = preset.video;
  if ((maxWidth !== undefined && width > maxWidth) || (maxHeight !== undefined && height > maxHeight)) {
    const scale = Math.min(maxWidth === undefined ? 1 : maxWidth / width, maxHeight === undefined ? 1 : maxHeight / height);
    const fitted = { width: even(Math.min(maxWidth ?? Infinity, Math.round(width * scale))), height: even(Math.min(maxHeight ?? Infinity, Math.round(height * scale))) };
    adaptations.push(`scaled ${width}x${height} → ${fitted.width}x${fitted.height} to fit ${maxWidth ?? '∞'}x${maxHeight ?? '∞'}`);
    ({ width, height } = fitted);
  }

  let level = presetLevel;
  const fpsForLevel = outputFps ?? preset.video.maxFps;
  const violation = levelViolation(presetLevel, width, height, fpsForLevel);
  if (violation) {
    const raised = preset.video.onLevelExceeded === 'raise-level'
      ? lowestFittingLevel(presetLevel, width, height, fpsForLevel)
      : undefined;
    if (raised) {
      level = raised;
      adaptations.push(`level ${presetLevel.name} → ${raised.name} (${violation})`);
    } else {
      const fitted = fitFrameToLevel(presetLevel, width, height, fpsForLevel);
      adaptations.push(`scaled ${width}x${height} → ${fitted.width}x${fitted.height} to fit level ${presetLevel.name} (${violation})`);
      ({ width, height } = fitted);
    }
  }

  if (video.pixelFormat && video.pixelFormat !== 'yuv420p' && video.pixelFormat !== 'yuvj420p') {
    adaptations.push(`${video.pixelFormat} → yuv420p`);
  }

  const { audio } = facts;
  if (facts.undecodableAudio?.length) adaptations.push(`audio track(s) no decoder reads left out: ${facts.undecodableAudio.join(', ')}`);
  if (!audio) {
    adaptations.push('no audio');
  } else if (audio.channels !== undefined && audio.channels !== preset.audio.channels) {
    adaptations.push(`audio ${audio.channels} ch → ${preset.audio.channels}`);
  }

  return {
    videoStreamIndex: video.index,
    deinterlace,
    colour,
    width,
    height,
    resize: resizeKind(video.displayWidth, video.displayHeight, width, height),
    capFps,
    outputFps,
    level: level.name,
    audio: audio ? { streamIndex: audio.index } : undefined,
    trim: planTrim(video.durationSec ?? facts.durationSec, video.constantRate ? capFps : undefined),
    keyframeInterval: preset.video.keyframeIntervalSec === undefined ? undefined
      : Math.max(1, Math.round(preset.video.keyframeIntervalSec * (outputFps ?? preset.video.maxFps))),
    adaptations,
  };
}

/**
 * Exact durations: the input's video duration, and for a constant-rate source capped to `cfrCap` the
 * frame count that fills it. Pure.
 */
export function planTrim(durationSec: number | undefined, cfrCap: number | undefined): EncodePlan['trim'] {
  if (durationSec === undefined || !Number.isFinite(durationSec) || durationSec <= 0) return undefined;
  if (cfrCap === undefined) return { durationSec, fps: undefined, frames: undefined };
  return { durationSec, fps: cfrCap, frames: Math.max(1, Math.round(durationSec * cfrCap)) };
}

function resizeKind(fromWidth: number, fromHeight: number, width: number, height: number): EncodePlan['resize'] {
  if (width === fromWidth && height === fromHeight) return undefined;
  return width >= fromWidth - 1 && height >= fromHeight - 1 ? 'crop' : 'scale';
}

const round = (value: number): string => String(Math.round(value * 100) / 100);

/**
 * How long the output plays, as its report counts it: the plan's length (the input's video, as it
 * plays), else the video's, else the container's — never a header's claim about another stream. Pure.
 */
export function contentSeconds(facts: MediaFacts, plan: EncodePlan): number | undefined {
  return plan.trim?.durationSec ?? facts.video.durationSec ?? facts.durationSec;
}
