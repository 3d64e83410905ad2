// Finds the ffmpeg and ffprobe executables, in a documented order of preference.
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type Tool = 'ffmpeg' | 'ffprobe';

export interface LocatedBinary {
  tool: Tool;
  path: string;
  /** Where it came from: the option, the environment variable, a package, or PATH. */
  source: string;
}

export interface LocateOptions {
  /** An explicit path (--ffmpeg / --ffprobe). */
  explicit?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

const require = createRequire(import.meta.url);

const ENV_VARIABLE: Record<Tool, string> = { ffmpeg: 'FFMPEG_PATH', ffprobe: 'FFPROBE_PATH' };

/** Packages tried in order; each exports the binary's path in its own way. */
const PACKAGES: Record<Tool, Array<{ name: string; read: (exported: unknown) => unknown }>> = {
  ffmpeg: [
    // ffmpeg-static downloads its binary when installed; offline the download fails and it is absent.
    { name: 'ffmpeg-static', read: (exported) => exported },
    // Ships the binary inside the npm package itself, so an offline `npm ci` still has one.
    { name: '@ffmpeg-installer/ffmpeg', read: (exported) => (exported as { path?: unknown }).path },
  ],
  // Installs only this platform's binary (npm picks one optional package), of the same 2018-19 static
  // builds as @ffmpeg-installer's ffmpeg; ffprobe-static shipped every platform's (336 MB).
  ffprobe: [{ name: '@ffprobe-installer/ffprobe', read: (exported) => (exported as { path?: unknown }).path }],
};

export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function fromPackage(name: string, read: (exported: unknown) => unknown): string | undefined {
  try {
    const candidate = read(require(name));
    return typeof candidate === 'string' && isExecutableFile(candidate) ? candidate : undefined;
  } catch {
    // Not installed (an optional dependency whose install failed) or no build for this platform.
    return undefined;
  }
}

function fromPath(tool: Tool, env: NodeJS.ProcessEnv): string | undefined {
  const names = process.platform === 'win32' ? [`${tool}.exe`] : [tool];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Order: explicit option → FFMPEG_PATH / FFPROBE_PATH → ffmpeg-static → @ffmpeg-installer/ffmpeg
 * (ffprobe: @ffprobe-installer/ffprobe) → PATH. An explicit path or variable that does not point to an
 * executable is an error, not a silent fallback. Returns undefined when nothing is found.
 */
export function locateBinary(tool: Tool, options: LocateOptions = {}): LocatedBinary | { error: string } | undefined {
  const env = options.env ?? process.env;
  const chosen: Array<[string | undefined, string]> = [
    [options.explicit, `--${tool}`],
    [env[ENV_VARIABLE[tool]] || undefined, ENV_VARIABLE[tool]],
  ];
  for (const [candidate, source] of chosen) {
    if (candidate === undefined) continue;
    return isExecutableFile(candidate)
      ? { tool, path: path.resolve(candidate), source }
      : { error: `${source} points to ${candidate}, which is not an executable file` };
  }
  for (const { name, read } of PACKAGES[tool]) {
    const found = fromPackage(name, read);
    if (found) return { tool, path: found, source: name };
  }
  const onPath = fromPath(tool, env);
  return onPath ? { tool, path: onPath, source: 'PATH' } : undefined;
}

/**
 * Every ffmpeg that could be used when none is named (option or variable): the packages' builds and
 * the one on PATH, in order of preference for a tie (ffmpeg-static, PATH, @ffmpeg-installer/ffmpeg).
 * With --ffmpeg or FFMPEG_PATH, just that one (or its error).
 */
export function locateFfmpegCandidates(options: LocateOptions = {}): LocatedBinary[] | { error: string } {
  const env = options.env ?? process.env;
  const named = options.explicit !== undefined || env.FFMPEG_PATH;
  if (named) {
    const located = locateBinary('ffmpeg', options);
    return located === undefined ? [] : 'error' in located ? located : [located];
  }
  const found: LocatedBinary[] = [];
  const fromStatic = fromPackage('ffmpeg-static', (exported) => exported);
  if (fromStatic) found.push({ tool: 'ffmpeg', path: fromStatic, source: 'ffmpeg-static' });
  const onPath = fromPath('ffmpeg', env);
  if (onPath) found.push({ tool: 'ffmpeg', path: onPath, source: 'PATH' });
  const bundled = fromPackage('@ffmpeg-installer/ffmpeg', (exported) => (exported as { path?: unknown }).path);
  if (bundled) found.push({ tool: 'ffmpeg', path: bundled, source: '@ffmpeg-installer/ffmpeg' });
  return found;
}

/** The ffprobe that goes with an ffmpeg from PATH: the one beside it, else the one on PATH. */
export function ffprobeBeside(ffmpeg: LocatedBinary, env: NodeJS.ProcessEnv = process.env): LocatedBinary | undefined {
  if (ffmpeg.source !== 'PATH') return undefined;
  const beside = path.join(path.dirname(ffmpeg.path), process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe');
  if (isExecutableFile(beside)) return { tool: 'ffprobe', path: beside, source: 'PATH' };
  const onPath = fromPath('ffprobe', env);
  return onPath ? { tool: 'ffprobe', path: onPath, source: 'PATH' } : undefined;
}
