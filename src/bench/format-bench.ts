// How `streamprep bench` reads: the environment, per-file timings and sizes, the concurrency sweep. Pure.
import { formatBytes, formatPercent, formatRatio, formatSeconds, formatSpeed } from '../report/units.js';
import { displayPath } from '../inputs/display-path.js';
import { renderHtmlReport } from '../report/html/chart.js';
import { escapeTerminal } from '../text/escape.js';
import type { BenchReport } from './run-bench.js';

function table(header: string[], rows: string[][], numeric: Set<number>): string[] {
  const all = [header, ...rows].map((row) => row.map(escapeTerminal));
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  return all.map((row) => row.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
    .join('  ').trimEnd());
}

const optional = (value: number | undefined, digits: number): string =>
  value === undefined ? '–' : Number.isFinite(value) ? value.toFixed(digits) : 'inf';

/** Paths are shown relative to `cwd` (default: the working folder) when inside it. */
export function formatBench(report: BenchReport, { cwd = process.cwd() }: { cwd?: string } = {}): string {
  const { environment: env } = report;
  const lines = [
    escapeTerminal(`ffmpeg ${env.ffmpeg.version} (${env.ffmpeg.source}: ${env.ffmpeg.path})`),
    `${env.cpu.model} × ${env.cpu.count}, ${env.memoryGiB} GiB, ${env.os}, Node ${env.node}, streamprep ${env.streamprep}`,
    `${report.runs} run(s) after one warm-up; per-file figures at concurrency ${report.concurrency[0]}`,
  ];
  const withQuality = report.presets.some((preset) => preset.files.some((file) => file.ssim !== undefined));
  for (const preset of report.presets) {
    lines.push('', `preset ${preset.preset}`);
    // Status first: a name never starts a line.
    const header = ['status', 'file', 'media', 'encode median', 'min', 'max', 'CPU', 'RTF', 'speed', 'out', 'bitrate', 'saved'];
    if (withQuality) header.push('SSIM', 'PSNR');
    const rows = preset.files.map((file) => {
      const input = displayPath(cwd, file.input);
      if (file.status === 'failed') return ['failed', input, file.reason ?? ''];
      const row = [
        'ok', input, formatSeconds(file.durationSec), formatSeconds(file.encodeSec?.median), formatSeconds(file.encodeSec?.min),
        formatSeconds(file.encodeSec?.max), formatSeconds(file.cpuSec), formatRatio(file.rtf), formatSpeed(file.speed),
        formatBytes(file.outputBytes), file.bitrateKbps === undefined ? '–' : `${file.bitrateKbps.toFixed(0)} kb/s`,
        formatPercent(file.reductionPercent),
      ];
      if (withQuality) row.push(optional(file.ssim, 4), optional(file.psnr, 2));
      return row;
    });
    lines.push(...table(header, rows, new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])));
    lines.push('');
    lines.push(...table(
      ['concurrency', 'batch wall median', 'min', 'max', 'media', 'throughput', 'aggregate RTF', 'efficiency'],
      preset.levels.map((level) => [
        String(level.concurrency), formatSeconds(level.wallSec.median), formatSeconds(level.wallSec.min), formatSeconds(level.wallSec.max),
        formatSeconds(level.mediaSec), `${level.throughput.toFixed(1)} s/s`, formatRatio(level.aggregateRtf, 4), formatPercent(level.efficiency * 100),
      ]),
      new Set([0, 1, 2, 3, 4, 5, 6, 7]),
    ));
  }
  return lines.join('\n');
}

/** The bench report as an HTML page: RTF and throughput per preset and concurrency, size against quality. */
export function formatBenchHtml(report: BenchReport, { cwd = process.cwd() }: { cwd?: string } = {}): string {
  const { environment: env } = report;
  const withQuality = report.presets.some((preset) => preset.files.some((file) => file.ssim !== undefined));
  return renderHtmlReport('streamprep bench', `ffmpeg ${env.ffmpeg.version}; ${env.cpu.model} × ${env.cpu.count}; ${report.runs} run(s) after one warm-up, medians`, [
    {
      heading: 'Throughput per preset and concurrency',
      charts: [
        {
          title: 'Seconds of media encoded per second', unit: 's/s', digits: 1,
          groups: report.concurrency.map((level) => ({
            label: `${level} at once`,
            bars: report.presets.map((preset) => ({ label: preset.preset, series: preset.preset, value: preset.levels.find((l) => l.concurrency === level)?.throughput })),
          })),
        },
        {
          title: 'Aggregate RTF (batch wall time ÷ media duration; lower is faster)', unit: '', digits: 4,
          groups: report.concurrency.map((level) => ({
            label: `${level} at once`,
            bars: report.presets.map((preset) => ({ label: preset.preset, series: preset.preset, value: preset.levels.find((l) => l.concurrency === level)?.aggregateRtf })),
          })),
        },
      ],
    },
    {
      heading: withQuality ? 'Size against quality per file' : 'Size per file',
      charts: [
        {
          title: 'Output bitrate', unit: 'kb/s', digits: 0,
          groups: (report.presets[0]?.files ?? []).map((file) => ({
            label: displayPath(cwd, file.input),
            bars: report.presets.map((preset) => ({ label: preset.preset, series: preset.preset, value: preset.files.find((f) => f.input === file.input)?.bitrateKbps })),
          })),
        },
        ...(withQuality ? [{
          title: 'SSIM against the source (higher is closer)', unit: '', digits: 4,
          groups: (report.presets[0]?.files ?? []).map((file) => ({
            label: displayPath(cwd, file.input),
            bars: report.presets.map((preset) => ({ label: preset.preset, series: preset.preset, value: preset.files.find((f) => f.input === file.input)?.ssim })),
          })),
        }] : []),
      ],
    },
  ]);
}
