// The real headless Chromium (Debian's chromium-headless-shell): a chunk raw and optimized through the
// throttled server, and the HTML reports rendered to a screenshot with the bars they should have.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchBrowser } from '../../src/browser/bench-browser.js';
import { findChromium, launchChromium } from '../../src/browser/chromium.js';
import { formatBrowserHtml } from '../../src/browser/format-browser.js';
import { benchConversation, summarize } from '../../src/browser/conversation-bench.js';
import { formatConversationBench, formatConversationHtml } from '../../src/browser/format-conversation.js';
import { renderBarChart } from '../../src/report/html/chart.js';
import { FIXTURES, runCli, tempDir } from '../helpers/media.js';

describe('bench browser', () => {
  it('measures first frame, bytes and requests of a chunk raw and optimized', async () => {
    const report = await benchBrowser([path.join(FIXTURES, 'chunk-moov-at-end.mp4'), path.join(FIXTURES, 'slow-10fps.mp4')], {
      runs: 1, profiles: [{ name: 'test link', kbps: 8000, latencyMs: 20 }],
    });
    expect(report.files).toHaveLength(4);
    for (const file of report.files) {
      expect(file.error).toBeUndefined();
      expect(file.firstFrameMs).toBeGreaterThan(0);
      expect(file.metadataMs).toBeLessThanOrEqual(file.firstFrameMs as number);
      expect(file.bytes).toBeGreaterThan(0);
      expect(file.requests).toBeGreaterThanOrEqual(1);
    }

    // The HTML report renders in the real browser: a screenshot, and one bar per file and variant.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent(formatBrowserHtml(report));
      expect(await page.locator('svg.chart rect.bar[data-series="raw"]').count()).toBe(2);
      expect(await page.locator('svg.chart rect.bar[data-series="optimized"]').count()).toBe(2);
      const png = await page.screenshot({ fullPage: true });
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(5000);
    } finally {
      await browser.close();
    }
  });

  it('optimize --report report.html is a page with a bar per file', async () => {
    const dir = await tempDir('html-report');
    const result = await runCli(['optimize', path.join(FIXTURES, 'slow-10fps.mp4'), path.join(FIXTURES, 'odd-size-321x241.mp4'), '-o', path.join(dir, 'out'), '--report', path.join(dir, 'r.html'), '--no-progress']);
    expect(result.code).toBe(0);
    const html = await readFile(path.join(dir, 'r.html'), 'utf8');
    expect(html).not.toMatch(/<script|(src|href)="https?:/); // self-contained: nothing fetched
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent(html);
      expect(await page.locator('svg.chart').count()).toBe(3);
      expect(await page.locator('rect.bar[data-series="output"]').count()).toBe(4);
      // A total row; sizes and times on one line; names broken only after a path separator.
      expect(await page.locator('tfoot td').first().textContent()).toBe('2/2 ok');
      expect(await page.locator('tfoot td').nth(1).textContent()).toBe('total');
      // Lines of text in each cell of the sizes and startup columns (a cell is as tall as its row).
      const lines = await page.evaluate(`Array.from(document.querySelectorAll('tbody tr, tfoot tr')).map((row) => [2, 3, 5].map((i) => {
        const range = document.createRange(); range.selectNodeContents(row.children[i]);
        return new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top))).size;
      }))`) as number[][];
      expect(lines.flat().every((count) => count <= 1), JSON.stringify(lines)).toBe(true);
      expect(html).toMatch(/<td class="wrap">[^<]*\/<wbr>/);
      expect(html).not.toMatch(/break-all/);
      expect((await page.screenshot({ fullPage: true })).length).toBeGreaterThan(5000);
    } finally {
      await browser.close();
    }
  });

  it('bench --html is a page with throughput per preset and concurrency, and size against quality', async () => {
    const dir = await tempDir('bench-html');
    const result = await runCli(['bench', path.join(FIXTURES, 'slow-10fps.mp4'), '-j', '1,2', '--runs', '1', '--quality', '--html', path.join(dir, 'b.html'), '--no-progress']);
    expect(result.code).toBe(0);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent(await readFile(path.join(dir, 'b.html'), 'utf8'));
      expect(await page.locator('svg.chart').count()).toBe(4);
      expect(await page.locator('rect.bar[data-series="streaming"]').count()).toBe(2 + 2 + 1 + 1);
      expect((await page.screenshot({ fullPage: true })).length).toBeGreaterThan(5000);
    } finally {
      await browser.close();
    }
  });

  it('plays a conversation four ways (--queue): every mode to its end, every boundary measured, and a report per mode', async () => {
    const chunks = ['chunk-moov-at-end.mp4', 'slow-10fps.mp4', 'sdr-reference-bt709.mp4'].map((name) => path.join(FIXTURES, name));
    const report = await benchConversation(chunks, { runs: 1, scenarios: ['ready'], profiles: [{ name: 'test link', kbps: 8000, latencyMs: 20 }] });
    expect(report.results.map((result) => result.mode)).toEqual(['raw-queue', 'optimized-queue', 'player', 'hls.js']);
    for (const result of report.results) {
      expect(result.runs.map((run) => run.error)).toEqual([undefined]);
      expect(result.failedRuns).toBe(0);
      expect(result.firstFrameMs).toBeGreaterThan(0);
      expect(result.runs[0]?.playback?.gapsMs).toHaveLength(2);
      expect(result.megabytes).toBeGreaterThan(0);
    }
    // The raw queue downloads the inputs; the others the optimized chunks.
    const mb = Object.fromEntries(report.results.map((result) => [result.mode, result.megabytes as number]));
    expect(mb['raw-queue']).toBeGreaterThan(mb.player as number);
    expect(formatConversationBench(report)).toMatch(/link test link, all chunks ready\nmode/);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent(formatConversationHtml(report));
      for (const mode of ['raw-queue', 'optimized-queue', 'player', 'hls.js']) expect(await page.locator(`svg.chart rect.bar[data-series="${mode}"]`).count()).toBe(5);
      expect(await page.locator('svg.chart').count()).toBe(5);
      expect((await page.screenshot({ fullPage: true })).length).toBeGreaterThan(5000);
    } finally {
      await browser.close();
    }
  }, 300_000);

  it('reports a run that fails as failed, never as a good number', () => {
    const result = summarize('player', 'ready', 'x', [{ playback: undefined, bytes: 0, error: 'timed out' }, { playback: { gapsMs: [60], stalls: [0, 0], stallMs: 0, firstFrameMs: 100, wallMs: 5000 }, bytes: 1e6 }], 2, 200);
    expect(result.failedRuns).toBe(1);
    expect(result.stallRatePercent).toBe(0);
    expect(result.firstFrameMs).toBe(100);
    expect(summarize('player', 'ready', 'x', [{ playback: undefined, bytes: 0, error: 'timed out' }], 2, 200)).toMatchObject({ failedRuns: 1, stallRatePercent: undefined, firstFrameMs: undefined });
  });

  it('says which package to install when there is no Chromium (exit 2)', () => {
    expect(() => findChromium({}, ['/nonexistent/chromium'])).toThrow(/apt-get install chromium-headless-shell/);
    expect(() => findChromium({ STREAMPREP_CHROMIUM: '/nonexistent' })).toThrow(expect.objectContaining({ exitCode: 2 }));
  });

  it('draws bars proportional to the values, with labels escaped', () => {
    const svg = renderBarChart({ title: 'a <b>', unit: 'ms', groups: [{ label: 'x&y', bars: [{ label: 'raw', series: 'raw', value: 100 }, { label: 'opt', series: 'opt', value: 50 }] }] });
    const widths = [...svg.matchAll(/class="bar"[^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[0]).toBeCloseTo((widths[1] as number) * 2, 0);
    expect(svg).toContain('a &lt;b&gt;');
    expect(svg).toContain('x&amp;y');
  });
});
