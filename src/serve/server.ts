// `streamprep serve`: a static server that hands files to a browser as a CDN would — Range (single,
// suffix, open-ended; 416 when unsatisfiable), HEAD, Accept-Ranges, ETag, Last-Modified, If-Range and
// Content-Type, by `send` (the library express.static uses) — confined to one folder, with an index
// page, a link bandwidth (shared by all connections) and a per-request latency to emulate slow links,
// and LL-HLS blocking playlist reloads for the live conversations streamprep writes.
import { realpath } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import send from 'send';
import { isInside } from '../files/identity.js';
import { clampDelay } from '../limits.js';
import { waitForSegment } from './live-playlist.js';
import { createLink, throttleSocket } from './throttle.js';

export interface ServeOptions {
  root: string;
  /** Default 127.0.0.1: nothing outside this machine sees the folder unless asked. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Bandwidth of the emulated link, kbit/s, shared by all connections (none by default). */
  throttleKbps?: number;
  /** Added before each response starts, ms (none by default). */
  latencyMs?: number;
  /** The page at `/`; none when undefined (404). */
  indexPage?: () => Promise<string>;
  /** Extra routes, tried before files (the browser bench's player page). */
  routes?: Record<string, (url: URL) => Promise<{ type: string; body: string } | undefined>>;
}

export interface TransferStats {
  requests: number;
  /** Body bytes sent. */
  bytes: number;
}

export interface StaticServer {
  url: string;
  /** Requests and bytes per URL path since start (or the last reset). */
  stats: Map<string, TransferStats>;
  resetStats(): void;
  close(): Promise<void>;
}

/** Stats are kept for at most this many files (the least recently requested go first): memory stays bounded. */
export const MAX_STATS_ENTRIES = 10_000;

/**
 * What a browser may render from here — media, playlists, captions, posters — with the types players
 * expect (send's table lacks some). Anything else is sent as a download. Pure.
 */
const MEDIA_TYPES: Record<string, string | undefined> = {
  '.mp4': undefined, '.m4v': undefined, '.m4a': undefined, '.mov': undefined, '.webm': undefined, '.mkv': undefined,
  '.ts': 'video/mp2t', '.m4s': 'video/iso.segment', '.m3u8': 'application/vnd.apple.mpegurl', '.mpd': 'application/dash+xml',
  '.mp3': undefined, '.aac': undefined, '.ogg': undefined, '.opus': undefined, '.wav': undefined, '.flac': undefined,
  '.vtt': undefined, '.jpg': undefined, '.jpeg': undefined, '.png': undefined, '.webp': undefined, '.avif': undefined,
};

export const isMediaPath = (file: string): boolean => Object.hasOwn(MEDIA_TYPES, path.extname(file).toLowerCase());

/**
 * How long a CDN (or the browser) may keep a file: playlists change, so never; segments and the chunk
 * files of a conversation folder (`*.hls/`) are written once, so forever; anything else revalidates. Pure.
 */
export function cacheControlFor(relative: string): string {
  const extension = path.extname(relative).toLowerCase();
  if (extension === '.m3u8' || extension === '.mpd') return 'no-store';
  const parts = relative.split('/');
  if (extension === '.m4s' || (extension === '.mp4' && parts.slice(0, -1).some((part) => part.toLowerCase().endsWith('.hls')))) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

/** Nothing served runs script: files are sandboxed, the index may load only media from here. */
export const FILE_CSP = "default-src 'none'; sandbox";
/**
 * The index page may run only streamprep's own scripts — those under /_streamprep/ on this server (the
 * player), never a file of the served folder — and fetch and play from here (MSE plays from blob:). Pure.
 */
export function indexCsp(host: string | undefined): string {
  const scripts = host !== undefined && /^[\w.-]+(:\d{1,5})?$|^\[[\da-f:.]+\](:\d{1,5})?$/i.test(host) ? `http://${host}/_streamprep/` : "'none'";
  return `default-src 'none'; script-src ${scripts}; connect-src 'self'; media-src 'self' blob:; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

/** Headers every response carries: no MIME sniffing, no framing. */
function setSafetyHeaders(res: http.ServerResponse, csp: string | undefined): void {
  res.setHeader('x-content-type-options', 'nosniff');
  if (csp) res.setHeader('content-security-policy', csp);
}

/** Counts requests and bytes per served file, in a bounded map ordered by last use. */
export function countRequest(stats: Map<string, TransferStats>, key: string): TransferStats {
  const entry = stats.get(key) ?? { requests: 0, bytes: 0 };
  stats.delete(key);
  stats.set(key, entry);
  if (stats.size > MAX_STATS_ENTRIES) stats.delete(stats.keys().next().value as string);
  entry.requests++;
  return entry;
}

function reject(res: http.ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(`${message}\n`);
}

export async function startServer(options: ServeOptions): Promise<StaticServer> {
  const root = await realpath(options.root);
  const stats = new Map<string, TransferStats>();
  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) reject(res, 500, 'internal error');
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    setSafetyHeaders(res, FILE_CSP);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return reject(res, 405, 'method not allowed');
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, clampDelay(options.latencyMs as number)));
    const route = options.routes?.[url.pathname];
    if (route) {
      const page = await route(url);
      if (!page) return reject(res, 404, 'not found');
      res.removeHeader('content-security-policy'); // the bench's own player page runs its script
      res.setHeader('content-type', page.type);
      res.setHeader('cache-control', 'no-store');
      return void res.end(req.method === 'HEAD' ? undefined : page.body);
    }
    if (url.pathname === '/' && options.indexPage) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('content-security-policy', indexCsp(req.headers.host));
      res.setHeader('cache-control', 'no-store');
      return void res.end(req.method === 'HEAD' ? undefined : await options.indexPage());
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      return reject(res, 400, 'bad path encoding');
    }
    if (decoded.includes('\0')) return reject(res, 400, 'bad path');
    if (decoded.split('/').includes('..')) return reject(res, 403, 'forbidden');
    // Symlinks may not lead out of the folder: the real path must stay inside it.
    const real = await realpath(path.join(root, decoded)).catch(() => undefined);
    if (!real || !isInside(real, root)) return reject(res, 404, 'not found');
    // Keyed by the real file (not the URL's spelling): 60,000 variants of one path are one entry.
    const key = `/${path.relative(root, real).split(path.sep).join('/')}`;
    const msn = url.searchParams.get('_HLS_msn');
    if (msn !== null && path.extname(real).toLowerCase() === '.m3u8') return servePlaylist(req, res, real, key, msn);
    let entry: TransferStats | undefined;
    send(req, url.pathname, { root, dotfiles: 'deny', index: false, etag: true, lastModified: true, acceptRanges: true, cacheControl: false })
      .on('error', (error: { status?: number }) => reject(res, error.status ?? 500, error.status === 404 ? 'not found' : 'cannot serve this file'))
      .on('headers', () => {
        entry = countRequest(stats, key);
        res.setHeader('cache-control', cacheControlFor(key));
        const extension = path.extname(real).toLowerCase();
        if (!isMediaPath(real)) res.setHeader('content-disposition', 'attachment');
        else if (MEDIA_TYPES[extension]) res.setHeader('content-type', MEDIA_TYPES[extension] as string);
      })
      .on('stream', (stream: NodeJS.ReadableStream) => {
        stream.on('data', (chunk: Buffer) => { if (entry) entry.bytes += chunk.length; });
        // A client that goes away mid-transfer: the file is closed at once.
        res.on('close', () => (stream as unknown as { destroy(): void }).destroy());
      })
      .pipe(res);
  }

  /** A blocking reload (`?_HLS_msn=N`): held until the playlist holds segment N, then sent whole. */
  async function servePlaylist(req: http.IncomingMessage, res: http.ServerResponse, real: string, key: string, msnText: string): Promise<void> {
    if (!/^\d{1,9}$/.test(msnText)) return reject(res, 400, '_HLS_msn must be a whole number');
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const result = await waitForSegment(real, Number(msnText), gone.signal);
    if (res.destroyed) return;
    const entry = countRequest(stats, key);
    res.statusCode = result.status;
    res.setHeader('content-type', result.status === 200 ? MEDIA_TYPES['.m3u8'] as string : 'text/plain; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    const body = Buffer.from(result.body);
    res.setHeader('content-length', body.length);
    if (req.method !== 'HEAD') entry.bytes += body.length;
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  if (options.throttleKbps) {
    // One link for every connection, as a viewer's real link is.
    const link = createLink(options.throttleKbps);
    server.on('connection', (socket) => throttleSocket(socket, link));
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    stats,
    resetStats: () => stats.clear(),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
