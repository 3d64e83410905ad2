// The one module that spawns processes. Everything that runs ffmpeg or ffprobe goes through runTool.
import { execa } from 'execa';
import { clampDelay } from '../limits.js';

export interface RunOptions {
  /** Aborting kills the process (SIGKILL: ffmpeg would otherwise finish a valid but truncated file). */
  signal?: AbortSignal;
  /** Keep the whole stdout (ffprobe's JSON). Otherwise stdout is only streamed to onStdoutLine. */
  collectStdout?: boolean;
  onStdoutLine?: (line: string) => void;
  /** How much of the end of stderr to keep; stderr of a long, noisy run is never held whole. */
  stderrTailBytes?: number;
  /** Bytes written to the process's stdin (then closed), or a stream piped into it. */
  input?: Uint8Array | NodeJS.ReadableStream;
  /** Keep the whole stdout as bytes (decoded audio, an encoded stream) in `stdoutBytes`. */
  collectStdoutBytes?: boolean;
  /** Kill the process after this long (a hostile input must not keep a slot forever); capped at Node's timer limit. */
  timeoutMs?: number;
  /** Stdout's bytes as they come (an encoder writing to a pipe). */
  onStdoutBytes?: (chunk: Uint8Array) => void;
  /** Further outputs the process writes (`pipe:3` …): each descriptor's bytes as they come, then an empty chunk at its end. */
  extraOutputs?: Readonly<Record<number, (chunk: Uint8Array) => void>>;
}

export interface RunResult {
  /** undefined when the process did not exit by itself (killed, or never started). */
  exitCode: number | undefined;
  /** The process was killed for running past timeoutMs. */
  timedOut: boolean;
  stdout: string;
  /** With collectStdoutBytes. */
  stdoutBytes?: Uint8Array;
  stderrTail: string;
  wallMs: number;
  aborted: boolean;
  /** Why the process could not be started (e.g. ENOENT), if it could not. */
  spawnError: string | undefined;
  /** The signal that ended the process when nobody asked (a crash: SIGSEGV, SIGABRT …). */
  crashSignal: string | undefined;
}

const DEFAULT_TAIL = 64 * 1024;

export async function runTool(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const tailLimit = options.stderrTailBytes ?? DEFAULT_TAIL;
  const started = performance.now();
  const extra = Object.keys(options.extraOutputs ?? {}).map(Number);
  const lastFd = Math.max(2, ...extra);
  const stdin = options.input === undefined ? 'ignore' as const : 'pipe' as const;
  const subprocess = execa(file, args, {
    reject: false,
    ...(extra.length > 0 ? { stdio: [stdin, 'pipe', 'pipe', ...Array.from({ length: lastFd - 2 }, (_, i) => (extra.includes(i + 3) ? 'pipe' : 'ignore'))] } : {}),
    ...(options.input === undefined ? (extra.length > 0 ? {} : { stdin: 'ignore' as const }) : { input: options.input as Uint8Array }),
    // Only what is asked for is kept: a tap's bytes (PCM, fragments) go to their callback, never into a
    // string execa would decode and hold (megabytes per chunk, and the collector's time).
    buffer: { stdout: (options.collectStdout ?? false) || (options.collectStdoutBytes ?? false), stderr: false, ...Object.fromEntries(extra.map((fd) => [`fd${fd}`, false])) },
    cancelSignal: options.signal,
    killSignal: 'SIGKILL',
    ...(options.timeoutMs === undefined ? {} : { timeout: Math.max(1, clampDelay(options.timeoutMs)) }),
    encoding: options.collectStdoutBytes ? 'buffer' : 'utf8',
    windowsHide: true,
  });

  let stderrTail = '';
  subprocess.stderr?.setEncoding('utf8');
  subprocess.stderr?.on('data', (chunk: string) => {
    stderrTail += chunk;
    if (stderrTail.length > tailLimit * 2) stderrTail = stderrTail.slice(-tailLimit);
  });

  for (const fd of extra) {
    const onBytes = (options.extraOutputs as Record<number, (chunk: Uint8Array) => void>)[fd] as (chunk: Uint8Array) => void;
    const stream = subprocess.stdio[fd] as NodeJS.ReadableStream | undefined;
    stream?.on('data', (chunk: Buffer) => onBytes(chunk));
    stream?.on('end', () => onBytes(new Uint8Array(0)));
  }
  if (options.onStdoutBytes) {
    const onBytes = options.onStdoutBytes;
    subprocess.stdout?.on('data', (chunk: Buffer) => onBytes(chunk));
  }

  if (options.onStdoutLine) {
    const onLine = options.onStdoutLine;
    let pending = '';
    subprocess.stdout?.setEncoding('utf8');
    subprocess.stdout?.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line.trimEnd());
    });
  }

  const result = await subprocess;
  const wallMs = performance.now() - started;
  const spawnError = result.failed && result.exitCode === undefined && !result.isCanceled && !result.signal && !result.timedOut
    ? result.shortMessage
    : undefined;
  return {
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    stdout: typeof result.stdout === 'string' ? result.stdout : '',
    ...(result.stdout instanceof Uint8Array ? { stdoutBytes: result.stdout } : {}),
    stderrTail: stderrTail.slice(-tailLimit),
    wallMs,
    aborted: options.signal?.aborted ?? false,
    spawnError,
    crashSignal: result.signal && !result.timedOut && !result.isCanceled && !(options.signal?.aborted ?? false) ? result.signal : undefined,
  };
}
