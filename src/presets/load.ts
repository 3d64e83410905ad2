// Finds presets by name (built-in, in presets/) or by path, and loads them through the validator.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { PresetError, UsageError, describeReadError, getErrorMessage } from '../errors.js';
import { openRegularFile } from '../files/open-regular.js';
import { packageRoot } from '../package-root.js';
import type { Preset } from './preset.js';
import { jsonDepth, MAX_PRESET_DEPTH, validatePreset } from './validate.js';

/** presets/ at the package root, next to dist/ and src/. */
export const builtinPresetsDir = (): string => path.join(packageRoot(), 'presets');

export const DEFAULT_PRESET = 'streaming';

const looksLikePath = (value: string): boolean => value.endsWith('.json') || value.includes('/') || value.includes(path.sep);

export async function listPresetNames(): Promise<string[]> {
  const entries = await readdir(builtinPresetsDir());
  return entries.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length)).sort();
}

/** A preset is a few hundred bytes; anything much larger is not one. */
const MAX_PRESET_BYTES = 64 * 1024;

async function readPresetText(file: string): Promise<string> {
  let handle;
  try {
    handle = await openRegularFile(file);
  } catch (error) {
    throw new PresetError(file, undefined, `cannot be read: ${describeReadError(error)}`);
  }
  try {
    const buffer = Buffer.alloc(MAX_PRESET_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_PRESET_BYTES) throw new PresetError(file, undefined, `is larger than ${MAX_PRESET_BYTES / 1024} KiB: not a preset`);
    return buffer.toString('utf8', 0, bytesRead);
  } catch (error) {
    if (error instanceof PresetError) throw error;
    throw new PresetError(file, undefined, `cannot be read: ${describeReadError(error)}`);
  } finally {
    await handle.close();
  }
}

export async function loadPresetFile(file: string): Promise<Preset> {
  const text = await readPresetText(file);
  if (jsonDepth(text) > MAX_PRESET_DEPTH) throw new PresetError(file, undefined, `nests deeper than ${MAX_PRESET_DEPTH} levels: not a preset`);
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
  return loadPresetFile(path.join(builtinPresetsDir(), `${nameOrPath}.json`));
}

/**
 * A preset named in a queued job: a built-in, or `<name>.json` in one of `dirs` (a worker's
 * --preset-dir folders). Never a path: a forged job cannot make a worker read any other file.
 */
export async function loadNamedPreset(name: string, dirs: readonly string[] = []): Promise<Preset> {
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(name)) throw new UsageError(`preset ${JSON.stringify(name.slice(0, 80))} is not a preset name (letters, digits, - and _)`);
  if ((await listPresetNames()).includes(name)) return loadPresetFile(path.join(builtinPresetsDir(), `${name}.json`));
  for (const dir of dirs) {
    const file = path.join(dir, `${name}.json`);
    if (await openRegularFile(file).then(async (handle) => { await handle.close(); return true; }, () => false)) return loadPresetFile(file);
  }
  throw new UsageError(`unknown preset "${name}": not built in${dirs.length > 0 ? ` nor in ${dirs.join(', ')}` : ' (a worker loads other presets only from its --preset-dir folders)'}`);
}
