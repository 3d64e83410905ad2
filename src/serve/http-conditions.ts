// What a request's validators and Range ask of one file (RFC 9110 §13–14), decided from its size and
// modification time alone: the status and the byte span to send. Pure — the file is opened elsewhere.

export interface FileVersion {
  size: number;
  mtimeMs: number;
}

/** A weak validator that changes whenever the file's size or modification time does. */
export const etagOf = (file: FileVersion): string => `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;

/** HTTP dates have whole seconds. */
const seconds = (ms: number): number => Math.floor(ms / 1000);

const parseDate = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? seconds(ms) : undefined;
};

/** Whether a list of entity tags (`*`, or `"a", W/"b"`) holds `etag`, weakly compared. */
export function etagListHolds(list: string, etag: string): boolean {
  if (list.trim() === '*') return true;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  return list.split(',').some((tag) => opaque(tag) === opaque(etag));
}

export type Answer =
  | { status: 200; start: number; end: number }
  | { status: 206; start: number; end: number }
  | { status: 304 | 412 }
  | { status: 416 };

/** One `bytes=` range against `size`: the inclusive span, 'unsatisfiable', or undefined (ignore the header). */
export function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return undefined; // several ranges or another unit: the whole file, as a server may answer
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first.length > 15 || last.length > 15) return 'unsatisfiable';
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || (last !== '' && Number(last) < start)) return 'unsatisfiable';
  return { start, end };
}

/** The answer to a GET or HEAD of `file` with these request headers. */
export function decideAnswer(headers: Record<string, string | string[] | undefined>, file: FileVersion): Answer {
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const etag = etagOf(file);
  const modified = seconds(file.mtimeMs);
  const ifMatch = header('if-match');
  if (ifMatch !== undefined && !etagListHolds(ifMatch, etag)) return { status: 412 };
  const unmodifiedSince = ifMatch === undefined ? parseDate(header('if-unmodified-since')) : undefined;
  if (unmodifiedSince !== undefined && modified > unmodifiedSince) return { status: 412 };
  const ifNoneMatch = header('if-none-match');
  if (ifNoneMatch !== undefined) {
    if (etagListHolds(ifNoneMatch, etag)) return { status: 304 };
  } else {
    const since = parseDate(header('if-modified-since'));
    if (since !== undefined && modified <= since) return { status: 304 };
  }
  const whole = { status: 200 as const, start: 0, end: file.size - 1 };
  const range = header('range');
  if (range === undefined) return whole;
  const ifRange = header('if-range');
  if (ifRange !== undefined) {
    const holds = ifRange.includes('"') ? ifRange.trim() === etag.replace(/^W\//, '') || ifRange.trim() === etag : parseDate(ifRange) === modified;
    if (!holds) return whole;
  }
  const span = parseRange(range, file.size);
  if (span === undefined) return whole;
  if (span === 'unsatisfiable') return { status: 416 };
  return { status: 206, ...span };
}
