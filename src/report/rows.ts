// The report as rows of cells: shared by the terminal table and the Markdown table. Pure.
import { displayPath } from '../inputs/display-path.js';
import type { OptimizeReport } from './types.js';
import { formatBytes, formatPercent, formatRatio, formatSeconds, formatSpeed } from './units.js';

// The status comes first: no line of the table begins with a name a user chose (a file named
// "::warning::x.mp4" must not start a workflow command; GitHub trims leading spaces, so only a word helps).
export const COLUMNS = [
  'status', 'file', 'in', 'out', 'saved', 'startup in→out', 'media', 'encode', 'RTF', 'speed', 'faststart', 'notes',
] as const;

/** Rows for each file; paths are shown relative to `cwd` when inside it. */
export function reportRows(report: OptimizeReport, cwd: string = process.cwd()): string[][] {
  const rows = report.files.map((file) => [
    file.status,
    displayPath(cwd, file.input),
    formatBytes(file.inputBytes),
    formatBytes(file.outputBytes),
    formatPercent(file.reductionPercent),
    file.startupBytesAfter === undefined ? '–' : `${formatBytes(file.startupBytesBefore)} → ${formatBytes(file.startupBytesAfter)}`,
    formatSeconds(file.durationSec),
    formatSeconds(file.encodeSec),
    formatRatio(file.rtf),
    formatSpeed(file.speed),
    file.status !== 'ok' ? '–' : file.faststartVerified ? 'verified' : file.verified.includes('faststart') ? 'no' : 'not asked',
    file.status === 'ok' ? [...grew(file), ...file.adaptations].join('; ') : (file.reason ?? ''),
  ]);
  return rows;
}

/** An output larger than its input is said first: "ok" alone would hide it. */
const grew = (file: OptimizeReport['files'][number]): string[] =>
  file.reductionPercent !== undefined && file.reductionPercent < 0 ? [`output grew ${formatPercent(-file.reductionPercent)}`] : [];

/** "15/15 ok" when all went well; otherwise the counts that are not zero ("0 ok, 8 skipped", not "0/8 ok"). */
export function totalsStatus({ ok, failed, skipped, files }: OptimizeReport['totals']): string {
  if (failed === 0 && skipped === 0) return `${ok}/${files} ok`;
  return [`${ok} ok`, ...(failed ? [`${failed} failed`] : []), ...(skipped ? [`${skipped} skipped`] : [])].join(', ');
}

export function totalsRow(report: OptimizeReport): string[] {
  const { totals } = report;
  return [
    totalsStatus(totals),
    'total',
    formatBytes(totals.inputBytes),
    formatBytes(totals.outputBytes),
    formatPercent(totals.reductionPercent),
    '',
    formatSeconds(totals.mediaSec),
    formatSeconds(totals.wallSec),
    formatRatio(totals.aggregateRtf),
    formatSpeed(totals.aggregateRtf ? 1 / totals.aggregateRtf : undefined),
    '',
    '',
  ];
}

/** One sentence under the table: counts, bytes, and what the batch's wall time means. */
export function summaryLine(report: OptimizeReport): string {
  const { totals } = report;
  const parts = [
    `${totals.files} file(s): ${totals.ok} ok, ${totals.failed} failed, ${totals.skipped} skipped`,
    `${formatBytes(totals.inputBytes)} → ${formatBytes(totals.outputBytes)} (${formatPercent(totals.reductionPercent)} saved)`,
    `${formatSeconds(totals.mediaSec)} of media in ${formatSeconds(totals.wallSec)} with ${report.concurrency} parallel job(s)`
      + ` (aggregate RTF ${formatRatio(totals.aggregateRtf)})`,
  ];
  if (report.interrupted) parts.push('interrupted');
  return parts.join(' · ');
}
