// The report as an aligned plain-text table for the terminal, fitted to its width: notes that repeat
// become numbered marks explained once under the table, the least telling columns are left out, long
// names keep their ends ("…"), and notes go on below their row ("↳", never a name first). Pure.
import { COLUMNS, reportRows, summaryLine, totalsRow } from './rows.js';
import { escapeTerminal } from '../text/escape.js';
import type { OptimizeReport } from './types.js';

const NUMERIC = new Set(['in', 'out', 'saved', 'startup in→out', 'media', 'encode', 'RTF', 'speed']);
/** Left out first to fit a narrow terminal (the JSON report keeps them all). */
const DROPPABLE = ['startup in→out', 'speed', 'faststart', 'RTF', 'media'];
const GAP = 2;
/** The narrowest the notes column is squeezed to before columns are left out. */
const MIN_NOTES = 30;

export interface TextTableOptions {
  /** Paths are shown relative to this folder when inside it (default: the working folder). */
  cwd?: string;
  /** Columns of the terminal (default: no limit). */
  width?: number;
}

/** Notes (one cell: "a; b; c") that recur in more than one row become [n] marks; returns the cells and the legend. Pure. */
export function collapseNotes(cells: readonly string[]): { cells: string[]; legend: string[] } {
  const split = cells.map((cell) => (cell ? cell.split('; ') : []));
  const counts = new Map<string, number>();
  for (const notes of split) for (const note of new Set(notes)) counts.set(note, (counts.get(note) ?? 0) + 1);
  const marks = new Map<string, number>();
  for (const notes of split) {
    for (const note of notes) if ((counts.get(note) ?? 0) > 1 && !marks.has(note)) marks.set(note, marks.size + 1);
  }
  return {
    cells: split.map((notes) => notes.map((note) => (marks.has(note) ? `[${marks.get(note)}]` : note)).join('; ')),
    legend: [...marks].map(([note, mark]) => `[${mark}] ${note}`),
  };
}

/** Notes in lines of at most `width`: whole notes where they fit, a long one cut at `width`. Pure. */
export function wrapNotes(cell: string, width: number): string[] {
  if (cell.length <= width) return [cell];
  const lines: string[] = [];
  let current = '';
  for (const note of cell.split('; ')) {
    const joined = current ? `${current}; ${note}` : note;
    if (joined.length <= width) {
      current = joined;
      continue;
    }
    if (current) lines.push(`${current};`);
    current = note;
    while (current.length > width) {
      // At the last space that fits, else mid-word.
      const space = current.lastIndexOf(' ', width);
      const cut = space > width / 2 ? space : width;
      lines.push(current.slice(0, cut));
      current = current.slice(cut).trimStart();
    }
  }
  if (current) lines.push(current);
  return lines;
}

const shorten = (text: string, width: number, keepEnd = false): string => {
  if (text.length <= width) return text;
  if (width <= 1) return '…';
  return keepEnd ? `…${text.slice(text.length - width + 1)}` : `${text.slice(0, width - 1)}…`;
};

export function formatTextTable(report: OptimizeReport, { cwd = process.cwd(), width = Infinity }: TextTableOptions = {}): string {
  const rows = reportRows(report, cwd).map((row) => row.map(escapeTerminal));
  const notesAt = COLUMNS.indexOf('notes');
  const fileAt = COLUMNS.indexOf('file');
  const collapsed = collapseNotes(rows.map((row) => row[notesAt] ?? ''));
  rows.forEach((row, index) => { row[notesAt] = collapsed.cells[index] ?? ''; });
  const body = [[...COLUMNS] as string[], ...rows, totalsRow(report).map(escapeTerminal)];
  let shown = COLUMNS.map((_, column) => column);
  const widthOf = (column: number): number => Math.max(...body.map((row) => (row[column] ?? '').length));
  const total = (columns: readonly number[]): number => columns.reduce((sum, column) => sum + widthOf(column), 0) + GAP * (columns.length - 1);
  // Leave columns out until the notes column has room (or nothing more can go).
  for (const name of DROPPABLE) {
    const fixed = total(shown.filter((column) => column !== notesAt));
    if (fixed + GAP + Math.min(MIN_NOTES, widthOf(notesAt)) <= width) break;
    shown = shown.filter((column) => COLUMNS[column] !== name);
  }
  const widths = new Map(shown.map((column) => [column, widthOf(column)]));
  // Still too wide: names keep their ends, then notes are cut.
  const fixedWithoutFile = total(shown.filter((column) => column !== notesAt && column !== fileAt)) + GAP;
  const fileRoom = Math.max(12, width - fixedWithoutFile - GAP - MIN_NOTES);
  if ((widths.get(fileAt) ?? 0) > fileRoom) widths.set(fileAt, fileRoom);
  const notesRoom = Number.isFinite(width)
    ? Math.max(8, width - [...widths].filter(([column]) => column !== notesAt).reduce((sum, [, w]) => sum + w + GAP, 0))
    : Infinity;
  const notesIndent = [...widths].filter(([column]) => column !== notesAt).reduce((sum, [, w]) => sum + w + GAP, 0);
  const render = (row: readonly string[]): string => {
    const notes = wrapNotes(row[notesAt] ?? '', Number.isFinite(notesRoom) ? notesRoom - 2 : Infinity);
    const first = shown
      .map((column) => {
        if (column === notesAt) return notes[0] ?? '';
        const cell = row[column] ?? '';
        const cellWidth = widths.get(column) ?? 0;
        const fitted = column === fileAt ? shorten(cell, cellWidth, true) : cell;
        return NUMERIC.has(COLUMNS[column] as string) ? fitted.padStart(cellWidth) : fitted.padEnd(cellWidth);
      })
      .join(' '.repeat(GAP))
      .trimEnd();
    // Continuation lines start with "↳" after the indent: GitHub trims spaces, so no text of a note starts a line.
    return [first, ...notes.slice(1).map((line) => `${' '.repeat(Math.max(0, notesIndent - 2))}↳ ${line}`)].join('\n');
  };
  const rule = shown.map((column) => '─'.repeat(column === notesAt ? 5 : widths.get(column) ?? 0)).join(' '.repeat(GAP));
  const lines = body.slice(0, -1).map(render);
  const legend = collapsed.legend.map((line) => shorten(line, width));
  const summary = summaryLine(report);
  const summaryLines = summary.length > width ? summary.split(' · ') : [summary];
  return [...lines, rule, render(body.at(-1) ?? []), ...(legend.length ? ['', ...legend] : []), '', ...summaryLines].join('\n');
}
