// One file's check: the faststart verdict, and with a preset, whether moov describes what it produces.
import { describeReadError } from '../errors.js';
import { inspectFile, inspectTopLevelSync } from '../mp4/inspect-file.js';
import type { LayoutVerdict, Verdict } from '../mp4/layout-verdict.js';
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
  if (!preset) return checkLayoutSync(file);
  let inspection;
  try {
    inspection = await inspectFile(file, { readMoov: true });
  } catch (error) {
    return unreadable(file, error);
  }
  const { layout } = inspection;
  const violations: string[] = [];
  if (layout.verdict === 'faststart' || layout.verdict === 'moov-after-mdat') {
    if (inspection.moov) violations.push(...presetViolations(inspection.moov, preset));
    else violations.push(inspection.moovUnread ?? 'moov could not be read');
  }
  return resultOf(file, layout, violations);
}

/**
 * The faststart verdict alone, from the top-level boxes, synchronously: check without a preset walks
 * thousands of files in a row, where a promise per file costs more than its reads.
 */
export function checkLayoutSync(file: string): CheckResult {
  try {
    return resultOf(file, inspectTopLevelSync(file).layout, []);
  } catch (error) {
    return unreadable(file, error);
  }
}

const unreadable = (file: string, error: unknown): CheckResult => ({ file, verdict: 'unreadable', reason: describeReadError(error), violations: [], passed: false });

function resultOf(file: string, layout: LayoutVerdict, violations: string[]): CheckResult {
  const result: CheckResult = { file, verdict: layout.verdict, reason: layout.reason, violations, passed: layout.verdict === 'faststart' && violations.length === 0 };
  if (layout.offset !== undefined) result.offset = layout.offset;
  return result;
}
