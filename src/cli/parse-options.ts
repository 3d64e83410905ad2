// Value parsers for command-line options: they throw commander's InvalidArgumentError (exit 2).
import { InvalidArgumentError } from 'commander';
import { MAX_THREADS } from '../limits.js';

export function parsePositiveInt(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}"`);
  }
  return number;
}

export type ReportFormat = 'json' | 'md';

export function parseReportFormat(value: string): ReportFormat {
  const normalized = value.toLowerCase();
  if (normalized === 'json') return 'json';
  if (normalized === 'md' || normalized === 'markdown') return 'md';
  throw new InvalidArgumentError(`expected "json" or "md", got "${value}"`);
}

/** --report-format wins; otherwise a .md file gets Markdown and anything else JSON. */
export const reportFormatFor = (file: string, format: ReportFormat | undefined): ReportFormat =>
  format ?? (/\.(md|markdown)$/i.test(file) ? 'md' : 'json');

/** --threads: 1 to MAX_THREADS; more is a typo, not a machine. */
export function parseThreads(value: string): number {
  const threads = parsePositiveInt(value);
  if (threads > MAX_THREADS) throw new InvalidArgumentError(`expected at most ${MAX_THREADS} threads, got "${value}"`);
  return threads;
}
