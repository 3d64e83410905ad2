import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parsePartSeconds, parsePositiveInt, parseReportFormat, reportFormatFor } from '../../src/cli/parse-options.js';
import { quoteCommand } from '../../src/cli/quote.js';
import { renderBar } from '../../src/cli/progress.js';

describe('option parsers', () => {
  it.each(['1', '4', ' 16 '])('accepts %j as a positive whole number', (value) => {
    expect(parsePositiveInt(value)).toBe(Number(value));
  });
  it.each(['0', '-1', '1.5', 'two', ''])('refuses %j', (value) => {
    expect(() => parsePositiveInt(value)).toThrow(InvalidArgumentError);
  });
  it.each(['0.1', '0.2', '0.5', '2'])('accepts %j as a part duration', (value) => {
    expect(parsePartSeconds(value)).toBe(Number(value));
  });
  it.each(['0.05', '2.5', '-0.2', 'third', ''])('refuses %j as a part duration', (value) => {
    expect(() => parsePartSeconds(value)).toThrow(InvalidArgumentError);
  });
  it('reads report formats and infers them from the file name', () => {
    expect(parseReportFormat('MD')).toBe('md');
    expect(() => parseReportFormat('xml')).toThrow(InvalidArgumentError);
    expect(reportFormatFor('summary.md', undefined)).toBe('md');
    expect(reportFormatFor('report.json', undefined)).toBe('json');
    expect(reportFormatFor('report.txt', 'md')).toBe('md');
  });
});

describe('quoteCommand', () => {
  it('quotes what a shell would split or expand', () => {
    expect(quoteCommand(['ffmpeg', '-i', 'file:/a b/it\'s.mp4', '-vf', 'fps=18,format=yuv420p'])).toBe(
      "ffmpeg -i 'file:/a b/it'\\''s.mp4' -vf fps=18,format=yuv420p");
  });
});

describe('renderBar', () => {
  it('shows files done, elapsed time and an ETA', () => {
    expect(renderBar(3, 12, 6, 12)).toBe('[███░░░░░░░░░] 3/12 files  elapsed 6.00 s  ETA 18.0 s');
    expect(renderBar(12, 12, 6, 4)).toBe('[████] 12/12 files  elapsed 6.00 s  ETA –');
  });
});
