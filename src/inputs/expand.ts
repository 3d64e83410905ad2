// Turns the command line's inputs (files, folders, globs) into a list of files, each with the folder
// its relative path is counted from.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isInside, realFolder } from '../files/identity.js';
import { isOwnFileName } from '../files/temp-names.js';

export const VIDEO_EXTENSIONS = new Set([
  '.mp4', '.m4v', '.mov', '.qt', '.mkv', '.webm', '.avi', '.mpg', '.mpeg', '.ts', '.m2ts', '.mts', '.3gp', '.3g2',
  '.flv', '.wmv', '.asf', '.ogv', '.mxf', '.dv', '.ivf', '.y4m',
]);

/** The MP4/QuickTime family, for commands that read boxes (check, faststart). */
export const MP4_EXTENSIONS = new Set(['.mp4', '.m4v', '.m4a', '.mov', '.qt', '.3gp', '.3g2', '.mj2']);

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
  /** Files with a video extension passed over in folders and globs: hidden, or this tool's own temporary files. */
  skipped: Array<{ path: string; reason: string }>;
}

export interface ExpandOptions {
  cwd?: string;
  /** Folders never taken from (the output folder): compared by real path, for folders and globs alike. */
  exclude?: string[];
  /** Extensions taken from folders and globs (default: VIDEO_EXTENSIONS). */
  extensions?: ReadonlySet<string>;
}

const hasExtension = (name: string, extensions: ReadonlySet<string>): boolean => extensions.has(path.extname(name).toLowerCase());

/** Why a file with a video extension found in a folder or by a glob is passed over, or undefined. */
export function skipReason(name: string): string | undefined {
  if (isOwnFileName(name)) return 'a temporary file or lock of streamprep';
  if (name.startsWith('.')) return 'hidden';
  return undefined;
}

const BATCH = 256;

export type WalkedInput =
  | ({ kind: 'file' } & InputFile)
  | { kind: 'missing'; input: string; reason: string }
  | { kind: 'skipped'; path: string; reason: string };

interface WalkContext {
  excluded: readonly string[];
  extensions: ReadonlySet<string>;
}

/** Whether a folder met while walking is (really) an excluded one. Costs a realpath only when something is excluded. */
async function isExcluded(folder: string, context: WalkContext): Promise<boolean> {
  if (context.excluded.length === 0) return false;
  const real = await realpath(folder).catch(() => folder);
  return context.excluded.some((excluded) => real === excluded || isInside(real, excluded));
}

/**
 * Yields a folder's files with the given extensions, sorted, recursively, in batches of up to BATCH
 * items: only one directory listing is held at a time. Symlinked folders are not followed.
 */
async function* walkFolder(folder: string, root: string, context: WalkContext): AsyncGenerator<WalkedInput[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let batch: WalkedInput[] = [];
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || await isExcluded(full, context)) continue;
      if (batch.length > 0) yield batch;
      batch = [];
      yield* walkFolder(full, root, context);
    } else if (hasExtension(entry.name, context.extensions)) {
      const skipped = skipReason(entry.name);
      batch.push(skipped ? { kind: 'skipped', path: full, reason: skipped } : { kind: 'file', path: full, root });
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

/** Why a named path cannot be read, from the error of stat() and what lstat() says of the name itself. */
async function missingReason(absolute: string, error: NodeJS.ErrnoException): Promise<string> {
  switch (error.code) {
    case 'ELOOP':
      return 'symlink loop';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENAMETOOLONG':
      return 'name too long';
    case 'ENOTDIR':
      return 'no such file or folder (a part of the path is a file)';
    case 'ENOENT': {
      const link = await lstat(absolute).catch(() => undefined);
      return link?.isSymbolicLink() ? 'broken symlink: what it points to does not exist' : 'no such file or folder';
    }
    default:
      return `cannot be read (${error.code ?? error.message})`;
  }
}

/**
 * Yields the inputs' files in order, in batches, holding one directory listing at a time: memory
 * does not grow with the number of files. A folder inside another folder given is walked once.
 */
export async function* walkInputs(inputs: readonly string[], options: ExpandOptions = {}): AsyncGenerator<WalkedInput[]> {
  const cwd = options.cwd ?? process.cwd();
  const context: WalkContext = {
    excluded: await Promise.all((options.exclude ?? []).map((dir) => realFolder(path.resolve(cwd, dir)))),
    extensions: options.extensions ?? VIDEO_EXTENSIONS,
  };
  const resolved = await Promise.all(inputs.map(async (input) => {
    const absolute = path.resolve(cwd, input);
    const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => error);
    return { input, absolute, info: info instanceof Error ? undefined : info, error: info instanceof Error ? info : undefined };
  }));
  const folders = resolved.filter((item) => item.info?.isDirectory()).map((item) => item.absolute);
  // Files named or matched outside the folders walked; a file named twice is taken once.
  const seen = new Set<string>();
  const coveredByFolder = (file: string): boolean =>
    folders.some((folder) => isInside(file, folder)) && hasExtension(file, context.extensions) && !skipReason(path.basename(file));
  const walkedFolders = new Set<string>();

  for (const { input, absolute, info, error } of resolved) {
    if (info?.isDirectory()) {
      if (walkedFolders.has(absolute) || folders.some((other) => isInside(absolute, other))) continue;
      walkedFolders.add(absolute);
      yield* walkFolder(absolute, absolute, context);
    } else if (info) {
      // A file named explicitly is taken whatever its name: the user asked for it.
      if (seen.has(absolute) || coveredByFolder(absolute)) continue;
      seen.add(absolute);
      yield [{ kind: 'file', path: absolute, root: path.dirname(absolute) }];
    } else if (isGlob(input)) {
      yield* expandGlob(input, cwd, context, { seen, coveredByFolder });
    } else {
      yield [{ kind: 'missing', input, reason: await missingReason(absolute, error as NodeJS.ErrnoException) }];
    }
  }
}

async function* expandGlob(
  input: string, cwd: string, context: WalkContext,
  state: { seen: Set<string>; coveredByFolder: (file: string) => boolean },
): AsyncGenerator<WalkedInput[]> {
  // Loaded only when a glob is given: most runs name folders and files.
  const { glob } = await import('tinyglobby');
  const matches = (await glob([input], { cwd, absolute: true, onlyFiles: true, dot: false }))
    .map((file) => path.resolve(file))
    .sort();
  if (matches.length === 0) {
    yield [{ kind: 'missing', input, reason: 'no files match this pattern' }];
    return;
  }
  const root = path.resolve(cwd, globBase(input));
  // Outputs of an earlier run are never inputs — unless the pattern itself points into the output folder.
  const realRoot = await realFolder(root);
  const guarded = context.excluded.filter((excluded) => !(realRoot === excluded || isInside(realRoot, excluded)));
  const realDirs = new Map<string, Promise<string>>();
  const realDir = (dir: string): Promise<string> => {
    let real = realDirs.get(dir);
    if (!real) realDirs.set(dir, real = realFolder(dir));
    return real;
  };
  const items: WalkedInput[] = [];
  for (const file of matches) {
    if (state.seen.has(file) || state.coveredByFolder(file)) continue;
    state.seen.add(file);
    const skipped = skipReason(path.basename(file));
    if (skipped) {
      items.push({ kind: 'skipped', path: file, reason: skipped });
      continue;
    }
    if (guarded.length > 0) {
      const real = await realDir(path.dirname(file));
      if (guarded.some((excluded) => real === excluded || isInside(real, excluded))) continue;
    }
    items.push({ kind: 'file', path: file, root });
  }
  yield items;
}

/** All of walkInputs at once, for batches that need the whole list up front. */
export async function expandInputs(inputs: readonly string[], options: ExpandOptions = {}): Promise<ExpandedInputs> {
  const expanded: ExpandedInputs = { files: [], missing: [], skipped: [] };
  for await (const batch of walkInputs(inputs, options)) {
    for (const item of batch) {
      if (item.kind === 'file') expanded.files.push({ path: item.path, root: item.root });
      else if (item.kind === 'missing') expanded.missing.push({ input: item.input, reason: item.reason });
      else expanded.skipped.push({ path: item.path, reason: item.reason });
    }
  }
  return expanded;
}
