// `streamprep serve`: a static server that hands files to a browser as a CDN would — Range (single,
// suffix, open-ended; 416 when unsatisfiable), HEAD, Accept-Ranges, ETag, Last-Modified, If-Range and
// Content-Type, by `send` (the library express.static uses) — confined to one folder, with an index
// page, a per-connection bandwidth limit and a per-request latency to emulate slow links.
import { realpath } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import send from 'send';
import { isInside } from '../files/identity.js';
import { clampDelay } from '../limits.js';
import { throttleSocket } from './throttle.js';

export interface ServeOptions {
  root: string;
  /** Default 127.0.0.1: nothing outside this machine sees the folder unless asked. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Bandwidth per connection, kbit/s (none by default). */
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
      res.setHeader('content-type', page.type);
      res.setHeader('cache-control', 'no-store');
      return void res.end(req.method === 'HEAD' ? undefined : page.body);
    }
    if (url.pathname === '/' && options.indexPage) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
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
    const entry = stats.get(url.pathname) ?? { requests: 0, bytes: 0 };
    stats.set(url.pathname, entry);
    entry.requests++;
    send(req, url.pathname, { root, dotfiles: 'deny', index: false, etag: true, lastModified: true, acceptRanges: true, cacheControl: false })
      .on('error', (error: { status?: number }) => reject(res, error.status ?? 500, error.status === 404 ? 'not found' : 'cannot serve this file'))
      .on('stream', (stream: NodeJS.ReadableStream) => {
        stream.on('data', (chunk: Buffer) => { entry.bytes += chunk.length; });
        // A client that goes away mid-transfer: the file is closed at once.
        res.on('close', () => (stream as unknown as { destroy(): void }).destroy());
      })
      .pipe(res);
  }

  if (options.throttleKbps) {
    const kbps = options.throttleKbps;
    server.on('connection', (socket) => throttleSocket(socket, kbps));
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
