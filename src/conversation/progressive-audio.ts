// A chunk's progressive output takes its audio from the conversation's one encode: the frames that decode
// to the chunk's span of the timeline, one frame before it as the decoder's pre-roll, trimmed by an edit
// list — so the chunk's audio is encoded once, and reads as the conversation's does. A chunk whose frames
// are not this encoder's (placed by an earlier run, or not placed at all) has its audio encoded alone.
import type { Toolchain } from '../binaries/toolchain.js';
import type { ProgressiveAudio } from '../mp4/write/progressive.js';
import type { Preset } from '../presets/preset.js';
import { type Failure, failure } from '../report/causes.js';
import { aacLcConfig } from '../aac/adts.js';
import { type AudioEncoder, startAudioEncoder } from './audio-encoder.js';
import { aacSampleDescription } from './cmaf.js';
import { floatsOf } from './chunk-audio.js';
import { AAC_FRAME, PRIMING } from './timeline.js';

/** Where a placed chunk's audio lies on the timeline, and the encoder that encodes it. */
export interface AudioSpan {
  source: AudioEncoder;
  /** The timeline sample the chunk starts at. */
  start: number;
  /** Samples of the chunk's own audio (up to its length on the timeline). */
  presented: number;
}

/** The 'stsd' of the preset's AAC (the conversation's own, as its initialization sections describe it). */
export function presetAudioDescription(preset: Preset): Uint8Array {
  const { sampleRate, channels, bitrateKbps } = preset.audio;
  const config = aacLcConfig(sampleRate, channels);
  if (!config) throw new Error(`AAC has no sampling rate index for ${sampleRate} Hz`);
  return aacSampleDescription(config, sampleRate, channels, bitrateKbps * 1000);
}

/**
 * The frames of `span` once its encoder has them: frame k decodes to timeline samples [(k − 1)·1024,
 * k·1024), so the chunk needs frames ⌊start/1024⌋ (pre-roll) to ⌊(start + presented − 1)/1024⌋ + 1 — the
 * last one is out only after the next chunk's first samples went in (or the encoder finished). Undefined
 * when they are not all this encoder's (it started later, or stopped first).
 */
export async function spanAudio(span: AudioSpan, description: Uint8Array, rate: number): Promise<ProgressiveAudio | undefined> {
  const { source, start, presented } = span;
  const first = Math.floor(start / AAC_FRAME);
  const last = Math.floor((start + presented - 1) / AAC_FRAME) + 1;
  if (first < source.firstFrame) return undefined;
  await source.whenFrames(last - source.firstFrame + 1);
  const frames = source.frames.slice(first - source.firstFrame, last - source.firstFrame + 1);
  if (frames.length !== last - first + 1) return undefined;
  return { frames, stsd: description, rate, skip: start - (first - 1) * AAC_FRAME, presented };
}

/** The chunk's audio encoded alone (interleaved floats at the preset's rate and channels), as its own encode would have. */
export async function ownAudio(toolchain: Toolchain, preset: Preset, samples: Float32Array, signal: AbortSignal | undefined): Promise<ProgressiveAudio | Failure> {
  const { sampleRate, channels } = preset.audio;
  if (signal?.aborted) return failure('interrupted', 'interrupted');
  const encoder = startAudioEncoder(toolchain, preset, { firstFrame: 0, inputStart: 0, preroll: new Float32Array(0), channels });
  const stop = (): void => encoder.stop();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    encoder.write(samples);
    const failed = await encoder.finish();
    if (failed) return failed;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  return { frames: encoder.frames, stsd: presetAudioDescription(preset), rate: sampleRate, skip: PRIMING, presented: samples.length / channels };
}

/**
 * A deferred output's audio (host.optimizeDeferred): the chunk's span of the conversation's encode once
 * it is out, else (left out, placed by an earlier run, the encoder stopped) its audio encoded alone;
 * undefined when it has none.
 */
export async function deferredAudio(host: { toolchain: Toolchain; preset: Preset }, span: AudioSpan | undefined, pcm: readonly Uint8Array[], signal: AbortSignal | undefined): Promise<ProgressiveAudio | undefined | Failure> {
  if (span?.presented === 0) return undefined;
  const fromConversation = span && await spanAudio(span, presetAudioDescription(host.preset), host.preset.audio.sampleRate);
  if (fromConversation) return fromConversation;
  const samples = floatsOf(pcm);
  return samples.length === 0 ? undefined : ownAudio(host.toolchain, host.preset, samples, signal);
}
