// Every command-line option, declared once: its flags, help, value parser and default. Commands pick
// theirs by name; commander options, --help text and the flag types all come from this table.
import { type Command, Option } from 'commander';
import { parseLevels, parseMilliseconds, parseOrigin, parsePartSeconds, parsePort, parsePositiveInt, parseQueueName, parseReportFormat, parseSeconds, parseThreads } from './parse-options.js';

interface OptionSpec<T> {
  flags: string;
  description: string;
  parse?: (value: string, previous: T) => T;
  defaultValue?: T;
}

const option = <T = string>(spec: OptionSpec<T>): OptionSpec<T> => spec;
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export const OPTIONS = {
  output: option({ flags: '-o, --output <dir>', description: 'output folder' }),
  preset: option({ flags: '-p, --preset <name|file.json>', description: 'built-in preset name or a preset file', defaultValue: 'streaming' }),
  presets: option<string[]>({ flags: '-p, --preset <name|file.json>', description: 'a preset to measure; repeat to compare presets side by side', parse: collect }),
  concurrency: option<number>({ flags: '-j, --concurrency <n>', description: 'files encoded at once (default: number of CPUs)', parse: parsePositiveInt }),
  levels: option<number[]>({ flags: '-j, --concurrency <levels>', description: 'concurrency levels to sweep, e.g. 1,2,4 (default: number of CPUs)', parse: parseLevels }),
  threads: option<number>({
    flags: '--threads <n>',
    description: 'decoder and encoder threads per file, 1–64 (default: one while the cores are busy with other files, the cores shared otherwise)',
    parse: parseThreads,
  }),
  force: option<boolean>({ flags: '-f, --force', description: 'replace outputs that already exist (default: skip them)' }),
  reencode: option<boolean>({ flags: '--reencode', description: 'encode inputs that already conform to the preset too (default: move their moov to the front, no re-encode)' }),
  keepSmaller: option<boolean>({ flags: '--keep-smaller', description: 'with --reencode: when an input that already conforms comes out larger, keep the input instead (its moov moved to the front)' }),
  report: option({ flags: '--report <file>', description: 'also write the report to a file (JSON; Markdown for .md; an HTML page with charts for .html); its folder must exist, and it never replaces an input or output' }),
  inputFormat: option({ flags: '--input-format <format>', description: 'with - (stdin): the container the generator writes (matroska, mpegts, mp4, yuv4mpegpipe, …); default: found from its first bytes' }),
  conversation: option({ flags: '--conversation <name>', description: 'also play the inputs (natural name order) as one conversation: CMAF on one timeline and a live HLS playlist in <output>/<name>.hls/; with - the next chunk of the conversation beside the output file, published in parts as it is written' }),
  reportFormat: option({ flags: '--report-format <format>', description: 'json, md or html; without --report, md or html is printed instead of the table', parse: parseReportFormat }),
  printCommand: option<boolean>({ flags: '--print-command', description: 'print the ffmpeg command for each input (writing to the final name) and exit without encoding' }),
  progress: option<boolean>({ flags: '--no-progress', description: 'no progress bar or per-file lines' }),
  ffmpeg: option({ flags: '--ffmpeg <path>', description: 'ffmpeg binary to use (or FFMPEG_PATH)' }),
  ffprobe: option({ flags: '--ffprobe <path>', description: 'ffprobe binary to use (or FFPROBE_PATH)' }),
  json: option<boolean>({ flags: '--json', description: 'print JSON instead of lines' }),
  jsonFile: option({ flags: '--json <file>', description: 'also write the results as JSON' }),
  junit: option({ flags: '--junit <file>', description: 'write a JUnit XML report (one testcase per file); its folder must exist' }),
  quiet: option<boolean>({ flags: '-q, --quiet', description: 'print failures only' }),
  fix: option<boolean>({ flags: '--fix', description: 'move moov to the front of moov-after-mdat files in place (verified; no re-encode), then check them again' }),
  breakHardlinks: option<boolean>({ flags: '--break-hardlinks', description: 'in place: also rewrite files that have other hard links (those names keep the old version)' }),
  inPlace: option<boolean>({ flags: '--in-place', description: 'replace each input once its faststart version is written, flushed and verified' }),
  fsync: option<boolean>({ flags: '--no-fsync', description: 'do not flush each new file to disk before renaming it (faster; a power loss may then damage it)' }),
  runs: option<number>({ flags: '-r, --runs <n>', description: 'measured runs after one warm-up', parse: parsePositiveInt, defaultValue: 3 }),
  quality: option<boolean>({ flags: '--quality', description: 'also measure SSIM and PSNR of each output against its source' }),
  settle: option<number>({ flags: '--settle <ms>', description: 'how long a file written in place must stay unchanged once complete', parse: parseMilliseconds, defaultValue: 25 }),
  rescan: option<number>({ flags: '--rescan <s>', description: 'look at the folders this often for files whose events were missed (default 2; 1 with --poll)', parse: parseSeconds }),
  poll: option<boolean>({ flags: '--poll', description: 'no folder events (NFS, SMB): find files by rescanning only' }),
  once: option<boolean>({ flags: '--once', description: 'process what is there now, then exit' }),
  conversations: option<boolean>({ flags: '--conversations', description: 'each subfolder is a conversation: its chunks on one timeline, CMAF + a live HLS playlist in <output>/<subfolder>.hls/' }),
  gapTimeout: option<number>({ flags: '--gap-timeout <s>', description: 'with --conversations: how long a chunk waits for a missing predecessor', parse: parseSeconds, defaultValue: 30 }),
  doneDir: option({ flags: '--done-dir <dir>', description: 'move each original here once its output is verified' }),
  queue: option<boolean>({ flags: '--queue', description: 'also play all inputs back to back, the next preloaded, and report the gap before each' }),
  live: option<boolean>({ flags: '--live', description: 'glass to glass: a generator writes the chunks at real-time pace (and at half) into optimize - --conversation while the viewer plays' }),
  speeds: option<string>({ flags: '--speeds <list>', description: 'with --live: generator speeds, comma-separated (1 = real time)', defaultValue: '1,0.5' }),
  full: option<boolean>({ flags: '--full', description: 'play each file to its end (stalls over the whole clip), not only to its first frame' }),
  html: option({ flags: '--html <file>', description: 'also write an HTML report with charts (self-contained)' }),
  redis: option({ flags: '--redis <url>', description: 'Redis URL, redis:// or rediss:// (TLS); a password in it is never printed (default: REDIS_URL)' }),
  queueName: option({ flags: '--queue <name>', description: 'queue name: 1 to 64 letters, digits, ".", "_" or "-"', parse: parseQueueName, defaultValue: 'streamprep' }),
  presetDirs: option<string[]>({ flags: '--preset-dir <dir>', description: 'a folder of preset files (<name>.json) that queued jobs may name; repeat for more (default: built-in presets only)', parse: collect }),
  roots: option<string[]>({ flags: '--root <dir>', description: 'a folder jobs may read and write; repeat for more (default: the working folder)', parse: collect }),
  lockDuration: option<number>({ flags: '--lock-duration <ms>', description: 'how long a job stays locked without renewal; a killed worker\'s jobs return after it', parse: parseMilliseconds, defaultValue: 60_000 }),
  wait: option<boolean>({ flags: '--wait', description: 'follow the jobs to the end and print the report, as optimize does' }),
  port: option<number>({ flags: '--port <n>', description: 'port to listen on (0: any free port)', parse: parsePort, defaultValue: 8080 }),
  host: option({ flags: '--host <address>', description: 'address to listen on', defaultValue: '127.0.0.1' }),
  throttle: option<number>({ flags: '--throttle <kbit/s>', description: 'the link bandwidth, shared by all connections as on a real link (to emulate a slow one)', parse: parsePositiveInt }),
  latency: option<number>({ flags: '--latency <ms>', description: 'added before each response starts, to emulate a distant server', parse: parseMilliseconds }),
  cors: option<string[]>({ flags: '--cors <origin>', description: 'let pages on this origin (e.g. http://localhost:5173) read what is served — hls.js or streamprep/player on your own front end; repeat for more, * for any', parse: parseOrigin }),
  page: option({ flags: '--page <dir>', description: 'also serve your own page folder at /page/ (its scripts may run; /_streamprep/player.js is the player)' }),
  parts: option<boolean>({ flags: '--no-parts', description: 'with - and --conversation: publish the chunk once it is whole, not in parts while it is written' }),
  last: option<boolean>({ flags: '--last', description: 'with - and --conversation: this chunk is the conversation\'s last (its playlist ends)' }),
  partSec: option<number>({ flags: '--part-sec <s>', description: 'with - and --conversation: how much media each published part holds, 0.1–2 s (default 1/3: six frames at 18 fps)', parse: parsePartSeconds }),
  stallTimeout: option<number>({ flags: '--stall-timeout <s>', description: 'with - (stdin): give up when the writer sends nothing for this long (the chunk fails as incomplete)', parse: parseSeconds, defaultValue: 30 }),
  follow: option<boolean>({ flags: '--no-follow', description: 'wait until a growing Matroska/WebM, MPEG-TS, Y4M or fragmented MP4 file is complete before encoding it (default: encode it as it is written)' }),
  drain: option<boolean>({ flags: '--drain', description: 'on Ctrl-C or SIGTERM, let running encodes finish (default: stop them)' }),
} as const;

export type OptionName = keyof typeof OPTIONS;
type ValueOf<S> = S extends OptionSpec<infer T> ? T : never;
/** The parsed flags of a command that declared `N`. */
export type Flags<N extends OptionName> = { [K in N]?: ValueOf<(typeof OPTIONS)[K]> };

export interface OptionOverride {
  description?: string;
  required?: boolean;
  /** Leave out the table's default (e.g. check's --preset, which checks nothing unless given). */
  noDefault?: boolean;
}

/** Adds the named options to `command`, in order; `overrides` adjusts help or makes one required. */
export function addOptions<N extends OptionName>(command: Command, names: readonly N[], overrides: Partial<Record<N, OptionOverride>> = {}): Command {
  for (const name of names) {
    const spec = OPTIONS[name] as OptionSpec<unknown>;
    const override = overrides[name] ?? {};
    const entry = new Option(spec.flags, override.description ?? spec.description);
    // The table's key is the attribute the flags land in (two entries may share a flag, e.g. --json).
    entry.attributeName = () => name;
    if (spec.parse) entry.argParser(spec.parse as (value: string, previous: unknown) => unknown);
    if (spec.defaultValue !== undefined && !override.noDefault) entry.default(spec.defaultValue);
    if (override.required) entry.makeOptionMandatory();
    command.addOption(entry);
  }
  return command;
}

/** The options every encoding command shares, as the library takes them. */
export function encodeOptions(flags: Flags<'preset' | 'concurrency' | 'threads' | 'force' | 'reencode' | 'keepSmaller' | 'ffmpeg' | 'ffprobe'>) {
  return {
    preset: flags.preset,
    concurrency: flags.concurrency,
    threads: flags.threads,
    force: flags.force ?? false,
    reencode: flags.reencode ?? false,
    keepSmaller: flags.keepSmaller ?? false,
    ffmpegPath: flags.ffmpeg,
    ffprobePath: flags.ffprobe,
  };
}
