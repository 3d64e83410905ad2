// The report as a Markdown table, for CI job summaries. Pure.
import { COLUMNS, reportRows, summaryLine, totalsRow } from './rows.js';
import { escapeMarkdownCell as escapeCell } from '../text/escape.js';
import type { OptimizeReport } from './types.js';

/** Paths are shown relative to `cwd` (default: the working folder) when inside it. */
export function formatMarkdown(report: OptimizeReport, { cwd = process.cwd() }: { cwd?: string } = {}): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const escaped = (cells: readonly string[]): string[] => cells.map(escapeCell);
  const { totals } = report;
  return [
    `### streamprep optimize (preset \`${report.preset}\`): ${totals.ok} ok, ${totals.failed} failed, ${totals.skipped} skipped`,
    '',
    line(COLUMNS),
    line(COLUMNS.map((column) => (['status', 'file', 'faststart', 'notes'].includes(column) ? '---' : '---:'))),
    ...reportRows(report, cwd).map((row) => line(escaped(row))),
    line(escaped(totalsRow(report)).map((cell, index) => (index <= 1 ? `**${cell}**` : cell))),
    '',
    summaryLine(report),
    '',
  ].join('\n');
}
