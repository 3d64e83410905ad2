// Sends one opened file as a CDN would: validators (ETag, Last-Modified, 304, 412), Range (single,
// suffix, open-ended; 416 with the size), If-Range, HEAD — streamed from the handle already open, so what
// is sent is the file that was checked, and closed as soon as the response ends or the client leaves.
import type http from 'node:http';
import { decideAnswer, etagOf } from './http-conditions.js';
import type { OpenedFile } from './resolve-file.js';

export interface SendOptions {
  type: string;
  /** Sent with `Content-Disposition: attachment`. */
  download: boolean;
  cacheControl: string;
  /** Called once the headers are decided (the status is known), and with each body chunk sent. */
  onHeaders?: () => void;
  onBytes?: (bytes: number) => void;
}

export function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: OpenedFile, options: SendOptions): void {
  const { handle, stats } = file;
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    void handle.close().catch(() => undefined);
  };
  // A client that went away while its request was held (a preload hint's wait) has closed already: its
  // 'close' will not come again.
  if (res.destroyed || res.writableEnded) return close();
  res.on('close', close);
  const answer = decideAnswer(req.headers, stats);
  res.setHeader('accept-ranges', 'bytes');
  res.setHeader('etag', etagOf(stats));
  res.setHeader('last-modified', stats.mtime.toUTCString());
  res.setHeader('cache-control', options.cacheControl);
  options.onHeaders?.();
  res.statusCode = answer.status;
  if (answer.status === 304 || answer.status === 412) return void res.end();
  if (answer.status === 416) {
    res.setHeader('content-range', `bytes */${stats.size}`);
    return void res.end();
  }
  if (answer.status !== 200 && answer.status !== 206) return void res.end();
  res.setHeader('content-type', options.type);
  if (options.download) res.setHeader('content-disposition', 'attachment');
  const length = Math.max(0, answer.end - answer.start + 1);
  res.setHeader('content-length', length);
  if (answer.status === 206) res.setHeader('content-range', `bytes ${answer.start}-${answer.end}/${stats.size}`);
  if (req.method === 'HEAD' || length === 0) return void res.end();
  const stream = handle.createReadStream({ start: answer.start, end: answer.end, autoClose: false });
  stream.on('data', (chunk) => options.onBytes?.((chunk as Buffer).length));
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
