// Errors are values with a message a user can act on. The CLI maps `exitCode` to the process exit code.

/**
 * The one error type: `message` is one line, ready to print ("<file>: <reason>" when a file is at
 * fault); `reason` is the cause alone; `exitCode` is what the CLI exits with. Subclasses exist only
 * where callers branch on them (a preset's key, an interruption) or name them in the API.
 */
export class StreamprepError extends Error {
  readonly exitCode: number;
  readonly reason: string;
  constructor(message: string, exitCode: number, options?: { cause?: unknown; reason?: string }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.reason = options?.reason ?? message;
  }
}

/** Wrong flags, arguments or paths given by the user (exit 2). */
export class UsageError extends StreamprepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 2, options);
  }
}

/** A preset file that does not match the schema (exit 2): names the file and the key. */
export class PresetError extends StreamprepError {
  readonly file: string;
  readonly key: string | undefined;
  constructor(file: string, key: string | undefined, problem: string) {
    super(`${file}: ${key ? `${key} ${problem}` : problem}`, 2, { reason: key ? `${key} ${problem}` : problem });
    this.file = file;
    this.key = key;
  }
}

/** No usable ffmpeg/ffprobe, or one without the encoders a preset needs (exit 2). */
export class BinaryError extends StreamprepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 2, options);
  }
}

/** One input could not be turned into a verified output. Reported per file; the batch goes on (exit 1). */
export class InputError extends StreamprepError {
  readonly file: string;
  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super(`${file}: ${reason}`, 1, { ...options, reason });
    this.file = file;
  }
}

/** The run was stopped by a signal (Ctrl-C): exit 130. */
export class InterruptedError extends StreamprepError {
  constructor() {
    super('interrupted', 130);
  }
}

export const getErrorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** One line for a failed file-system read: "no such file", "symlink loop", "not a regular file (a FIFO)"… */
export function describeReadError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  switch (code) {
    case 'ENOTFILE':
      return message; // NotRegularFileError: says which kind of file
    case 'ENOENT':
      return 'no such file';
    case 'ELOOP':
      return 'symlink loop';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'not a regular file (a folder)';
    case 'ENAMETOOLONG':
      return 'name too long';
    default:
      return `cannot be read (${code ?? message})`;
  }
}

/** Error codes of a write that failed for lack of room. */
export const isNoSpaceError = (error: unknown): boolean =>
  ['ENOSPC', 'EDQUOT'].includes((error as NodeJS.ErrnoException)?.code ?? '');

/** One line for a failed write into `folder`: "no space left on device (output folder out/)"… */
export function describeWriteError(error: unknown, folder: string): string {
  const { code, message } = error as NodeJS.ErrnoException;
  switch (code) {
    case 'ENOSPC':
      return `no space left on device (output folder ${folder})`;
    case 'EDQUOT':
      return `disk quota exceeded (output folder ${folder})`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied writing to ${folder}`;
    case 'EROFS':
      return `${folder} is on a read-only file system`;
    default:
      return `cannot write to ${folder} (${code ?? message})`;
  }
}
