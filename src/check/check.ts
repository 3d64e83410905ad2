// The library's check(): faststart verdicts (and preset conformance) for many files, one at a time,
// in bounded memory.
import { UsageError } from '../errors.js';
import { displayPath } from '../inputs/display-path.js';
import { MP4_EXTENSIONS, walkInputs } from '../inputs/expand.js';
import { loadPreset } from '../presets/load.js';
import type { Preset } from '../presets/preset.js';
import { type CheckResult, checkFile } from './check-file.js';


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
}

export interface CheckReport {
  preset: string | undefined;
  files: CheckResult[];
  checked: number;
  passed: number;
  failed: number;
}

export async function check(inputs: readonly string[], options: CheckOptions = {}): Promise<CheckReport> {
  const cwd = options.cwd ?? process.cwd();
  const preset = options.preset === undefined ? undefined
    : typeof options.preset === 'object' ? options.preset : await loadPreset(options.preset);
  const report: CheckReport = { preset: preset?.name, files: [], checked: 0, passed: 0, failed: 0 };
  for await (const batch of walkInputs(inputs, { cwd, extensions: MP4_EXTENSIONS })) {
    for (const item of batch) {
      let result: CheckResult = item.kind === 'missing'
        ? { file: item.input, verdict: 'unreadable', reason: item.reason, violations: [], passed: false }
        : await checkFile(item.path, displayPath(cwd, item.path), preset);
      if (options.fix && item.kind === 'file' && result.verdict === 'moov-after-mdat') result = await fixFile(item.path, result, preset);
      report.checked++;
      if (result.passed) report.passed++;
      else report.failed++;
      if (options.collect !== false) report.files.push(result);
      options.onFile?.(result);
    }
  }
  if (report.checked === 0) throw new UsageError(`no MP4/MOV files found in ${inputs.join(', ') || '(no inputs given)'}`);
  return report;
}

async function fixFile(file: string, before: CheckResult, preset: Preset | undefined): Promise<CheckResult> {
  const { relocateFile } = await import('../faststart/relocate-file.js');
  const outcome = await relocateFile(file, file).catch((error: unknown) => ({ status: 'failed' as const, reason: String(error) }));
  if (outcome.status !== 'moved') return { ...before, reason: `${before.reason}; not fixed: ${outcome.reason}` };
  const after = await checkFile(file, before.file, preset);
  return { ...after, fixed: true, reason: `fixed: ${after.reason}` };
}
