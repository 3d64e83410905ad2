// Following a file as its writer writes it: its bytes from the start, handed on as they land, until the
// file says it is complete (a Matroska file reaching the size its header names, a fragmented MP4's mfra)
// or has stopped changing for as long as the readiness rules ask (formats without an end marker, or a
// writer that stopped in the middle). A file replaced, shrunk or removed meanwhile ends the bytes with
// `changed-during-encode`: what was read is no longer that file.
//
// The watcher wakes a follower on each folder event for its file; a short poll covers missed events and
// folders without events.
import { open } from 'node:fs/promises';
import { type InputState, readInputState } from '../pipeline/input-state.js';
import { type Failure, failure } from '../report/causes.js';
import { type IdentifiedLook, lookAt } from './inbox.js';
import { type ReadinessRules, judgeReadiness, markedComplete } from './readiness.js';

/** Why a followed stream's bytes stopped before its end. */
export class FollowFailure extends Error {
  readonly failure: Failure;
  constructor(value: Failure) {
    super(value.reason);
    this.failure = value;
  }
}

export interface FollowEnd {
  /** `complete`: its end marker; `settled`: unchanged for as long as the rules ask (it may have been abandoned). */
  how: 'complete' | 'settled';
  /** The file when its bytes ended (what was encoded). */
  look: IdentifiedLook;
  state: InputState | undefined;
}

export interface Follow {
  /** The file's bytes from its start, as they are written (throws FollowFailure). */
  bytes: AsyncIterable<Uint8Array>;
  /** Something happened to the file: look now instead of at the next poll. */
  wake(): void;
  /** How the bytes ended, once they have. */
  ended(): FollowEnd | undefined;
}

export interface FollowOptions {
  rules: ReadinessRules;
  /** Look at least this often without a wake (default 50 ms). */
  pollMs?: number;
  signal?: AbortSignal | undefined;
}

/** Bytes read at once: a pipe's worth, so the encoder gets data as soon as it is there. */
const PIECE = 256 * 1024;
/** Looks kept to judge the writer's pace. */
const KEPT_LOOKS = 16;

export function followFile(file: string, first: IdentifiedLook, options: FollowOptions): Follow {
  const pollMs = options.pollMs ?? 50;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  let end: FollowEnd | undefined;

  const pause = (ms: number): Promise<void> => new Promise((resolve) => {
    if (woken) {
      woken = false;
      return resolve();
    }
    const timer = setTimeout(done, Math.max(1, ms));
    function done(): void {
      clearTimeout(timer);
      wakeUp = undefined;
      woken = false;
      options.signal?.removeEventListener('abort', done);
      resolve();
    }
    wakeUp = done;
    options.signal?.addEventListener('abort', done, { once: true });
  });

  async function* bytes(): AsyncGenerator<Uint8Array> {
    const handle = await open(file, 'r').catch((error: unknown) => {
      throw new FollowFailure(failure('changed-during-encode', `it could not be opened again while it was written (${(error as Error).message})`));
    });
    try {
      const opened = await handle.stat({ bigint: true });
      if (`${opened.dev}:${opened.ino}` !== first.id) throw new FollowFailure(failure('changed-during-encode', 'it was replaced by another file as it was written'));
      let offset = 0;
      const looks: IdentifiedLook[] = [];
      for (;;) {
        if (options.signal?.aborted) throw new FollowFailure(failure('interrupted', 'interrupted'));
        const look = await lookAt(file);
        if (!look) throw new FollowFailure(failure('changed-during-encode', 'it was removed or renamed as it was written'));
        if (look.id !== first.id) throw new FollowFailure(failure('changed-during-encode', 'it was replaced by another file as it was written'));
        if (look.size < offset) throw new FollowFailure(failure('changed-during-encode', `it shrank as it was written (${offset} → ${look.size} bytes)`));
        looks.push(look);
        if (looks.length > KEPT_LOOKS) looks.shift();
        if (look.size > offset) {
          while (offset < look.size) {
            const buffer = Buffer.allocUnsafe(Math.min(PIECE, look.size - offset));
            const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
            if (bytesRead === 0) break;
            offset += bytesRead;
            yield buffer.subarray(0, bytesRead);
          }
          continue;
        }
        // Everything there has been handed on: is this the end?
        if (markedComplete(look)) {
          end = { how: 'complete', look, state: await readInputState(file) };
          return;
        }
        const judged = judgeReadiness(looks, options.rules);
        const unchangedMs = look.at - (looks.find((seen) => seen.size === look.size && seen.mtimeMs === look.mtimeMs)?.at ?? look.at);
        // Ready by the rules; or, with no end in sight (a box still half written), unchanged for the longest wait there is.
        if (judged.kind === 'ready' || (judged.kind === 'not-yet' && unchangedMs >= options.rules.maxSettleMs)) {
          end = { how: 'settled', look, state: await readInputState(file) };
          return;
        }
        await pause(Math.min(pollMs, judged.kind === 'wait' ? judged.recheckInMs : pollMs));
      }
    } finally {
      await handle.close();
    }
  }

  return {
    bytes: bytes(),
    wake() {
      if (wakeUp) wakeUp();
      else woken = true;
    },
    ended: () => end,
  };
}
