// Resolves and checks the ffmpeg/ffprobe pair used for a run: found, starts, has the encoders.
import { BinaryError } from '../errors.js';
import { type RunResult, runTool } from '../ffmpeg/run.js';
import { type Candidate, type Choice, ageWarning, chooseFfmpeg } from './choose.js';
import { type LocatedBinary, type Tool, ffprobeBeside, locateBinary, locateFfmpegCandidates } from './locate.js';
import { cachedOutput } from './version-cache.js';
import { encodersFromConfiguration, hasZscale, parseEncoders, parseLibavformat, parseLibavformatMajor, parseVersionLine } from './version.js';

export interface BinaryInfo extends LocatedBinary {
  version: string;
  libavformatMajor: number | undefined;
  /** Encoders known from the configuration line of -version, when it tells. */
  configuredEncoders?: Set<string> | undefined;
}

export interface FfmpegInfo extends BinaryInfo {
  encoders: ReadonlySet<string>;
  /** Why this one, when it was chosen among several (none was named). */
  choice?: { why: string; passedOver: Array<{ source: string; path: string; version: string; why: string }> } | undefined;
  /** When the chosen build is more than five years old. */
  warning?: string | undefined;
}

export interface Toolchain {
  ffmpeg: FfmpegInfo;
  /**
   * Found, not run: most inputs (MP4/MOV) are read from their own moov and never need ffprobe, so it is
   * not started until an input does (a broken one then fails that input with the reason).
   */
  ffprobe: LocatedBinary;
}

export interface ToolchainOptions {
  ffmpeg?: string | undefined;
  ffprobe?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

const HOW_TO_FIX =
  'reinstall streamprep\'s dependencies (npm ci), install ffmpeg, or pass --ffmpeg/--ffprobe (or FFMPEG_PATH/FFPROBE_PATH)';

/** `-version`, run (or, with `useCache`, remembered from an earlier run for the binary as it is: version-cache.ts). */
async function versionOutput(binary: string, options: ToolchainOptions, useCache: boolean): Promise<Pick<RunResult, "stdout" | "exitCode" | "spawnError" | "stderrTail">> {
  const run = () => runTool(binary, ['-hide_banner', '-version'], { collectStdout: true });
  if (!useCache) return run();
  let ran: Awaited<ReturnType<typeof run>> | undefined;
  const stdout = await cachedOutput(binary, async () => {
    ran = await run();
    return { output: ran.stdout, keep: ran.exitCode === 0 && parseVersionLine(ran.stdout) !== undefined };
  }, options.env);
  return ran ?? { stdout, exitCode: 0, stderrTail: '', spawnError: undefined };
}

async function inspect(tool: Tool, options: ToolchainOptions, given?: LocatedBinary, useCache = false): Promise<BinaryInfo & { zscale?: boolean | undefined; libavformat?: Candidate['libavformat'] }> {
  const located = given ?? locate(tool, options);
  const result = await versionOutput(located.path, options, useCache);
  const version = parseVersionLine(result.stdout);
  if (result.exitCode !== 0 || !version) {
    const why = result.spawnError ?? (result.stderrTail.trim().split('\n').pop() || `exit code ${result.exitCode}`);
    throw new BinaryError(`${tool} at ${located.path} (from ${located.source}) does not run: ${why}`);
  }
  return {
    ...located,
    version,
    libavformatMajor: parseLibavformatMajor(result.stdout),
    libavformat: parseLibavformat(result.stdout),
    configuredEncoders: encodersFromConfiguration(result.stdout),
    zscale: hasZscale(result.stdout),
  };
}

/** What the presets need of an ffmpeg: libx264 and aac, and zscale for HDR inputs. */
const NEEDED = ['libx264', 'aac'] as const;

/**
 * The ffmpeg to use: the named one (--ffmpeg, FFMPEG_PATH), else the newest capable of ffmpeg-static,
 * the one on PATH and the bundled build (see choose.ts). `fullList`: always run `-encoders` (doctor).
 */
export async function inspectFfmpeg(options: ToolchainOptions = {}, fullList = true): Promise<FfmpegInfo> {
  const candidates = locateFfmpegCandidates({ explicit: options.ffmpeg, env: options.env });
  if ('error' in candidates) throw new BinaryError(candidates.error);
  if (candidates.length === 0) throw new BinaryError(`no ffmpeg found: ${HOW_TO_FIX}`);
  const inspected = await Promise.all(candidates.map(async (located) => {
    try {
      return await inspectOne(located, options, fullList);
    } catch (error) {
      if (candidates.length === 1) throw error;
      return undefined; // one that does not run is passed over
    }
  }));
  const usable = inspected.filter((info): info is FfmpegInfo & { zscale?: boolean | undefined; libavformat?: Candidate['libavformat'] } => info !== undefined);
  const asCandidate = (info: (typeof usable)[number]): Candidate => ({
    source: info.source, path: info.path, version: info.version, libavformat: info.libavformat,
    missing: [...NEEDED.filter((name) => !info.encoders.has(name)), ...(info.zscale === false ? ['zscale'] : [])],
  });
  if (candidates.length === 1) {
    const only = usable[0] as (typeof usable)[number];
    return { ...only, warning: ageWarning(asCandidate(only)) };
  }
  const choice: Choice | undefined = chooseFfmpeg(usable.map(asCandidate));
  const chosen = choice ? usable.find((info) => info.path === choice.chosen.path) : usable[0];
  if (!chosen) throw new BinaryError(`no ffmpeg found that runs: ${HOW_TO_FIX}`);
  return {
    ...chosen,
    ...(choice ? {
      choice: { why: choice.why, passedOver: choice.passedOver.map(({ candidate, why }) => ({ source: candidate.source, path: candidate.path, version: candidate.version, why })) },
      warning: ageWarning(choice.chosen),
    } : {}),
  };
}

async function inspectOne(located: LocatedBinary, options: ToolchainOptions, fullList: boolean): Promise<FfmpegInfo> {
  // doctor (fullList) asks afresh; a run may use what an earlier run heard.
  const { configuredEncoders, ...info } = await inspect('ffmpeg', options, located, !fullList);
  if (configuredEncoders && !fullList) return { ...info, encoders: configuredEncoders };
  const listed = await runTool(info.path, ['-hide_banner', '-encoders'], { collectStdout: true });
  return { ...info, encoders: parseEncoders(listed.stdout) };
}

/** The ffprobe that goes with `ffmpeg` (beside a PATH ffmpeg), unless one is named. */
export function pairedFfprobe(options: ToolchainOptions, ffmpeg: LocatedBinary): LocatedBinary {
  const env = options.env ?? process.env;
  const named = options.ffprobe !== undefined || env.FFPROBE_PATH;
  return (!named && ffprobeBeside(ffmpeg, env)) || locate('ffprobe', options);
}

export async function inspectFfprobe(options: ToolchainOptions = {}, ffmpeg?: LocatedBinary): Promise<BinaryInfo> {
  return inspect('ffprobe', options, ffmpeg ? pairedFfprobe(options, ffmpeg) : undefined);
}

function locate(tool: Tool, options: ToolchainOptions): LocatedBinary {
  const located = locateBinary(tool, { explicit: options[tool], env: options.env });
  if (!located) throw new BinaryError(`no ${tool} found: ${HOW_TO_FIX}`);
  if ('error' in located) throw new BinaryError(located.error);
  return located;
}

/**
 * ffmpeg checked to start (one -version run per process) and to have `requiredEncoders`; ffprobe
 * found but not started (see Toolchain). Throws BinaryError.
 */
export function resolveToolchain(options: ToolchainOptions = {}, requiredEncoders: readonly string[] = []): Promise<Toolchain> {
  // Once per process for the same binaries: a backend creating optimizers, or bench, runs -version once.
  const env = options.env ?? process.env;
  const key = JSON.stringify([options.ffmpeg, options.ffprobe, env.FFMPEG_PATH, env.FFPROBE_PATH, env.PATH, [...requiredEncoders].sort()]);
  let resolved = resolvedToolchains.get(key);
  if (!resolved) {
    resolved = checkToolchain(options, requiredEncoders);
    resolvedToolchains.set(key, resolved);
    resolved.catch(() => resolvedToolchains.delete(key));
  }
  return resolved;
}

const resolvedToolchains = new Map<string, Promise<Toolchain>>();

async function checkToolchain(options: ToolchainOptions, requiredEncoders: readonly string[]): Promise<Toolchain> {
  const ffmpeg = await inspectFfmpeg(options, false);
  const ffprobe = pairedFfprobe(options, ffmpeg);
  const missing = requiredEncoders.filter((name) => !ffmpeg.encoders.has(name));
  if (missing.length > 0) {
    throw new BinaryError(
      `ffmpeg at ${ffmpeg.path} (from ${ffmpeg.source}) lacks the encoder(s) ${missing.join(', ')}: ${HOW_TO_FIX}`,
    );
  }
  return { ffmpeg, ffprobe };
}
