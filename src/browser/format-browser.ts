// How `bench browser` reads: a table per profile, the queue, the before/after ratios; and the HTML
// report with the one chart kit. Pure.
import path from 'node:path';
import { displayPath } from '../inputs/display-path.js';
import { renderHtmlReport } from '../report/html/chart.js';
import { formatBytes } from '../report/units.js';
import { escapeTerminal } from '../text/escape.js';
import { median } from '../bench/stats.js';
import type { BrowserBenchReport, BrowserFileResult } from './bench-browser.js';

const ms = (value: number | undefined): string => (value === undefined ? '–' : `${value.toFixed(0)} ms`);

/** Median TTFF of raw and optimized files over a profile, and their ratio. */
export function ttffRatio(report: BrowserBenchReport, profile: string): { raw?: number; optimized?: number; ratio?: number } {
  const of = (variant: string): number | undefined => {
    const values = report.files.filter((f) => f.profile === profile && f.variant === variant && f.firstFrameMs !== undefined).map((f) => f.firstFrameMs as number);
    return values.length ? median(values) : undefined;
  };
  const raw = of('raw');
  const optimized = of('optimized');
  return { raw, optimized, ratio: raw !== undefined && optimized ? raw / optimized : undefined };
}

export function formatBrowserBench(report: BrowserBenchReport, { cwd = process.cwd() }: { cwd?: string } = {}): string {
  const lines = [`Chromium ${report.chromium.version} (${report.chromium.path}); ${report.runs} run(s) per file, medians`];
  // The variant first: a name never starts a line.
  const header = ['variant', 'file', 'metadata', 'first frame', 'playing', 'stalls', 'stall time', 'bytes', 'requests'];
  for (const profile of report.profiles) {
    lines.push('', `link ${profile.name}`);
    const rows = report.files.filter((f) => f.profile === profile.name).map((f: BrowserFileResult) => [
      f.variant, displayPath(cwd, f.input), ms(f.metadataMs), ms(f.firstFrameMs), ms(f.playingMs), String(f.stalls), ms(f.stallMs),
      formatBytes(f.bytes), String(f.requests), f.error ?? '',
    ].map(escapeTerminal));
    const widths = header.map((_, i) => Math.max(header[i]?.length ?? 0, ...rows.map((row) => row[i]?.length ?? 0)));
    for (const row of [header, ...rows]) lines.push(row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd());
    const { raw, optimized, ratio } = ttffRatio(report, profile.name);
    lines.push(`time to first frame, median: raw ${ms(raw)} → optimized ${ms(optimized)}${ratio ? ` (${ratio.toFixed(2)}× sooner)` : ''}`);
  }
  return lines.join('\n');
}

export function formatBrowserHtml(report: BrowserBenchReport, { cwd = process.cwd() }: { cwd?: string } = {}): string {
  const short = (input: string): string => path.basename(displayPath(cwd, input));
  const inputs = [...new Set(report.files.map((f) => f.input))];
  return renderHtmlReport('streamprep bench browser: time to first frame, raw vs optimized',
    `Chromium ${report.chromium.version}; ${report.runs} run(s) per file, medians; one emulated link shared by all connections (streamprep serve)`,
    report.profiles.map((profile) => {
      const { raw, optimized, ratio } = ttffRatio(report, profile.name);
      return {
        heading: `Link ${profile.name}`,
        note: `Median time to first frame: raw ${ms(raw)}, optimized ${ms(optimized)}${ratio ? ` — ${ratio.toFixed(2)}× sooner` : ''}.`,
        charts: [
          {
            title: 'Time to first frame', unit: 'ms', digits: 0,
            groups: inputs.map((input) => ({
              label: short(input),
              bars: (['raw', 'optimized'] as const).map((variant) => ({
                label: variant, series: variant,
                value: report.files.find((f) => f.input === input && f.profile === profile.name && f.variant === variant)?.firstFrameMs,
              })),
            })),
          },
        ],
      };
    }));
}
