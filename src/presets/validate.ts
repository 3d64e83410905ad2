// Checks parsed JSON against the preset schema: a table of keys, each with its rule.
import { PresetError } from '../errors.js';
import { findLevel } from '../h264/levels.js';
import { OutOfRangeNumber } from './json-text.js';
import { H264_PROFILES, LEVEL_POLICIES, type Preset, X264_PRESETS } from './preset.js';

type Rule = (
  | { kind: 'string'; pattern?: RegExp; hint?: string }
  | { kind: 'enum'; values: readonly (string | number)[] }
  | { kind: 'number'; min: number; max: number; integer?: boolean }
  | { kind: 'boolean' }
  | { kind: 'level' }
) & { optional?: boolean };

type Shape = { [key: string]: Rule | Shape };

/** Sections a preset may leave out as a whole (and then has none of their keys). */
const OPTIONAL_SECTIONS = new WeakSet<Shape>();
const optionalSection = (shape: Shape): Shape => {
  OPTIONAL_SECTIONS.add(shape);
  return shape;
};

const SCHEMA: Shape = {
  name: { kind: 'string', pattern: /^[a-z0-9][a-z0-9._-]*$/i, hint: 'letters, digits, ".", "_" or "-"' },
  description: { kind: 'string' },
  container: {
    faststart: { kind: 'boolean' },
  },
  video: {
    codec: { kind: 'enum', values: ['libx264'] },
    preset: { kind: 'enum', values: X264_PRESETS },
    profile: { kind: 'enum', values: H264_PROFILES },
    level: { kind: 'level' },
    crf: { kind: 'number', min: 0, max: 51 },
    maxFps: { kind: 'number', min: 1, max: 240 },
    onLevelExceeded: { kind: 'enum', values: LEVEL_POLICIES },
    maxWidth: { kind: 'number', min: 16, max: 8192, integer: true, optional: true },
    maxHeight: { kind: 'number', min: 16, max: 8192, integer: true, optional: true },
    keyframeIntervalSec: { kind: 'number', min: 0.1, max: 60, optional: true },
    maxrateKbps: { kind: 'number', min: 16, max: 800_000, integer: true, optional: true },
    bufsizeKbps: { kind: 'number', min: 16, max: 1_000_000, integer: true, optional: true },
  },
  audio: {
    codec: { kind: 'enum', values: ['aac'] },
    sampleRate: { kind: 'enum', values: [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000] },
    channels: { kind: 'number', min: 1, max: 2, integer: true },
    bitrateKbps: { kind: 'number', min: 8, max: 512, integer: true },
    loudness: optionalSection({
      integratedLufs: { kind: 'number', min: -40, max: -5 },
      truePeakDbtp: { kind: 'number', min: -9, max: 0 },
    }),
  },
};

const isRule = (value: Rule | Shape): value is Rule => typeof (value as Rule).kind === 'string';
/** A short description of any value: bounded in length and depth (a hostile value may be 100,000 levels deep). */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof OutOfRangeNumber) return value.written.length > 60 ? `${value.written.slice(0, 59)}…` : value.written;
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function checkValue(rule: Rule, value: unknown): string | undefined {
  switch (rule.kind) {
    case 'string':
      if (typeof value !== 'string' || value.length === 0) return `must be a non-empty string (got ${describe(value)})`;
      if (rule.pattern && !rule.pattern.test(value)) return `must use only ${rule.hint} (got ${describe(value)})`;
      return undefined;
    case 'enum':
      return rule.values.includes(value as string | number)
        ? undefined
        : `must be one of ${rule.values.map((v) => JSON.stringify(v)).join(', ')} (got ${describe(value)})`;
    case 'number':
      if (value instanceof OutOfRangeNumber) return `must be from ${rule.min} to ${rule.max} (got ${describe(value)})`;
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number (got ${describe(value)})`;
      if (rule.integer && !Number.isInteger(value)) return `must be a whole number (got ${describe(value)})`;
      if (value < rule.min || value > rule.max) return `must be from ${rule.min} to ${rule.max} (got ${describe(value)})`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false (got ${describe(value)})`;
    case 'level':
      return typeof value === 'string' && findLevel(value)
        ? undefined
        : `must be an H.264 level such as "3.0" or "4.1" (got ${describe(value)})`;
  }
}

function checkShape(file: string, shape: Shape, value: unknown, prefix: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PresetError(file, prefix.replace(/\.$/, '') || undefined, `must be an object (got ${describe(value)})`);
  }
  const record = value as Record<string, unknown>;
  // Own keys only: "__proto__", "constructor" or "toString" are no preset keys.
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(shape, key)) throw new PresetError(file, `${prefix}${key}`, `is not a preset key (known: ${Object.keys(shape).join(', ')})`);
  }
  for (const [key, rule] of Object.entries(shape)) {
    const path = `${prefix}${key}`;
    if (!Object.hasOwn(record, key)) {
      if (isRule(rule) ? rule.optional : OPTIONAL_SECTIONS.has(rule)) continue;
      throw new PresetError(file, path, 'is missing');
    }
    if (isRule(rule)) {
      const problem = checkValue(rule, record[key]);
      if (problem) throw new PresetError(file, path, problem);
    } else {
      checkShape(file, rule, record[key], `${path}.`);
    }
  }
}

/**
 * Returns a Preset (a plain copy with exactly the schema's keys), or throws a PresetError naming
 * `file` and the offending key. Every preset entering the library passes here, loaded or passed in.
 */
export function validatePreset(file: string, value: unknown): Preset {
  checkShape(file, SCHEMA, value, '');
  const preset = copyShape(SCHEMA, value as Record<string, unknown>) as unknown as Preset;
  checkRateCaps(file, preset);
  return preset;
}

/** A bit-rate cap above the level's limit would make the declared level a lie: refused, naming the limit. */
function checkRateCaps(file: string, preset: Preset): void {
  const level = findLevel(preset.video.level);
  if (!level) return;
  const factor = preset.video.profile === 'high' ? 1.25 : 1;
  const limits = { maxrateKbps: Math.floor(level.maxBrKbps * factor), bufsizeKbps: Math.floor(level.maxCpbKbit * factor) };
  for (const key of ['maxrateKbps', 'bufsizeKbps'] as const) {
    const value = preset.video[key];
    if (value !== undefined && value > limits[key]) {
      throw new PresetError(file, `video.${key}`, `must be at most ${limits[key]} (the limit of level ${level.name}, ${preset.video.profile} profile; got ${value})`);
    }
  }
}

function copyShape(shape: Shape, value: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(shape)) {
    if ((isRule(rule) ? rule.optional : OPTIONAL_SECTIONS.has(rule)) && !Object.hasOwn(value, key)) continue;
    copy[key] = isRule(rule) ? value[key] : copyShape(rule, value[key] as Record<string, unknown>);
  }
  return copy;
}

/** JSON nested deeper than this is no preset (a preset is three levels deep). */
export const MAX_PRESET_DEPTH = 16;

/** How deeply a JSON text nests objects and arrays, counted without parsing (no recursion). Pure. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') deepest = Math.max(deepest, ++depth);
    else if (char === '}' || char === ']') depth--;
  }
  return deepest;
}
