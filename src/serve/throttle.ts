// Emulates a slow link: one token bucket at `kbitPerSec` paces what every connection sends, in slices,
// through each socket's own write path (so backpressure works as on a real link). Connections share the
// budget as they share a real link: two downloads at once each get about half.
import type { Socket } from 'node:net';

export interface TokenBucket {
  /** Resolves when `bytes` may be sent. */
  take(bytes: number): Promise<void>;
}

/** Bytes per second `rate`, holding at most `burst` bytes of credit. `now` and `sleep` are injectable for tests. */
export function createTokenBucket(
  rate: number, burst: number,
  clock: { now: () => number; sleep: (ms: number) => Promise<void> } = { now: () => performance.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
): TokenBucket {
  let tokens = burst;
  let last = clock.now();
  let queue = Promise.resolve();
  const refill = (): void => {
    const now = clock.now();
    tokens = Math.min(burst, tokens + ((now - last) / 1000) * rate);
    last = now;
  };
  return {
    take(bytes) {
      // In order: one sender at a time per bucket.
      queue = queue.then(async () => {
        refill();
        tokens -= bytes;
        if (tokens < 0) await clock.sleep((-tokens / rate) * 1000);
      });
      return queue;
    },
  };
}

const SLICE = 4096;

type WriteFn = (chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void) => void;

/** The link: `kbitPerSec` for all the connections it carries, at most 50 ms of burst. */
export function createLink(kbitPerSec: number): TokenBucket {
  const rate = (kbitPerSec * 1000) / 8;
  return createTokenBucket(rate, Math.max(SLICE, rate / 20));
}

/** Paces everything `socket` sends through `link` (shared with the other sockets on it). */
export function throttleSocket(socket: Socket, link: TokenBucket): void {
  const bucket = link;
  const internals = socket as unknown as { _write: WriteFn; _writev?: unknown };
  const original = internals._write.bind(socket);
  internals._writev = undefined; // one chunk at a time, through the bucket
  internals._write = (chunk, encoding, callback) => {
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding);
    void (async () => {
      for (let at = 0; at < data.length; at += SLICE) {
        const slice = data.subarray(at, at + SLICE);
        await bucket.take(slice.length);
        const error = await new Promise<Error | null | undefined>((resolve) => original(slice, 'buffer' as BufferEncoding, resolve));
        if (error) return callback(error);
      }
      callback();
    })();
  };
}
