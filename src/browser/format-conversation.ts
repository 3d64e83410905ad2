// How the conversation bench reads: a table per link and scenario with the four modes side by side,
// and the HTML report (the one chart kit). Pure.
import { renderHtmlReport } from '../report/html/chart.js';
import type { ConversationBenchReport, ModeResult } from './conversation-bench.js';

const ms = (value: number | undefined): string => (value === undefined ? '–' : `${value.toFixed(0)} ms`);
const SCENARIO = { ready: 'all chunks ready', paced: 'chunks at generator pace' } as const;

function row(result: ModeResult): string[] {
  const failed = result.failedRuns > 0 ? `${result.failedRuns}/${result.runs.length} run(s) failed: ${[...new Set(result.runs.map((run) => run.error).filter(Boolean))].join('; ')}` : '';
  return [
    result.mode, ms(result.firstFrameMs),
    result.stallRatePercent === undefined ? '–' : `${result.stallRatePercent.toFixed(0)} %`, ms(result.stallMs),
    `${ms(result.medianGapMs)} / ${ms(result.p95GapMs)} / ${ms(result.maxGapMs)}`,
    result.megabytes === undefined ? '–' : `${result.megabytes.toFixed(1)} MB`,
    result.wallSec === undefined ? '–' : `${result.wallSec.toFixed(1)} s`, failed,
  ];
}

const HEADER = ['mode', 'first frame', 'stall rate', 'stall time', 'gap median / p95 / max', 'downloaded', 'wall time', ''];

export function describeConversationBench(report: ConversationBenchReport): string {
  return `a conversation of ${report.chunks} chunks (${report.mediaSec.toFixed(1)} s of media) in Chromium ${report.chromium.version}; ${report.runs} run(s) per mode, medians, modes alternating; `
    + `a stall is a wait for data or a boundary gap over ${report.stallGapMs} ms; gaps between the last presented frame of a chunk and the first of the next`;
}

export function formatConversationBench(report: ConversationBenchReport): string {
  const lines = [describeConversationBench(report)];
  for (const profile of report.profiles) {
    for (const scenario of ['ready', 'paced'] as const) {
      const results = report.results.filter((result) => result.profile === profile.name && result.scenario === scenario);
      if (results.length === 0) continue;
      lines.push('', `link ${profile.name}, ${SCENARIO[scenario]}`);
      const rows = [HEADER, ...results.map(row)];
      const widths = HEADER.map((_, i) => Math.max(...rows.map((cells) => cells[i]?.length ?? 0)));
      for (const cells of rows) lines.push(cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(i === cells.length - 1 ? 0 : widths[i] ?? 0))).join('  ').trimEnd());
    }
  }
  return lines.join('\n');
}

export function formatConversationHtml(report: ConversationBenchReport): string {
  const sections = report.profiles.flatMap((profile) => (['ready', 'paced'] as const).flatMap((scenario) => {
    const results = report.results.filter((result) => result.profile === profile.name && result.scenario === scenario);
    if (results.length === 0) return [];
    const bars = (value: (result: ModeResult) => number | undefined) => results.map((result) => ({ label: result.mode, series: result.mode, value: value(result) }));
    return [{
      heading: `Link ${profile.name}, ${SCENARIO[scenario]}`,
      // One chart per measure: each on its own scale (a raw queue's 40 s of stalls would flatten the gaps).
      charts: [
        { title: 'Time to first frame', unit: 'ms', digits: 0, groups: [{ label: 'first frame', bars: bars((result) => result.firstFrameMs) }] },
        { title: 'Gap at each boundary (presented frames), 95th percentile', unit: 'ms', digits: 0, groups: [{ label: 'boundary gap, p95', bars: bars((result) => result.p95GapMs) }] },
        { title: 'Chunks with a stall', unit: '%', digits: 0, groups: [{ label: 'stall rate', bars: bars((result) => result.stallRatePercent) }] },
        { title: 'Stall time', unit: 's', digits: 1, groups: [{ label: 'stall time', bars: bars((result) => (result.stallMs === undefined ? undefined : result.stallMs / 1000)) }] },
        { title: 'Downloaded for the conversation', unit: 'MB', digits: 1, groups: [{ label: 'downloaded', bars: bars((result) => result.megabytes) }] },
      ],
      table: { header: HEADER.slice(0, -1).concat('failed runs'), rows: results.map(row) },
    }];
  }));
  return renderHtmlReport('streamprep bench browser --queue: a conversation played four ways', describeConversationBench(report), sections);
}
