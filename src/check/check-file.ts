// One file's check: the faststart verdict, and with a preset, whether moov describes what it produces.
import { describeReadError } from '../errors.js';
import { inspectFile, inspectTopLevelSync } from '../mp4/inspect-file.js';
import type { Verdict } from '../mp4/layout-verdict.js';
import type { Preset } from '../presets/preset.js';
import { presetViolations } from './preset-conformance.js';

export interface CheckResult {
  file: string;
  verdict: Verdict | 'unreadable';
  reason: string;
  offset?: number;
  /** Differences from the preset (only with a preset). */
  violations: string[];
  passed: boolean;
  /** check --fix moved moov to the front of this file. */
  fixed?: boolean;
}

/** `file` is absolute; so is the result's. */
export async function checkFile(file: string, preset?: Preset): Promise<CheckResult> {
  let inspection;
  try {
    // Without a preset only the top-level boxes matter: read synchronously (thousands of files in a row).
    inspection = preset ? await inspectFile(file, { readMoov: true }) : inspectTopLevelSync(file);
  } catch (error) {
    return { file, verdict: 'unreadable', reason: describeReadError(error), violations: [], passed: false };
  }
  const { layout } = inspection;
  const violations: string[] = [];
  if (preset && (layout.verdict === 'faststart' || layout.verdict === 'moov-after-mdat')) {
    if (inspection.moov) violations.push(...presetViolations(inspection.moov, preset));
    else violations.push(inspection.moovUnread ?? 'moov could not be read');
  }
  return {
    file,
    verdict: layout.verdict,
    reason: layout.reason,
    ...(layout.offset === undefined ? {} : { offset: layout.offset }),
    violations,
    passed: layout.verdict === 'faststart' && violations.length === 0,
  };
}
