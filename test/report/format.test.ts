import { describe, expect, it } from 'vitest';
import { formatMarkdown } from '../../src/report/markdown.js';
import { totalsStatus } from '../../src/report/rows.js';
import { formatTextTable } from '../../src/report/text-table.js';
import { computeTotals } from '../../src/report/totals.js';
import type { FileReport, OptimizeReport } from '../../src/report/types.js';
import { formatBytes, formatSeconds } from '../../src/report/units.js';

const file = (overrides: Partial<FileReport>): FileReport => ({
  input: 'in/a.mp4', output: 'out/a.mp4', status: 'ok', cause: undefined, reason: undefined, inputBytes: 1_000_000, outputBytes: 250_000,
  reductionPercent: 75, durationSec: 5, encodeSec: 0.5, cpuSec: 0.9, rtf: 0.1, speed: 10, adaptations: ['fps 25 → 18'],
  faststartVerified: true, verified: ['faststart', 'structure', 'preset streaming'], video: { width: 512, height: 512, fps: 18, level: '3.0' }, startupBytesBefore: 1_000_000,
  startupBytesAfter: 20_000, outputDurations: { videoSec: 5, audioSec: 5 }, loudness: undefined, ...overrides,
});

const report = (files: FileReport[], wallSec = 1): OptimizeReport => ({
  schemaVersion: 2, tool: { name: 'streamprep', version: '0.0.0' }, preset: 'streaming',
  ffmpeg: { path: '/x/ffmpeg', version: '4.1', source: 'test' }, concurrency: 2, startedAt: '2026-01-01T00:00:00.000Z',
  interrupted: false, files, totals: computeTotals(files, wallSec),
});

describe('computeTotals', () => {
  it('sums ok files and counts every status', () => {
    const totals = computeTotals([
      file({}),
      file({ input: 'b', inputBytes: 3_000_000, outputBytes: 1_000_000, durationSec: 5 }),
      file({ input: 'c', status: 'failed', reason: 'truncated', outputBytes: undefined, durationSec: undefined }),
      file({ input: 'd', status: 'skipped', reason: 'output exists' }),
    ], 2);
    expect(totals).toMatchObject({ files: 4, ok: 2, failed: 1, skipped: 1, inputBytes: 4_000_000, outputBytes: 1_250_000, mediaSec: 10, wallSec: 2 });
    expect(totals.reductionPercent).toBeCloseTo(68.75);
    expect(totals.aggregateRtf).toBeCloseTo(0.2);
  });

  it('has no ratio without media', () => {
    expect(computeTotals([], 1).aggregateRtf).toBeUndefined();
  });
});

describe('formatTextTable', () => {
  it('shows every file, its reason when it failed, and the totals', () => {
    const text = formatTextTable(report([file({}), file({ input: 'in/bad.mp4', status: 'failed', reason: 'truncated: box mdat …', outputBytes: undefined })]));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^status\s+file\s+in\s+out\s+saved\s+startup in→out\s+media\s+encode\s+RTF\s+speed\s+faststart\s+notes$/);
    expect(text).toContain('truncated: box mdat …');
    expect(text).toMatch(/ok\s+in\/a\.mp4\s+1\.0 MB\s+250 kB\s+75\.0%\s+1\.0 MB → 20\.0 kB\s+5\.00 s\s+0\.50 s\s+0\.100\s+10\.0×\s+verified\s+fps 25 → 18/);
    expect(text).toContain('2 file(s): 1 ok, 1 failed, 0 skipped');
    // No line begins with a name: the status (or a heading word) comes first.
    const hostile = formatTextTable(report([file({ input: '::warning::pwned.mp4' })]));
    expect(hostile.split('\n').filter((line) => line.trimStart().startsWith('::'))).toEqual([]);
  });
});

describe('fitting the terminal', () => {
  const many = (): FileReport[] => Array.from({ length: 12 }, (_, i) => file({
    input: `fixtures/formats/a-rather-long-name-for-a-chunk-${i}.mp4`,
    adaptations: ['colour unspecified: tagged BT.601 (by frame height)', 'fps 25 → 18', ...(i === 0 ? ['scaled 1920x1080 → 850x478 to fit level 3.0 (8160 macroblocks per frame > 1620)'] : []), 'audio 2 ch → 1'],
  }));

  it('no line passes 100 columns; repeated notes become marks explained once; long notes go on below their row', () => {
    const text = formatTextTable(report(many()), { width: 100 });
    const lines = text.split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(100);
    expect(lines).toContain('[1] colour unspecified: tagged BT.601 (by frame height)');
    expect(text.match(/colour unspecified/g)).toHaveLength(1);
    expect(lines.some((line) => /^ +↳ /.test(line)), text).toBe(true);
    expect(lines[0]).toMatch(/^status +file +in +out +saved +encode +notes$/);
  });

  it('keeps every column when the terminal is wide enough, and no name starts a continuation line', () => {
    expect(formatTextTable(report(many()), { width: 400 }).split('\n')[0]).toMatch(/startup in→out.*faststart/);
    const hostile = formatTextTable(report([file({ status: 'failed', cause: 'collision', reason: `output ${'x'.repeat(60)}/::warning::pwned.mp4 would overwrite the input` })]), { width: 80 });
    expect(hostile.split('\n').filter((line) => line.trimStart().startsWith('::'))).toEqual([]);
  });
});

describe('totals and growth', () => {
  it('says what happened when not everything is ok ("0 ok, 8 skipped", not "0/8 ok")', () => {
    const skipped = Array.from({ length: 8 }, (_, i) => file({ input: `in/${i}.mp4`, status: 'skipped', cause: 'exists', reason: 'output exists' }));
    expect(totalsStatus(report(skipped).totals)).toBe('0 ok, 8 skipped');
    expect(totalsStatus(report([file({}), file({ status: 'failed', cause: 'bad-input' })]).totals)).toBe('1 ok, 1 failed');
    expect(totalsStatus(report([file({}), file({})]).totals)).toBe('2/2 ok');
    expect(formatTextTable(report(skipped)).split('\n')).toContainEqual(expect.stringMatching(/^0 ok, 8 skipped +total/));
  });

  it('flags an output larger than its input in the notes', () => {
    const text = formatTextTable(report([file({ outputBytes: 1_450_000, reductionPercent: -45 })]));
    expect(text).toMatch(/output grew 45\.0%; fps 25 → 18/);
  });
});

describe('formatMarkdown', () => {
  it('writes a table whose cells cannot break it', () => {
    const md = formatMarkdown(report([file({ input: 'a|b.mp4' })]));
    expect(md).toContain('| ok | a\\|b.mp4 |');
    expect(md).toMatch(/^### streamprep optimize \(preset `streaming`\): 1 ok, 0 failed, 0 skipped/);
    const rows = md.split('\n').filter((line) => line.startsWith('|'));
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((row) => row.split(/(?<!\\)\|/).length)).size).toBe(1);
  });
});

describe('units', () => {
  it.each([[0, '0 B'], [999, '999 B'], [1000, '1.0 kB'], [123_456, '123 kB'], [5_500_000, '5.5 MB'], [undefined, '–']])(
    'formatBytes(%s) = %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
  it.each([[0.123, '0.12 s'], [12.34, '12.3 s'], [75, '1:15'], [3725, '1:02:05']])(
    'formatSeconds(%s) = %s', (seconds, text) => expect(formatSeconds(seconds)).toBe(text));
});

describe('the HTML report', () => {
  it('uses the window\'s width: no cap on the page (an 820-px cap made its table scroll and hid the notes)', async () => {
    const { renderHtmlReport } = await import('../../src/report/html/chart.js');
    const html = renderHtmlReport('t', 's', []);
    expect(html).toMatch(/<style>body\{[^}]*\}/);
    expect(/<style>body\{([^}]*)\}/.exec(html)?.[1]).not.toMatch(/max-width/);
  });
});
