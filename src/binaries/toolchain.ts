// Resolves and checks the ffmpeg/ffprobe pair used for a run: found, starts, has the encoders.
import { BinaryError } from '../errors.js';
import { runTool } from '../ffmpeg/run.js';
import { type LocatedBinary, type Tool, locateBinary } from './locate.js';
import { encodersFromConfiguration, parseEncoders, parseLibavformatMajor, parseVersionLine } from './version.js';

export interface BinaryInfo extends LocatedBinary {
  version: string;
  libavformatMajor: number | undefined;
  /** Encoders known from the configuration line of -version, when it tells. */
  configuredEncoders?: Set<string> | undefined;
}

export interface FfmpegInfo extends BinaryInfo {
  encoders: ReadonlySet<string>;
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

async function inspect(tool: Tool, options: ToolchainOptions): Promise<BinaryInfo> {
  const located = locate(tool, options);
  const result = await runTool(located.path, ['-hide_banner', '-version'], { collectStdout: true });
  const version = parseVersionLine(result.stdout);
  if (result.exitCode !== 0 || !version) {
    const why = result.spawnError ?? (result.stderrTail.trim().split('\n').pop() || `exit code ${result.exitCode}`);
    throw new BinaryError(`${tool} at ${located.path} (from ${located.source}) does not run: ${why}`);
  }
  return {
    ...located,
    version,
    libavformatMajor: parseLibavformatMajor(result.stdout),
    configuredEncoders: encodersFromConfiguration(result.stdout),
  };
}

/** `fullList`: always run `-encoders` (doctor); otherwise the configuration line is trusted when it tells. */
export async function inspectFfmpeg(options: ToolchainOptions = {}, fullList = true): Promise<FfmpegInfo> {
  const { configuredEncoders, ...info } = await inspect('ffmpeg', options);
  if (configuredEncoders && !fullList) return { ...info, encoders: configuredEncoders };
  const listed = await runTool(info.path, ['-hide_banner', '-encoders'], { collectStdout: true });
  return { ...info, encoders: parseEncoders(listed.stdout) };
}

export async function inspectFfprobe(options: ToolchainOptions = {}): Promise<BinaryInfo> {
  return inspect('ffprobe', options);
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
  const ffprobe = locate('ffprobe', options);
  const ffmpeg = await inspectFfmpeg(options, false);
  const missing = requiredEncoders.filter((name) => !ffmpeg.encoders.has(name));
  if (missing.length > 0) {
    throw new BinaryError(
      `ffmpeg at ${ffmpeg.path} (from ${ffmpeg.source}) lacks the encoder(s) ${missing.join(', ')}: ${HOW_TO_FIX}`,
    );
  }
  return { ffmpeg, ffprobe };
}
