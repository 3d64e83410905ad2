// Finds presets by name (built-in, in presets/) or by path, and loads them through the validator.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PresetError, UsageError, getErrorMessage } from '../errors.js';
import type { Preset } from './preset.js';
import { validatePreset } from './validate.js';

/** presets/ at the package root, next to dist/ and src/. */
export const BUILTIN_PRESETS_DIR = fileURLToPath(new URL('../../presets/', import.meta.url));

export const DEFAULT_PRESET = 'streaming';

const looksLikePath = (value: string): boolean => value.endsWith('.json') || value.includes('/') || value.includes(path.sep);

export async function listPresetNames(): Promise<string[]> {
  const entries = await readdir(BUILTIN_PRESETS_DIR);
  return entries.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length)).sort();
}

export async function loadPresetFile(file: string): Promise<Preset> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new PresetError(file, undefined, `cannot be read: ${getErrorMessage(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PresetError(file, undefined, `is not valid JSON: ${getErrorMessage(error)}`);
  }
  return validatePreset(file, value);
}

/** A built-in name ("streaming") or a path to a JSON file. */
export async function loadPreset(nameOrPath: string = DEFAULT_PRESET): Promise<Preset> {
  if (looksLikePath(nameOrPath)) return loadPresetFile(nameOrPath);
  const names = await listPresetNames();
  if (!names.includes(nameOrPath)) {
    throw new UsageError(`unknown preset "${nameOrPath}": built-in presets are ${names.join(', ')}; or pass a path to a .json file`);
  }
  return loadPresetFile(path.join(BUILTIN_PRESETS_DIR, `${nameOrPath}.json`));
}
