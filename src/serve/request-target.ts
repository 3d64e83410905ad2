// A request's target read once, before anything is opened: its decoded path and its query, or why it is
// refused. Every route of serve (files, Range, HEAD, blocking reload, the page folder) starts here. Pure.

export type Target =
  | { ok: true; path: string; segments: string[]; query: URLSearchParams }
  | { ok: false; status: 400 | 403; message: string };

/** Longest request target read; longer ones are refused (no file has such a name). */
const MAX_TARGET = 8192;

export function parseRequestTarget(raw: string | undefined): Target {
  if (!raw || raw.length > MAX_TARGET) return { ok: false, status: 400, message: 'bad request target' };
  let target = raw;
  // Absolute form (`GET http://host/path`), as proxies send: only its path counts.
  const absolute = /^https?:\/\/[^/?#]*/i.exec(target);
  if (absolute) target = target.slice(absolute[0].length) || '/';
  if (!target.startsWith('/')) return { ok: false, status: 400, message: 'bad request target' };
  const hash = target.indexOf('#');
  if (hash >= 0) target = target.slice(0, hash);
  const question = target.indexOf('?');
  const rawPath = question >= 0 ? target.slice(0, question) : target;
  let query: URLSearchParams;
  let decoded: string;
  try {
    query = new URLSearchParams(question >= 0 ? target.slice(question + 1) : '');
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400, message: 'bad path encoding' };
  }
  if (decoded.includes('\0')) return { ok: false, status: 400, message: 'bad path' };
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return { ok: false, status: 403, message: 'forbidden' };
  if (segments.some(isHidden)) return { ok: false, status: 403, message: 'forbidden' };
  return { ok: true, path: `/${segments.join('/')}`, segments, query };
}

/** Dotfiles and dot-folders (`.git`, `.env`, a conversation's `.conversation.ndjson`) are never served. */
export const isHidden = (segment: string): boolean => segment.startsWith('.');
