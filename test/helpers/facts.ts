// MediaFacts and presets for planning and argument tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Preset } from '../../src/presets/preset.js';
import { validatePreset } from '../../src/presets/validate.js';
import type { MediaFacts } from '../../src/probe/facts.js';

/** The shipped streaming preset itself (presets/streaming.json), read and validated as the tool reads it. */
const STREAMING_FILE = fileURLToPath(new URL('../../presets/streaming.json', import.meta.url));
export const STREAMING: Preset = validatePreset(STREAMING_FILE, JSON.parse(readFileSync(STREAMING_FILE, 'utf8')));

export function facts(overrides: {
  width?: number; height?: number; rotation?: number; fps?: number | undefined; pixelFormat?: string; interlaced?: boolean;
  fieldCoding?: boolean; constantRate?: boolean; durationSec?: number;
  audio?: MediaFacts['audio'] | null;
} = {}): MediaFacts {
  const width = overrides.width ?? 512;
  const height = overrides.height ?? 512;
  const rotation = overrides.rotation ?? 0;
  const turned = rotation === 90 || rotation === 270;
  return {
    durationSec: overrides.durationSec ?? 5,
    video: {
      index: 0, codec: 'h264', width, height, rotation,
      displayWidth: turned ? height : width, displayHeight: turned ? width : height,
      fps: 'fps' in overrides ? overrides.fps : 25,
      pixelFormat: overrides.pixelFormat ?? 'yuv420p',
      interlaced: overrides.interlaced,
      fieldCoding: overrides.fieldCoding,
      ...(overrides.constantRate === undefined ? {} : { constantRate: overrides.constantRate }),
    },
    audio: overrides.audio === null ? undefined : overrides.audio ?? { index: 1, codec: 'aac', sampleRate: 48000, channels: 2 },
  };
}
