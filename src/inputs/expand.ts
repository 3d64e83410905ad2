// Turns the command line's inputs (files, folders, globs) into a list of files, each with the folder
// its relative path is counted from.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export const VIDEO_EXTENSIONS = new Set([
  '.mp4', '.m4v', '.mov', '.qt', '.mkv', '.webm', '.avi', '.mpg', '.mpeg', '.ts', '.m2ts', '.mts', '.3gp', '.3g2',
  '.flv', '.wmv', '.asf', '.ogv', '.mxf', '.dv', '.ivf',
]);

/** The MP4/QuickTime family, for commands that read boxes (check, faststart). */
export const MP4_EXTENSIONS = new Set(['.mp4', '.m4v', '.m4a', '.mov', '.qt', '.3gp', '.3g2', '.mj2']);

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

const BATCH = 256;

/**
 * Yields a folder's files with the given extensions, sorted, recursively, in batches of up to BATCH
 * paths: only one directory listing is held at a time.
 */
async function* walkFolder(folder: string, excluded: Set<string>, extensions: ReadonlySet<string>): AsyncGenerator<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let batch: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (excluded.has(full)) continue;
      if (batch.length > 0) yield batch;
      batch = [];
      yield* walkFolder(full, excluded, extensions);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && hasExtension(entry.name, extensions)) {
      batch.push(full);
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** Whether an argument is a glob pattern (only checked for arguments that name no existing path). */
export const isGlob = (value: string): boolean => /[*?[\]{}]|^!|[@!+]\(/.test(value);

/** The part of a glob before its first magic segment: "clips/**\/*.mp4" → "clips". */
function globBase(pattern: string): string {
  const parts = pattern.split(/[\\/]/);
  const index = parts.findIndex((part) => isGlob(part));
  return parts.slice(0, index === -1 ? parts.length - 1 : index).join('/') || '.';
}

export type WalkedInput = ({ kind: 'file' } & InputFile) | { kind: 'missing'; input: string; reason: string };

const isInside = (child: string, parent: string): boolean => child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/**
 * Yields the inputs' files in order, in batches, holding one directory listing at a time: memory
 * does not grow with the number of files. A folder inside another folder given is walked once.
 */
export async function* walkInputs(inputs: readonly string[], options: ExpandOptions = {}): AsyncGenerator<WalkedInput[]> {
  const cwd = options.cwd ?? process.cwd();
  const excluded = new Set((options.exclude ?? []).map((dir) => path.resolve(cwd, dir)));
  const extensions = options.extensions ?? VIDEO_EXTENSIONS;
  const resolved = await Promise.all(inputs.map(async (input) => {
    const absolute = path.resolve(cwd, input);
    return { input, absolute, info: await stat(absolute).catch(() => undefined) };
  }));
  const folders = resolved.filter((item) => item.info?.isDirectory()).map((item) => item.absolute);
  // Files named or matched outside the folders walked; a file named twice is taken once.
  const seen = new Set<string>();
  const coveredByFolder = (file: string): boolean => folders.some((folder) => isInside(file, folder));
  const walkedFolders = new Set<string>();

  for (const { input, absolute, info } of resolved) {
    if (info?.isDirectory()) {
      if (walkedFolders.has(absolute) || folders.some((other) => other !== absolute && isInside(absolute, other))) continue;
      walkedFolders.add(absolute);
      for await (const batch of walkFolder(absolute, excluded, extensions)) {
        yield batch.map((file) => ({ kind: 'file', path: file, root: absolute }));
      }
    } else if (info) {
      if (seen.has(absolute) || coveredByFolder(absolute) && hasExtension(absolute, extensions)) continue;
      seen.add(absolute);
      yield [{ kind: 'file', path: absolute, root: path.dirname(absolute) }];
    } else if (isGlob(input)) {
      // Loaded only when a glob is given: most runs name folders and files.
      const { glob } = await import('tinyglobby');
      const matches = (await glob([input], { cwd, absolute: true, onlyFiles: true, dot: false }))
        .map((file) => path.resolve(file))
        .filter((file) => !file.includes(TEMP_MARK))
        .sort();
      if (matches.length === 0) yield [{ kind: 'missing', input, reason: 'no files match this pattern' }];
      const root = path.resolve(cwd, globBase(input));
      const fresh = matches.filter((file) => !seen.has(file) && !(coveredByFolder(file) && hasExtension(file, extensions)));
      for (const file of fresh) seen.add(file);
      yield fresh.map((file) => ({ kind: 'file', path: file, root }));
    } else {
      yield [{ kind: 'missing', input, reason: 'no such file or folder' }];
    }
  }
}

/** All of walkInputs at once, for batches that need the whole list up front. */
export async function expandInputs(inputs: readonly string[], options: ExpandOptions = {}): Promise<ExpandedInputs> {
  const files: InputFile[] = [];
  const missing: ExpandedInputs['missing'] = [];
  for await (const batch of walkInputs(inputs, options)) {
    for (const item of batch) {
      if (item.kind === 'file') files.push({ path: item.path, root: item.root });
      else missing.push({ input: item.input, reason: item.reason });
    }
  }
  return { files, missing };
}
