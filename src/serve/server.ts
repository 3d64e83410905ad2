// `streamprep serve`: a static server that hands files to a browser as a CDN would — Range (single,
// suffix, open-ended; 416 when unsatisfiable), HEAD, Accept-Ranges, ETag, Last-Modified, If-Range and
// Content-Type — from a file opened once, only if it is a regular file, confined to one folder (one
// reading of each path for every route), with an index page, CORS and a page folder for a front end, a
// link bandwidth (shared by all connections) and a per-request latency to emulate slow links, and LL-HLS
// blocking playlist reloads for the live conversations streamprep writes.
import { realpath } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { clampDelay } from '../limits.js';
import { contentTypeFor } from './content-types.js';
import { corsHeaders, preflight } from './cors.js';
import { waitForFirstSegment, waitForHintedPart, waitForSegment } from './live-playlist.js';
import { readPlaylist } from './playlist-reader.js';
import { parseRequestTarget } from './request-target.js';
import { type OpenedFile, openUnder, resolveUnder } from './resolve-file.js';
import { sendFile } from './send-file.js';
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
  /**
   * Origins whose pages may read what is served (`*` for any): a front end on another origin (its dev
   * server, its own domain) playing the media with hls.js or streamprep/player. None by default.
   */
  cors?: readonly string[];
  /** A developer's own page folder, served at /page/ with a CSP that lets its scripts run. */
  page?: string;
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

/**
 * A conversation's chunk that is still being published in parts (its playlist lists no segment of it
 * yet): its bytes so far never change, but the file grows, so it is not cached as a whole.
 */
async function stillGrowing(real: string): Promise<boolean> {
  if (path.extname(real).toLowerCase() !== '.mp4' || !path.dirname(real).toLowerCase().endsWith('.hls')) return false;
  const playlist = await readPlaylist(path.join(path.dirname(real), 'playlist.m3u8'));
  if (playlist.kind !== 'text' || !playlist.text.includes('#EXT-X-PART:')) return false;
  const uri = encodeURIComponent(path.basename(real));
  return !playlist.text.split('\n').includes(uri);
}

/** How long a plain request for a live playlist without a whole segment yet is held, ms (one target duration). */
const FIRST_SEGMENT_WAIT_MS = 6_000;

/** How long a preload hint's request is held for its part, ms (a part is a third of a second; its chunk may pause). */
const HINT_WAIT_MS = 3_000;

/**
 * A request for a conversation's preload hint (`Range: bytes=N-` at the end of a chunk's file that is
 * still growing) is held until that part is listed, then answered with exactly its bytes; when it is not
 * hinted or the wait ends, it is answered as the file stands (416 past its end).
 */
async function awaitHintedPart(req: http.IncomingMessage, res: http.ServerResponse, file: OpenedFile): Promise<void> {
  const open = /^bytes=(\d{1,15})-$/.exec(req.headers.range ?? '');
  if (!open || path.extname(file.real).toLowerCase() !== '.mp4' || !path.dirname(file.real).toLowerCase().endsWith('.hls')) return;
  const offset = Number(open[1]);
  if (offset < file.stats.size) return;
  const gone = new AbortController();
  const leave = (): void => gone.abort();
  res.once('close', leave);
  const length = await waitForHintedPart(path.join(path.dirname(file.real), 'playlist.m3u8'), encodeURIComponent(path.basename(file.real)), offset, gone.signal, HINT_WAIT_MS);
  res.off('close', leave);
  if (length !== undefined) {
    req.headers.range = `bytes=${offset}-${offset + length - 1}`;
    Object.assign(file, { stats: await file.handle.stat() });
  }
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

/**
 * A developer's page (`--page`) runs its own scripts (and hls.js's worker, made from a blob:) and may
 * fetch and play media from anywhere: the media may be on another origin. Frames and plugins stay out.
 */
export const PAGE_CSP = "default-src 'self'; script-src 'self'; worker-src 'self' blob:; connect-src *; media-src * blob:; img-src * data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

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
  const pageRoot = options.page === undefined ? undefined : await realpath(options.page);
  const cors = options.cors ?? [];
  const stats = new Map<string, TransferStats>();
  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) reject(res, 500, 'internal error');
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    setSafetyHeaders(res, FILE_CSP);
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    for (const [name, value] of Object.entries(corsHeaders(cors, origin))) res.setHeader(name, value);
    if (req.method === 'OPTIONS' && cors.length > 0) {
      const answer = preflight(cors, origin, req.headers['access-control-request-headers'] as string | undefined);
      for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
      res.statusCode = answer.status;
      return void res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', cors.length > 0 ? 'GET, HEAD, OPTIONS' : 'GET, HEAD');
      return reject(res, 405, 'method not allowed');
    }
    // One reading of the path for every route: decoded once, "..", NUL and dotfiles refused here.
    const target = parseRequestTarget(req.url);
    if (!target.ok) return reject(res, target.status, target.message);
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, clampDelay(options.latencyMs as number)));
    const route = options.routes?.[target.path];
    if (route) {
      const page = await route(new URL(`http://localhost${target.path}?${target.query}`));
      if (!page) return reject(res, 404, 'not found');
      res.removeHeader('content-security-policy'); // the bench's own player page runs its script
      res.setHeader('content-type', page.type);
      res.setHeader('cache-control', 'no-store');
      return void res.end(req.method === 'HEAD' ? undefined : page.body);
    }
    if (target.path === '/' && options.indexPage) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('content-security-policy', indexCsp(req.headers.host));
      res.setHeader('cache-control', 'no-store');
      return void res.end(req.method === 'HEAD' ? undefined : await options.indexPage());
    }
    if (pageRoot !== undefined && target.segments[0] === 'page') {
      const rest = target.segments.slice(1);
      const file = await openUnder(pageRoot, rest.length === 0 ? ['index.html'] : rest)
        ?? await openUnder(pageRoot, [...rest, 'index.html']);
      if (!file) return reject(res, 404, 'not found');
      res.setHeader('content-security-policy', PAGE_CSP);
      return serveOpened(req, res, file, 'page', 'no-cache');
    }
    const msn = target.query.get('_HLS_msn');
    if (path.extname(target.path).toLowerCase() === '.m3u8') {
      const found = await resolveUnder(root, target.segments);
      if (!found) return reject(res, 404, 'not found');
      if (await servePlaylist(req, res, found.real, found.key, msn, target.query.get('_HLS_part') ?? undefined)) return;
    }
    const file = await openUnder(root, target.segments);
    if (!file) return reject(res, 404, 'not found');
    let cacheControl: string;
    try {
      await awaitHintedPart(req, res, file);
      cacheControl = await stillGrowing(file.real) ? 'no-store' : cacheControlFor(file.key);
    } catch (error) {
      await file.handle.close().catch(() => undefined);
      throw error;
    }
    serveOpened(req, res, file, 'media', cacheControl);
  }

  function serveOpened(req: http.IncomingMessage, res: http.ServerResponse, file: OpenedFile, from: 'media' | 'page', cacheControl: string): void {
    const { type, download } = contentTypeFor(file.real, from);
    let entry: TransferStats | undefined;
    sendFile(req, res, file, {
      type, download, cacheControl,
      onHeaders: () => { entry = countRequest(stats, from === 'page' ? `/page${file.key}` : file.key); },
      onBytes: (bytes) => { if (entry) entry.bytes += bytes; },
    });
  }

  /**
   * A blocking reload (`?_HLS_msn=N`, with `&_HLS_part=P` part P of segment N): held until the playlist
   * holds it, then sent whole; a plain request for a live playlist without a whole segment yet: held until
   * it has one (FIRST_SEGMENT_WAIT_MS at most). False when it is not held, or the playlist is too large to
   * hold in memory: it is then sent as a plain file.
   */
  async function servePlaylist(req: http.IncomingMessage, res: http.ServerResponse, real: string, key: string, msnText: string | null, partText: string | undefined): Promise<boolean> {
    if (msnText !== null && !/^\d{1,9}$/.test(msnText)) return reject(res, 400, '_HLS_msn must be a whole number'), true;
    if (partText !== undefined && !/^\d{1,9}$/.test(partText)) return reject(res, 400, '_HLS_part must be a whole number'), true;
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const result = msnText === null
      ? await waitForFirstSegment(real, gone.signal, FIRST_SEGMENT_WAIT_MS)
      : await waitForSegment(real, Number(msnText), gone.signal, partText === undefined ? undefined : Number(partText));
    if (result.status === 'plain') return false;
    if (res.destroyed) return true;
    const entry = countRequest(stats, key);
    res.statusCode = result.status;
    res.setHeader('content-type', result.status === 200 ? contentTypeFor(real, 'media').type : 'text/plain; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    const body = Buffer.from(result.body);
    res.setHeader('content-length', body.length);
    if (req.method !== 'HEAD') entry.bytes += body.length;
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
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
