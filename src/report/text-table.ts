// The report as an aligned plain-text table for the terminal. Pure.
import { COLUMNS, reportRows, summaryLine, totalsRow } from './rows.js';
import { escapeTerminal } from '../text/escape.js';
import type { OptimizeReport } from './types.js';

const NUMERIC = new Set(['in', 'out', 'saved', 'startup in→out', 'media', 'encode', 'RTF', 'speed']);

/** Paths are shown relative to `cwd` (default: the working folder) when inside it. */
export function formatTextTable(report: OptimizeReport, { cwd = process.cwd() }: { cwd?: string } = {}): string {
  const body = [[...COLUMNS], ...reportRows(report, cwd), totalsRow(report)].map((row) => row.map(escapeTerminal));
  const last = COLUMNS.length - 1;
  const widths = COLUMNS.map((_, column) => Math.max(...body.map((row) => (row[column] ?? '').length)));
  const render = (row: readonly string[]): string =>
    row
      .map((cell, column) => {
        if (column === last) return cell;
        const width = widths[column] ?? 0;
        return NUMERIC.has(COLUMNS[column] as string) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width, column) => '─'.repeat(column === last ? 5 : width)).join('  ');
  const rows = body.slice(0, -1).map(render);
  return [...rows, rule, render(body.at(-1) ?? []), '', summaryLine(report)].join('\n');
}
