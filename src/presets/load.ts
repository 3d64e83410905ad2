// Finds presets by name (built-in, in presets/) or by path, and loads them through the validator.
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { PresetError, UsageError, describeReadError, getErrorMessage } from '../errors.js';
import { openRegularFile } from '../files/open-regular.js';
import { packageRoot } from '../package-root.js';
import { type ParentSource, type Provenance, resolveExtends } from './compose.js';
import type { Preset } from './preset.js';
import { parseJsonText } from './json-text.js';
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

async function readPresetJson(file: string): Promise<unknown> {
  const text = await readPresetText(file);
  if (jsonDepth(text) > MAX_PRESET_DEPTH) throw new PresetError(file, undefined, `nests deeper than ${MAX_PRESET_DEPTH} levels: not a preset`);
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new PresetError(file, undefined, parsed.reason);
  return parsed.value;
}

/** Where `extends` finds a parent: a built-in name, or a file relative to the preset that names it. */
const PARENTS: ParentSource = {
  async read(reference, from) {
    const file = looksLikePath(reference) ? path.resolve(path.dirname(from), reference) : await builtinFile(reference);
    const key = await realpath(file).catch(() => file);
    return { value: await readPresetJson(file), label: looksLikePath(reference) ? file : `built-in ${reference}`, key };
  },
};

async function builtinFile(name: string): Promise<string> {
  const names = await listPresetNames();
  if (!names.includes(name)) throw new UsageError(`unknown preset "${name}": built-in presets are ${names.join(', ')}; or pass a path to a .json file`);
  return path.join(builtinPresetsDir(), `${name}.json`);
}

export interface PresetWithSources {
  preset: Preset;
  /** Key path ("video.crf") → the file or built-in that set it. */
  sources: Provenance;
}

/** A preset file with its `extends` chain resolved, validated as a whole; a bad value is blamed on the file that set it. */
export async function loadPresetWithSources(file: string, label: string = file): Promise<PresetWithSources> {
  const value = await readPresetJson(file);
  const { value: merged, provenance } = await resolveExtends(value, label, await realpath(file).catch(() => file), PARENTS);
  // A preset that extends another and names itself nothing takes its file's name, not its parent's.
  const child = typeof value === 'object' && value !== null ? value as object : {};
  const named = Object.hasOwn(child, 'extends') && !Object.hasOwn(child, 'name') ? { ...(merged as object), name: path.basename(file, '.json') } : merged;
  if (named !== merged) provenance.set('name', label);
  try {
    return { preset: validatePreset(label, named), sources: provenance };
  } catch (error) {
    const blamed = error instanceof PresetError && error.key ? provenance.get(error.key) : undefined;
    if (blamed && blamed !== label && error instanceof PresetError) throw new PresetError(blamed, error.key, error.reason.slice((error.key?.length ?? 0) + 1));
    throw error;
  }
}

export async function loadPresetFile(file: string): Promise<Preset> {
  return (await loadPresetWithSources(file)).preset;
}

/** A built-in name ("streaming") or a path to a JSON file. */
export async function loadPreset(nameOrPath: string = DEFAULT_PRESET): Promise<Preset> {
  return (await loadPresetSources(nameOrPath)).preset;
}

/** loadPreset, with where each value came from (`presets show`). */
export async function loadPresetSources(nameOrPath: string = DEFAULT_PRESET): Promise<PresetWithSources> {
  if (looksLikePath(nameOrPath)) return loadPresetWithSources(nameOrPath);
  return loadPresetWithSources(await builtinFile(nameOrPath), `built-in ${nameOrPath}`);
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
