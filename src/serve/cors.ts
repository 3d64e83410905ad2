// Cross-origin access for a front end on another origin (a dev server on another port, the app's own
// domain): which origins may read the media, and the headers a preflight and a response carry. Pure.

/** Response headers a page may read across origins: what players use to fetch byte ranges and validate. */
export const EXPOSED_HEADERS = 'Content-Length, Content-Range, Accept-Ranges, ETag, Last-Modified';
/** Request headers a player sends across origins (Range for byte ranges, validators for revalidation). */
const ALLOWED_HEADERS = ['range', 'if-range', 'if-none-match', 'if-modified-since', 'cache-control', 'pragma'];

/** An origin as written in `--cors`: `*`, or scheme://host[:port] with nothing after. Undefined when invalid. */
export function normalizeOrigin(text: string): string | undefined {
  if (text === '*') return '*';
  if (!/^https?:\/\/[^/?#\s]+\/?$/i.test(text)) return undefined;
  try {
    const url = new URL(text);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/** The headers that let `origin` read a response, or none when it is not allowed. */
export function corsHeaders(allowed: readonly string[], origin: string | undefined): Record<string, string> {
  if (allowed.length === 0) return {};
  if (allowed.includes('*')) return { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSED_HEADERS };
  const headers: Record<string, string> = { vary: 'Origin' };
  if (origin !== undefined && allowed.includes(origin)) {
    headers['access-control-allow-origin'] = origin;
    headers['access-control-expose-headers'] = EXPOSED_HEADERS;
  }
  return headers;
}

/** The answer to an OPTIONS preflight: 204 with what may be asked, or 403 when the origin is not allowed. */
export function preflight(allowed: readonly string[], origin: string | undefined, requestedHeaders: string | undefined): { status: 204 | 403; headers: Record<string, string> } {
  const base = corsHeaders(allowed, origin);
  if (!base['access-control-allow-origin']) return { status: 403, headers: base };
  const asked = (requestedHeaders ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  const granted = asked.filter((name) => ALLOWED_HEADERS.includes(name));
  return {
    status: 204,
    headers: {
      ...base,
      'access-control-allow-methods': 'GET, HEAD, OPTIONS',
      'access-control-allow-headers': (granted.length ? granted : ['range']).join(', '),
      'access-control-max-age': '600',
    },
  };
}
