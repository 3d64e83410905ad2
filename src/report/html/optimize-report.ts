// optimize --report report.html: size before → after and RTF per file, drawn with the one chart kit. Pure.
import { displayPath } from '../../inputs/display-path.js';
import { COLUMNS, reportRows, summaryLine, totalsRow } from '../rows.js';
import type { OptimizeReport } from '../types.js';
import { renderHtmlReport } from './chart.js';

export function formatOptimizeHtml(report: OptimizeReport, { cwd = process.cwd() }: { cwd?: string } = {}): string {
  const ok = report.files.filter((file) => file.status === 'ok');
  const name = (input: string): string => displayPath(cwd, input);
  return renderHtmlReport(`streamprep optimize (preset ${report.preset})`, summaryLine(report), [
    {
      heading: 'Size per file',
      charts: [{
        title: 'Bytes before and after', unit: 'kB', digits: 1,
        groups: ok.map((file) => ({
          label: name(file.input),
          bars: [
            { label: 'input', series: 'input', value: (file.inputBytes ?? 0) / 1000 },
            { label: 'output', series: 'output', value: (file.outputBytes ?? 0) / 1000 },
          ],
        })),
      }, {
        title: 'Startup bytes (before the first frame can show)', unit: 'kB', digits: 1,
        groups: ok.map((file) => ({
          label: name(file.input),
          bars: [
            { label: 'input', series: 'input', value: file.startupBytesBefore === undefined ? undefined : file.startupBytesBefore / 1000 },
            { label: 'output', series: 'output', value: file.startupBytesAfter === undefined ? undefined : file.startupBytesAfter / 1000 },
          ],
        })),
      }],
    },
    {
      heading: 'Encode time',
      charts: [{
        title: 'RTF (encode time ÷ media duration; lower is faster)', unit: '', digits: 3,
        groups: ok.map((file) => ({ label: name(file.input), bars: [{ label: 'RTF', series: 'RTF', value: file.rtf }] })),
      }],
      table: { header: [...COLUMNS], rows: reportRows(report, cwd), total: totalsRow(report), wrap: [COLUMNS.indexOf('file'), COLUMNS.indexOf('notes')] },
    },
  ]);
}
