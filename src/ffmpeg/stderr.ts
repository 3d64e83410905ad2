// Reads what ffmpeg printed (run with `-loglevel level+info -benchmark`): the cause of a failure, CPU times.
import { type Failure, failure } from '../report/causes.js';

export interface BenchTimes {
  userSec: number;
  sysSec: number;
  maxRssKb: number | undefined;
}

/** `bench: utime=0.025s stime=0.015s rtime=0.033s` and `bench: maxrss=26524kB`, printed by -benchmark. */
export function parseBenchTimes(stderr: string): BenchTimes | undefined {
  const times = /bench: utime=([\d.]+)s stime=([\d.]+)s/.exec(stderr);
  if (!times) return undefined;
  const rss = /bench: maxrss=(\d+)kB/.exec(stderr);
  return {
    userSec: Number(times[1]),
    sysSec: Number(times[2]),
    maxRssKb: rss ? Number(rss[1]) : undefined,
  };
}

const LEVEL_TAG = /\[(fatal|error|panic)\]\s*:?\s*/;
const CONTEXT_PREFIX = /^(\[[^\]]*@ 0x[0-9a-f]+\]\s*)+/i;
const CONSEQUENCES = [
  /^Error (initializing output stream|while opening encoder|opening output files?)/i,
  /^Conversion failed!?$/i,
  /^Error while filtering/i,
  /^Nothing was written into output file/i,
  /^Exiting normally/i,
];

/**
 * The first error ffmpeg reported, as one line: the root cause, not the
 * "Error initializing output stream" / "Conversion failed!" lines that follow it.
 */
export function findFailureCause(stderr: string, inputPath?: string): string | undefined {
  const errors: string[] = [];
  for (const raw of stderr.split(/\r?\n/)) {
    const match = LEVEL_TAG.exec(raw);
    if (!match) continue;
    let line = (raw.slice(0, match.index) + raw.slice(match.index + match[0].length)).replace(CONTEXT_PREFIX, '');
    line = line.replace(/^x264 \[error\]:\s*/, '').trim();
    if (inputPath) line = stripPath(line, inputPath);
    if (line) errors.push(line);
  }
  const cause = errors.find((line) => !CONSEQUENCES.some((pattern) => pattern.test(line))) ?? errors[0];
  return cause ? shorten(cause) : undefined;
}

/**
 * Why an encode failed, as a cause: a decoder this ffmpeg lacks is named ("no decoder for vvc in this
 * ffmpeg"); anything else ffmpeg tied to the input is bad input.
 */
export function findFailure(stderr: string, inputPath?: string): Failure | undefined {
  const missing = /Decoder \(codec ([\w-]+)\) not found/i.exec(stderr);
  if (missing) {
    const codec = missing[1] === 'none' ? 'an unknown codec' : missing[1];
    return failure('unsupported-codec', `the ffmpeg in use has no decoder for ${codec} (try --ffmpeg with a newer build)`);
  }
  const cause = findFailureCause(stderr, inputPath);
  return cause === undefined ? undefined : failure('bad-input', cause);
}

/** ffmpeg names the input as `file:/abs/path: …`; our messages already start with the file. */
function stripPath(line: string, inputPath: string): string {
  for (const prefix of [`file:${inputPath}: `, `${inputPath}: `]) {
    if (line.startsWith(prefix)) return line.slice(prefix.length);
  }
  return line;
}

function shorten(line: string, max = 240): string {
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** loudnorm's measuring pass: the JSON block it prints last (input_i, input_tp, …), as numbers. Pure. */
export function parseLoudnorm(stderr: string): { inputI: number; inputTp: number; inputLra: number; inputThresh: number; targetOffset: number } | undefined {
  const start = stderr.lastIndexOf('{');
  const end = stderr.indexOf('}', start);
  if (start === -1 || end === -1) return undefined;
  let raw: Record<string, string>;
  try {
    raw = JSON.parse(stderr.slice(start, end + 1)) as Record<string, string>;
  } catch {
    return undefined;
  }
  const values = [raw.input_i, raw.input_tp, raw.input_lra, raw.input_thresh, raw.target_offset].map(Number);
  if (values.some((value) => !Number.isFinite(value))) return undefined; // silence measures -inf
  const [inputI, inputTp, inputLra, inputThresh, targetOffset] = values as [number, number, number, number, number];
  return { inputI, inputTp, inputLra, inputThresh, targetOffset };
}

/** "SSIM Y:0.98 U:0.99 V:0.99 All:0.985 (18.2)" → 0.985 (printed by the ssim filter at the end). */
export function parseSsim(stderr: string): number | undefined {
  const match = /SSIM [^\n]*All:([\d.]+)/.exec(stderr);
  return match ? Number(match[1]) : undefined;
}

/** "PSNR y:36.1 u:40.2 v:40.5 average:37.3 min:… max:…" → 37.3 (inf when identical). */
export function parsePsnr(stderr: string): number | undefined {
  const match = /PSNR [^\n]*average:([\d.]+|inf)/.exec(stderr);
  if (!match) return undefined;
  return match[1] === 'inf' ? Number.POSITIVE_INFINITY : Number(match[1]);
}

const WRITE_ERRORS: Array<[RegExp, string]> = [
  [/No space left on device/i, 'no space left on device'],
  [/Disk quota exceeded/i, 'disk quota exceeded'],
  [/Read-only file system/i, 'read-only file system'],
  [/Input\/output error/i, 'input/output error'],
  [/Error writing trailer|av_interleaved_write_frame\(\)|Unable to re-open .* for the second pass|Error submitting a packet to the muxer/i, 'writing the output failed'],
];

/**
 * A failed write that ffmpeg reported in its log, whatever its exit code: it exits 0 after
 * "Error writing trailer … No space left on device". Returns the cause as a short phrase.
 */
export function findWriteError(stderr: string): string | undefined {
  // Only lines ffmpeg logged as errors: an input's metadata (printed at info level) may say anything.
  const errors = stderr.split(/\r?\n/).filter((line) => LEVEL_TAG.test(line)).join('\n');
  return WRITE_ERRORS.find(([pattern]) => pattern.test(errors))?.[1];
}

/** One line of why ffprobe could not read the file, without ffprobe's own "file:<path>: " prefix. */
export function probeFailureReason(stderr: string, file: string): string {
  const refused = /\[([\w-]+)[^\]]*@ [^\]]*\] Format not on whitelist/.exec(stderr);
  if (refused) return `looks like ${refused[1]}, which is not a video container this tool opens`;
  const lines = stderr.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const last = lines.at(-1) ?? 'ffprobe could not read it';
  const prefix = `file:${file}: `;
  const reason = last.startsWith(prefix) ? last.slice(prefix.length) : last;
  if (/Invalid data found when processing input/i.test(reason)) return 'not a video file ffmpeg can read (invalid data)';
  // A container's header and nothing after it (a writer that failed or stopped after its first bytes).
  if (/^End of file$/i.test(reason)) return 'it ends before its first frame (End of file): cut short, or its writer stopped after the header';
  return reason;
}

/**
 * An input that ended in the middle of its data (a writer that stopped, a file cut short): the demuxer
 * says so ("Read error" inside an element, "partial file"), though ffmpeg exits 0 with what it decoded.
 */
export function findTruncation(stderr: string): string | undefined {
  // "Read error" (Matroska, ffmpeg 4), "File ended prematurely" (Matroska, ffmpeg 5+), "partial file" (MP4/MOV).
  const line = stderr.split(/\r?\n/).find((candidate) => /@ 0x[0-9a-f]+\]( \[(error|warning)\])? (Read error\b|File ended prematurely|.*\bpartial file\b)/.test(candidate));
  return line === undefined ? undefined : `it ends in the middle of its data (${line.replace(/^.*\] (\[(error|warning)\] )?/, '').trim()})`;
}
