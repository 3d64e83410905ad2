// A writer's bytes, with two ways out besides their end: the writer falls silent for too long (a hung
// generator must not hold an output's lock and a temporary file forever), or the run is stopped (a signal
// must not wait for a writer that may never write again). Either ends the stream with a failure the
// report carries; the source is closed (stdin destroyed) without waiting for its pending read.
import { type Failure, failure } from '../report/causes.js';

/** Thrown into the reader of a guarded stream: processStream reports its `failure`. */
export class StreamStopped extends Error {
  constructor(readonly failure: Failure) {
    super(failure.reason);
  }
}

export interface GuardOptions {
  /** Longest silence between two reads, ms (none when undefined). */
  idleMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

export async function* guardStream(stream: AsyncIterable<Uint8Array>, { idleMs, signal }: GuardOptions): AsyncGenerator<Uint8Array> {
  const iterator = stream[Symbol.asyncIterator]();
  // A generator's return() waits for its pending read: a Readable (stdin) is destroyed outright.
  const closeSource = (): void => {
    (stream as { destroy?: () => void }).destroy?.();
    void iterator.return?.(undefined)?.catch(() => undefined);
  };
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      const stopped = new Promise<never>((_, reject) => {
        if (idleMs !== undefined) {
          timer = setTimeout(() => reject(new StreamStopped(failure('timeout', `the writer sent nothing for ${formatSeconds(idleMs)} (--stall-timeout)`))), idleMs);
        }
        onAbort = () => reject(new StreamStopped(failure('interrupted', 'stopped before the writer finished')));
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
      });
      stopped.catch(() => undefined);
      let next: IteratorResult<Uint8Array>;
      try {
        next = await Promise.race([iterator.next(), stopped]);
      } finally {
        // The silence counts while the writer is awaited, not while the encoder takes what it wrote.
        clearTimeout(timer);
        if (onAbort) signal?.removeEventListener('abort', onAbort);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    closeSource();
  }
}

const formatSeconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;
