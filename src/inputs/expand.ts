// Turns the command line's inputs (files, folders, globs) into a list of files, each with the folder
// its relative path is counted from.
import { realpath, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

export const VIDEO_EXTENSIONS = new Set([
  '.mp4', '.m4v', '.mov', '.qt', '.mkv', '.webm', '.avi', '.mpg', '.mpeg', '.ts', '.m2ts', '.mts', '.3gp', '.3g2',
  '.flv', '.wmv', '.asf', '.ogv', '.mxf', '.dv', '.ivf',
]);

/** Leftovers of our own temporary outputs (after a SIGKILL) are never taken as inputs. */
export const TEMP_MARK = '.streamprep-';

export interface InputFile {
  /** Absolute path. */
  path: string;
  /** The folder the output's relative path is counted from: the folder given, a glob's base, a file's folder. */
  root: string;
}

export interface ExpandedInputs {
  files: InputFile[];
  /** Inputs that name nothing: "<arg>: no such file or folder". */
  missing: Array<{ input: string; reason: string }>;
}

export interface ExpandOptions {
  cwd?: string;
  /** Folders never descended into (the output folder, when it sits inside an input folder). */
  exclude?: string[];
  /** Extensions taken from folders and globs (default: VIDEO_EXTENSIONS). */
  extensions?: ReadonlySet<string>;
}

const hasExtension = (name: string, extensions: ReadonlySet<string>): boolean =>
  extensions.has(path.extname(name).toLowerCase()) && !name.includes(TEMP_MARK);

async function walkFolder(folder: string, excluded: Set<string>, extensions: ReadonlySet<string>, found: string[]): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!excluded.has(full)) await walkFolder(full, excluded, extensions, found);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && hasExtension(entry.name, extensions)) {
      found.push(full);
    }
  }
}

/** The part of a glob before its first magic segment: "clips/**\/*.mp4" → "clips". */
function globBase(pattern: string): string {
  const parts = pattern.split(/[\\/]/);
  const index = parts.findIndex((part) => isDynamicPattern(part));
  return parts.slice(0, index === -1 ? parts.length - 1 : index).join('/') || '.';
}

export async function expandInputs(inputs: readonly string[], options: ExpandOptions = {}): Promise<ExpandedInputs> {
  const cwd = options.cwd ?? process.cwd();
  const excluded = new Set((options.exclude ?? []).map((dir) => path.resolve(cwd, dir)));
  const extensions = options.extensions ?? VIDEO_EXTENSIONS;
  const files: InputFile[] = [];
  const missing: ExpandedInputs['missing'] = [];
  const seen = new Set<string>();
  const add = async (file: string, root: string): Promise<void> => {
    const key = await realpath(file).catch(() => file);
    if (seen.has(key)) return;
    seen.add(key);
    files.push({ path: file, root });
  };

  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    const info = await stat(absolute).catch(() => undefined);
    if (info?.isDirectory()) {
      const found: string[] = [];
      await walkFolder(absolute, excluded, extensions, found);
      for (const file of found) await add(file, absolute);
    } else if (info) {
      await add(absolute, path.dirname(absolute));
    } else if (isDynamicPattern(input)) {
      const matches = (await glob([input], { cwd, absolute: true, onlyFiles: true, dot: false })).sort();
      const videos = matches.filter((file) => !file.includes(TEMP_MARK));
      if (videos.length === 0) missing.push({ input, reason: 'no files match this pattern' });
      const root = path.resolve(cwd, globBase(input));
      for (const file of videos) await add(file, root);
    } else {
      missing.push({ input, reason: 'no such file or folder' });
    }
  }
  return { files, missing };
}
