// The library's check(): faststart verdicts (and preset conformance) for many files, one at a time,
// in bounded memory.
import path from 'node:path';
import { UsageError, getErrorMessage } from '../errors.js';
import { FileIdentities } from '../files/identity.js';
import { checkReportTarget } from '../files/report-target.js';
import { MP4_EXTENSIONS, walkInputs } from '../inputs/expand.js';
import { loadPreset } from '../presets/load.js';
import type { Preset } from '../presets/preset.js';
import { type CheckResult, checkFile, checkLayoutSync } from './check-file.js';


export interface CheckOptions {
  /** Also check each file against a preset (name or path), from its moov. */
  preset?: string | Preset;
  cwd?: string;
  /** Called for each file as it is checked. */
  onFile?: (result: CheckResult) => void;
  /** Keep every result in the returned report (default true; false keeps memory flat for huge folders). */
  collect?: boolean;
  /** Move moov to the front of files whose only fault is moov-after-mdat (in place, verified), then check again. */
  fix?: boolean;
  /** With fix: also rewrite files that have other hard links. */
  breakHardlinks?: boolean;
  /** Stops the check (and a --fix rewrite under way, whose temporary file is removed). */
  signal?: AbortSignal;
  /** Files the caller writes afterwards (--junit): refused up front if they would replace a named input or a non-text file. */
  reportFiles?: readonly string[];
}

export interface CheckReport {
  preset: string | undefined;
  files: CheckResult[];
  checked: number;
  passed: number;
  failed: number;
  /** Files with an MP4 extension passed over in folders and globs (hidden, or streamprep's own temporary files). */
  skipped: number;
}

export async function check(inputs: readonly string[], options: CheckOptions = {}): Promise<CheckReport> {
  const cwd = options.cwd ?? process.cwd();
  const preset = options.preset === undefined ? undefined
    : typeof options.preset === 'object' ? options.preset : await loadPreset(options.preset);
  if (options.reportFiles?.length) {
    const named = new FileIdentities();
    for (const input of inputs) await named.add(path.resolve(cwd, input), `the input ${input}`);
    for (const file of options.reportFiles) await checkReportTarget(path.resolve(cwd, file), named, `--junit ${file}`);
  }
  const report: CheckReport = { preset: preset?.name, files: [], checked: 0, passed: 0, failed: 0, skipped: 0 };
  for await (const batch of walkInputs(inputs, { cwd, extensions: MP4_EXTENSIONS })) {
    for (const item of batch) {
      if (options.signal?.aborted) break;
      if (item.kind === 'skipped') {
        report.skipped++;
        continue;
      }
      let result: CheckResult = item.kind === 'missing'
        ? { file: item.input, verdict: 'unreadable', reason: item.reason, violations: [], passed: false }
        : preset ? await checkFile(item.path, preset) : checkLayoutSync(item.path);
      if (options.fix && item.kind === 'file' && result.verdict === 'moov-after-mdat') result = await fixFile(item.path, result, preset, options);
      report.checked++;
      if (result.passed) report.passed++;
      else report.failed++;
      if (options.collect !== false) report.files.push(result);
      options.onFile?.(result);
    }
  }
  if (report.checked === 0 && !options.signal?.aborted) {
    const skipped = report.skipped > 0 ? ` (${report.skipped} hidden or temporary file(s) skipped)` : '';
    throw new UsageError(`no MP4/MOV files found in ${inputs.join(', ') || '(no inputs given)'}${skipped}`);
  }
  return report;
}

async function fixFile(file: string, before: CheckResult, preset: Preset | undefined, options: CheckOptions): Promise<CheckResult> {
  const { relocateFile } = await import('../faststart/relocate-file.js');
  const outcome = await relocateFile(file, file, { breakHardlinks: options.breakHardlinks ?? false, signal: options.signal })
    .catch((error: unknown) => ({ status: 'failed' as const, reason: getErrorMessage(error) }));
  if (outcome.status !== 'moved') return { ...before, reason: `${before.reason}; not fixed: ${outcome.reason}` };
  const after = await checkFile(file, preset);
  return { ...after, fixed: true, reason: `fixed: ${after.reason}` };
}
