// Value parsers for command-line options: they throw commander's InvalidArgumentError (exit 2).
import { InvalidArgumentError } from 'commander';
import { MAX_THREADS } from '../limits.js';
import { queueNameProblem } from '../queue/queue-name.js';
import { normalizeOrigin } from '../serve/cors.js';

export function parsePositiveInt(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}"`);
  }
  return number;
}

export type ReportFormat = 'json' | 'md' | 'html';

export function parseReportFormat(value: string): ReportFormat {
  const normalized = value.toLowerCase();
  if (normalized === 'json') return 'json';
  if (normalized === 'md' || normalized === 'markdown') return 'md';
  if (normalized === 'html') return 'html';
  throw new InvalidArgumentError(`expected "json", "md" or "html", got "${value}"`);
}

/** --report-format wins; otherwise .md gets Markdown, .html an HTML page with charts, anything else JSON. */
export const reportFormatFor = (file: string, format: ReportFormat | undefined): ReportFormat =>
  format ?? (/\.(md|markdown)$/i.test(file) ? 'md' : /\.html?$/i.test(file) ? 'html' : 'json');

/** --threads: 1 to MAX_THREADS; more is a typo, not a machine. */
export function parseThreads(value: string): number {
  const threads = parsePositiveInt(value);
  if (threads > MAX_THREADS) throw new InvalidArgumentError(`expected at most ${MAX_THREADS} threads, got "${value}"`);
  return threads;
}

/** "1,2,4" → [1, 2, 4] (bench's concurrency sweep). */
export function parseLevels(value: string): number[] {
  const levels = value.split(',').map((part) => part.trim());
  if (levels.some((level) => !/^\d+$/.test(level) || Number(level) < 1)) {
    throw new InvalidArgumentError(`expected whole numbers ≥ 1 separated by commas, got "${value}"`);
  }
  return [...new Set(levels.map(Number))];
}

/** A duration in milliseconds: 0 to one hour. */
export function parseMilliseconds(value: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value.trim()) || ms > 3_600_000) throw new InvalidArgumentError(`expected milliseconds from 0 to 3600000, got "${value}"`);
  return ms;
}

/** A duration in seconds (decimals allowed): more than 0, at most a day. */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || seconds <= 0 || seconds > 86_400) {
    throw new InvalidArgumentError(`expected seconds, more than 0 and at most 86400, got "${value}"`);
  }
  return seconds;
}

/** A live part's duration: 0.1 to 2 s (LL-HLS asks for parts well under a segment). */
export function parsePartSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || seconds < 0.1 || seconds > 2) throw new InvalidArgumentError(`expected seconds from 0.1 to 2, got "${value}"`);
  return seconds;
}

/** A TCP port: 0 (any free one) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) throw new InvalidArgumentError(`expected a port from 0 to 65535, got "${value}"`);
  return port;
}

/** --cors: `*` or an origin (scheme://host[:port]); repeatable. */
export function parseOrigin(value: string, previous: string[] = []): string[] {
  const origin = normalizeOrigin(value.trim());
  if (origin === undefined) throw new InvalidArgumentError(`expected "*" or an origin such as http://localhost:5173 (scheme, host and port, no path), got "${value}"`);
  return [...previous, origin];
}

/** --queue: checked before connecting (a bad name is a usage error, not a hang). */
export function parseQueueName(value: string): string {
  const problem = queueNameProblem(value);
  if (problem) throw new InvalidArgumentError(`${problem}, got "${value}"`);
  return value;
}
