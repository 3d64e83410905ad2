// The library's faststart(): moov moved to the front of many files without re-encoding.
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError, describeWriteError, getErrorMessage } from '../errors.js';
import { MP4_EXTENSIONS, expandInputs } from '../inputs/expand.js';
import { guardOutputs } from '../inputs/output-guard.js';
import { assignOutputs } from '../inputs/output-paths.js';
import { relocateFile } from './relocate-file.js';

export interface FaststartOptions {
  /** Output folder; or `inPlace`. */
  output?: string;
  /** Replace each input, only after its new version is written and verified. */
  inPlace?: boolean;
  /** Flush each new file to disk before it takes its final name (default true). */
  flush?: boolean;
  /** In place: also replace files that have other hard links (which then keep the old version). */
  breakHardlinks?: boolean;
  /** With an output folder: replace outputs that exist (default: skip them, as optimize does). */
  force?: boolean;
  /** Stops between and inside files; the file being written is removed. */
  signal?: AbortSignal;
  cwd?: string;
  onFile?: (result: FaststartResult) => void;
}

export interface FaststartResult {
  input: string;
  output: string | undefined;
  /** In place through a symlink: the file that was rewritten (the link itself stays). */
  target?: string;
  status: 'moved' | 'unchanged' | 'skipped' | 'failed';
  reason: string | undefined;
  bytes: number | undefined;
  seconds: number | undefined;
  convertedToCo64: boolean;
}

export interface FaststartReport {
  files: FaststartResult[];
  moved: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

export async function faststart(inputs: readonly string[], options: FaststartOptions): Promise<FaststartReport> {
  if (Boolean(options.output) === Boolean(options.inPlace)) throw new UsageError('pass either -o <folder> or --in-place');
  const cwd = options.cwd ?? process.cwd();
  const outdir = options.output ? path.resolve(cwd, options.output) : undefined;
  if (outdir && (await stat(outdir).catch(() => undefined))?.isDirectory() === false) {
    throw new UsageError(`-o ${options.output}: exists and is not a folder`);
  }
  const expanded = await expandInputs(inputs, { cwd, extensions: MP4_EXTENSIONS, exclude: outdir ? [outdir] : [] });
  if (expanded.files.length === 0 && expanded.missing.length === 0) throw new UsageError(`no MP4/MOV files found in ${inputs.join(', ')}`);
  const report: FaststartReport = { files: [], moved: 0, unchanged: 0, skipped: 0, failed: 0 };
  const record = (result: FaststartResult): void => {
    report.files.push(result);
    report[result.status]++;
    options.onFile?.(result);
  };
  const base = { bytes: undefined, seconds: undefined, convertedToCo64: false };
  for (const { input, reason } of expanded.missing) record({ input, output: undefined, status: 'failed', reason, ...base });
  const assignments = outdir
    ? (await guardOutputs(assignOutputs(expanded.files, outdir, { keepExtension: true }))).assignments
    : expanded.files.map((input) => ({ input, output: input.path, conflict: undefined }));
  for (const { input, output, conflict } of assignments) {
    if (options.signal?.aborted) break;
    const shown = input.path;
    if (!output) {
      record({ input: shown, output: undefined, status: 'failed', reason: conflict?.reason, ...base });
      continue;
    }
    try {
      if (outdir && !options.force && (await stat(output).then(() => true, () => false))) {
        record({ input: shown, output, status: 'skipped', reason: 'output exists (-f replaces it)', ...base });
        continue;
      }
      if (outdir) {
        const made = await mkdir(path.dirname(output), { recursive: true }).catch((error: unknown) => error);
        if (made instanceof Error) {
          record({ input: shown, output: undefined, status: 'failed', reason: describeWriteError(made, path.dirname(output)), ...base });
          continue;
        }
      }
      const outcome = await relocateFile(input.path, output, {
        flush: options.flush ?? true, breakHardlinks: options.breakHardlinks ?? false, replace: options.force ?? false, signal: options.signal,
      });
      record(outcome.status === 'moved'
        ? {
            input: shown, output, status: 'moved', reason: undefined, bytes: outcome.bytes,
            seconds: outcome.seconds, convertedToCo64: outcome.convertedToCo64,
            ...(outcome.target ? { target: outcome.target } : {}),
          }
        : { input: shown, output: undefined, status: outcome.status, reason: outcome.reason, ...base });
    } catch (error) {
      record({ input: shown, output: undefined, status: 'failed', reason: getErrorMessage(error), ...base });
    }
  }
  return report;
}
