// One SVG chart kit for every HTML report: grouped horizontal bars with labels and values, drawn
// inline (no scripts, no network). Pure.
import { escapeXml } from '../../text/escape.js';

export interface Bar {
  label: string;
  value: number | undefined;
  /** A key of PALETTE: the same series has the same colour in every chart. */
  series: string;
}

export interface BarGroup {
  label: string;
  bars: Bar[];
}

export interface BarChart {
  title: string;
  unit: string;
  groups: BarGroup[];
  /** Digits after the point in value labels. */
  digits?: number;
}

const PALETTE = ['#c0392b', '#27ae60', '#2980b9', '#8e44ad', '#d35400', '#16a085'];
const BAR = 16;
const GAP = 4;
const LABEL = 220;
const WIDTH = 760;

/** Series names in order of first appearance, each with its colour. */
function seriesColours(chart: BarChart): Map<string, string> {
  const colours = new Map<string, string>();
  for (const group of chart.groups) {
    for (const bar of group.bars) if (!colours.has(bar.series)) colours.set(bar.series, PALETTE[colours.size % PALETTE.length] as string);
  }
  return colours;
}

export function renderBarChart(chart: BarChart): string {
  const colours = seriesColours(chart);
  const max = Math.max(1e-9, ...chart.groups.flatMap((group) => group.bars.map((bar) => bar.value ?? 0)));
  const plot = WIDTH - LABEL - 90;
  const digits = chart.digits ?? 2;
  let y = 52; // below the title (y 18) and the legend (y 30–42)
  const parts: string[] = [];
  for (const group of chart.groups) {
    parts.push(`<text x="0" y="${y + BAR - 3}" class="group">${escapeXml(group.label)}</text>`);
    for (const bar of group.bars) {
      const width = bar.value === undefined ? 0 : Math.max(1, (bar.value / max) * plot);
      const value = bar.value === undefined ? 'n/a' : `${bar.value.toFixed(digits)} ${chart.unit}`;
      parts.push(`<rect class="bar" data-series="${escapeXml(bar.series)}" data-value="${bar.value ?? ''}" x="${LABEL}" y="${y}" width="${width.toFixed(1)}" height="${BAR}" fill="${colours.get(bar.series)}"><title>${escapeXml(`${group.label} · ${bar.label}: ${value}`)}</title></rect>`);
      parts.push(`<text x="${(LABEL + width + 6).toFixed(1)}" y="${y + BAR - 3}" class="value">${escapeXml(value)}</text>`);
      y += BAR + GAP;
    }
    y += 10;
  }
  const legend = [...colours].map(([series, colour], i) =>
    `<rect x="${i * 150}" y="30" width="12" height="12" fill="${colour}"/><text x="${i * 150 + 16}" y="40" class="legend">${escapeXml(series)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${WIDTH}" height="${y + 10}" viewBox="0 0 ${WIDTH} ${y + 10}" role="img" aria-label="${escapeXml(chart.title)}">`
    + `<style>text{font:12px system-ui,sans-serif;fill:#222}.group{font-weight:600}.value{fill:#555}</style>`
    + `<text x="0" y="18" class="group">${escapeXml(chart.title)}</text>${legend.join('')}${parts.join('')}</svg>`;
}

export interface ReportSection {
  heading: string;
  /** Inline SVG charts. */
  charts: BarChart[];
  /**
   * A table: header cells, rows, and a closing total row. Cells stay on one line (sizes, times), except
   * the columns in `wrap` (names, notes); names break only after a path separator.
   */
  table?: { header: string[]; rows: string[][]; total?: string[]; wrap?: number[] };
  note?: string;
}

/** A path may break after each separator (never inside a name). Pure. */
const breakable = (text: string): string => escapeXml(text).replace(/([/\\])/g, '$1<wbr>');

function renderTable(table: NonNullable<ReportSection['table']>): string {
  const wrap = new Set(table.wrap ?? []);
  const cells = (row: readonly string[], tag: 'td' | 'th'): string =>
    row.map((cell, i) => (wrap.has(i) ? `<${tag} class="wrap">${breakable(cell)}</${tag}>` : `<${tag}>${escapeXml(cell)}</${tag}>`)).join('');
  return `<div class="table"><table><thead><tr>${cells(table.header, 'th')}</tr></thead><tbody>`
    + table.rows.map((row) => `<tr>${cells(row, 'td')}</tr>`).join('')
    + `</tbody>${table.total ? `<tfoot><tr>${cells(table.total, 'td')}</tr></tfoot>` : ''}</table></div>`;
}

/** A self-contained HTML page: inline styles and SVG, nothing fetched. */
export function renderHtmlReport(title: string, subtitle: string, sections: readonly ReportSection[]): string {
  const body = sections.map((section) => {
    const table = section.table ? renderTable(section.table) : '';
    return `<section><h2>${escapeXml(section.heading)}</h2>${section.charts.map(renderBarChart).join('')}${table}`
      + `${section.note ? `<p class="note">${escapeXml(section.note)}</p>` : ''}</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeXml(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}h1{font-size:1.3rem}h2{font-size:1.1rem;margin-top:2rem}
p.sub,p.note{color:#555}table{border-collapse:collapse;margin:1rem 0;font-size:12px}td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:right}
td,th{white-space:nowrap}td.wrap,th.wrap{white-space:normal;text-align:left;min-width:8rem}td:first-child,th:first-child{text-align:left}
tfoot td{font-weight:600;border-top:2px solid #999}div.table{overflow-x:auto}svg.chart{display:block;margin:1rem 0}</style></head>
<body><h1>${escapeXml(title)}</h1><p class="sub">${escapeXml(subtitle)}</p>
${body.join('\n')}
</body></html>
`;
}
