// Presets that compose: `"extends": "streaming"` (a built-in) or `"extends": "./base.json"` (a file,
// relative to the one that names it). The parent is resolved first; the child's sections are merged
// over it key by key; where each value came from is kept for `presets show`. Pure but for `readParent`.
import { PresetError } from '../errors.js';

/** At most this many presets in one chain: deeper is no composition, it is a loop or an attack. */
export const MAX_EXTENDS_DEPTH = 8;

export type RawPreset = Record<string, unknown>;

/** Key path ("video.crf") → the file (or built-in name) that set it. */
export type Provenance = Map<string, string>;

export interface ParentSource {
  /** The parent's raw JSON value and how to name it (a file path or "built-in streaming"). */
  read(reference: string, from: string): Promise<{ value: unknown; label: string; key: string }>;
}

const isObject = (value: unknown): value is RawPreset => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `child` over `parent`, one level of sections deep (the preset schema's depth); records who set what. Pure. */
export function mergeOver(parent: RawPreset, child: RawPreset, childLabel: string, provenance: Provenance): RawPreset {
  const merged: RawPreset = { ...parent };
  for (const key of Object.keys(child)) {
    if (key === 'extends') continue;
    const value = child[key];
    if (isObject(value) && isObject(parent[key])) {
      merged[key] = { ...(parent[key] as RawPreset), ...value };
      for (const inner of Object.keys(value)) provenance.set(`${key}.${inner}`, childLabel);
    } else {
      merged[key] = value;
      if (isObject(value)) for (const inner of Object.keys(value)) provenance.set(`${key}.${inner}`, childLabel);
      else provenance.set(key, childLabel);
    }
  }
  return merged;
}

/**
 * The preset `value` (named `label`, identified by `key` for loop detection) with its `extends` chain
 * resolved. A missing name takes the file's own name (`defaultName`).
 */
export async function resolveExtends(value: unknown, label: string, key: string, source: ParentSource, seen: readonly string[] = []): Promise<{ value: unknown; provenance: Provenance }> {
  if (!isObject(value) || !Object.hasOwn(value, 'extends')) {
    const provenance: Provenance = new Map();
    if (isObject(value)) mergeOver({}, value, label, provenance); // every key is this file's
    return { value, provenance };
  }
  const reference = value.extends;
  if (typeof reference !== 'string' || reference.length === 0) throw new PresetError(label, 'extends', 'must be a built-in preset name or a path to a preset file');
  if (seen.length + 1 >= MAX_EXTENDS_DEPTH) throw new PresetError(label, 'extends', `chains more than ${MAX_EXTENDS_DEPTH} presets`);
  const parent = await source.read(reference, label);
  if ([...seen, key].includes(parent.key)) throw new PresetError(label, 'extends', `leads back to ${parent.label} (a loop)`);
  const resolved = await resolveExtends(parent.value, parent.label, parent.key, source, [...seen, key]);
  if (!isObject(resolved.value)) throw new PresetError(parent.label, undefined, 'must be an object');
  const provenance = new Map(resolved.provenance);
  return { value: mergeOver(resolved.value, value, label, provenance), provenance };
}
