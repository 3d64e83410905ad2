// MediaFacts and presets for planning and argument tests.
import type { Preset } from '../../src/presets/preset.js';
import type { MediaFacts } from '../../src/probe/facts.js';

export const STREAMING: Preset = {
  name: 'streaming',
  description: 'test copy of the streaming preset',
  container: { faststart: true },
  video: { codec: 'libx264', preset: 'veryfast', profile: 'baseline', level: '3.0', crf: 28, maxFps: 18, onLevelExceeded: 'scale' },
  audio: { codec: 'aac', sampleRate: 24000, channels: 1, bitrateKbps: 64 },
};

export function facts(overrides: {
  width?: number; height?: number; rotation?: number; fps?: number | undefined; pixelFormat?: string; interlaced?: boolean;
  fieldCoding?: boolean;
  audio?: MediaFacts['audio'] | null;
} = {}): MediaFacts {
  const width = overrides.width ?? 512;
  const height = overrides.height ?? 512;
  const rotation = overrides.rotation ?? 0;
  const turned = rotation === 90 || rotation === 270;
  return {
    durationSec: 5,
    video: {
      index: 0, codec: 'h264', width, height, rotation,
      displayWidth: turned ? height : width, displayHeight: turned ? width : height,
      fps: 'fps' in overrides ? overrides.fps : 25,
      pixelFormat: overrides.pixelFormat ?? 'yuv420p',
      interlaced: overrides.interlaced,
      fieldCoding: overrides.fieldCoding,
    },
    audio: overrides.audio === null ? undefined : overrides.audio ?? { index: 1, codec: 'aac', sampleRate: 48000, channels: 2 },
  };
}
