// Following a file as its writer writes it: its bytes from the start, handed on as they land, until the
// file says it is complete (a Matroska file reaching the size its header names, a fragmented MP4's mfra)
// or has stopped changing for as long as the readiness rules ask (formats without an end marker, or a
// writer that stopped in the middle). A file replaced, shrunk or removed meanwhile ends the bytes with
// `changed-during-encode`: what was read is no longer that file.
//
// The watcher wakes a follower on each folder event for its file; a short poll covers missed events and
// folders without events.
import { type FileHandle, open } from 'node:fs/promises';
import { MFRO_BYTES, isMfraHeader, mfraSizeFromTail } from '../mp4/mfra-tail.js';
import { type InputState, readInputState } from '../pipeline/input-state.js';
import { type Failure, failure } from '../report/causes.js';
import { type IdentifiedLook, askWriter, statLook, streamLook } from './inbox.js';
import { type ReadinessRules, judgeReadiness, keepLook, markedComplete } from './readiness.js';
import { SNIFF_BYTES, sniffStream } from './stream-sniff.js';

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
  /**
   * How the bytes ended, once the file is also still: a writer that marks its end may still patch its
   * header after (ffmpeg's Matroska muxer writes its duration and seek index last), and what counts as
   * encoded is the file once it is left alone. Undefined when the bytes did not end well.
   */
  whenEnded(): Promise<FollowEnd | undefined>;
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

async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = Buffer.alloc(Math.max(0, length));
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
  return buffer.subarray(0, bytesRead);
}

/**
 * A look at a followed file that costs the same however long it grows: identity, size and times from the
 * path, and its end marker from a few bytes through the open descriptor — a fragmented MP4 ends with
 * mfra or is still `fragmented` (more may come: the longer settle), Matroska reached the size its header
 * names or not. (The watcher's own look walks every top-level box, thousands in a long recording.)
 */
async function lookWhileFollowing(file: string, first: IdentifiedLook, handle: FileHandle): Promise<IdentifiedLook | undefined> {
  const look = await statLook(file);
  if (!look || look.id !== first.id) return look;
  if (first.mp4 !== undefined) {
    const mfra = look.size >= MFRO_BYTES ? mfraSizeFromTail(await readAt(handle, look.size - MFRO_BYTES, MFRO_BYTES)) : undefined;
    const complete = mfra !== undefined && mfra <= look.size && isMfraHeader(await readAt(handle, look.size - mfra, 8), mfra);
    return { ...look, mp4: complete ? 'complete' : 'fragmented', followable: !complete };
  }
  if (first.stream) {
    const sniffed = sniffStream(await readAt(handle, 0, Math.min(SNIFF_BYTES, look.size)));
    return { ...look, ...streamLook(first.stream.kind, sniffed, look.size) };
  }
  return look;
}

/** Looks at a file every few ms until it stays unchanged for `settleMs` (at most ~1 s): the end of its writer's last touches. */
async function stillAfter(file: string, look: IdentifiedLook, settleMs: number): Promise<IdentifiedLook> {
  let latest = look;
  for (let tries = 0; tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(5, Math.min(settleMs, 10))));
    const now = await statLook(file);
    if (!now || now.id !== latest.id) return latest;
    if (now.size === latest.size && now.mtimeMs === latest.mtimeMs && now.ctimeMs === latest.ctimeMs) {
      if (now.at - latest.at >= settleMs) return { ...now, mp4: latest.mp4, stream: latest.stream, followable: latest.followable };
      continue;
    }
    latest = { ...now, mp4: look.mp4, stream: look.stream, followable: look.followable };
  }
  return latest;
}

export function followFile(file: string, first: IdentifiedLook, options: FollowOptions): Follow {
  const pollMs = options.pollMs ?? 50;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  let end: FollowEnd | undefined;
  let endSettled: Promise<FollowEnd | undefined> | undefined;
  let finished: (() => void) | undefined;
  const bytesDone = new Promise<void>((resolve) => { finished = resolve; });

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

  let started = false;
  async function* bytes(): AsyncGenerator<Uint8Array> {
    started = true;
    const handle = await open(file, 'r').catch((error: unknown) => {
      throw new FollowFailure(failure('changed-during-encode', `it could not be opened again while it was written (${(error as Error).message})`));
    });
    try {
      const opened = await handle.stat({ bigint: true });
      if (`${opened.dev}:${opened.ino}` !== first.id) throw new FollowFailure(failure('changed-during-encode', 'it was replaced by another file as it was written'));
      let offset = 0;
      let looks: IdentifiedLook[] = [];
      for (;;) {
        if (options.signal?.aborted) throw new FollowFailure(failure('interrupted', 'interrupted'));
        const look = await lookWhileFollowing(file, first, handle);
        if (!look) throw new FollowFailure(failure('changed-during-encode', 'it was removed or renamed as it was written'));
        if (look.id !== first.id) throw new FollowFailure(failure('changed-during-encode', 'it was replaced by another file as it was written'));
        if (look.size < offset) throw new FollowFailure(failure('changed-during-encode', `it shrank as it was written (${offset} → ${look.size} bytes)`));
        looks = keepLook(looks, look, KEPT_LOOKS);
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
          // Every byte is handed on (the encoder finishes meanwhile); what was encoded is the file once still.
          // (A loaded machine spreads a muxer's last writes out: still for 150 ms at least.)
          endSettled = stillAfter(file, look, Math.max(options.rules.settleMs, 150)).then(async (still) => {
            end = { how: 'complete', look: still, state: await readInputState(file) };
            return end;
          });
          return;
        }
        let judged = judgeReadiness(looks, options.rules);
        // Still by the rules: is its writer done with it, or only paused (a loaded machine, a slow model)?
        if (judged.kind === 'ready') {
          looks[looks.length - 1] = await askWriter(file, look);
          judged = judgeReadiness(looks, options.rules);
        }
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
      finished?.();
    }
  }

  return {
    bytes: bytes(),
    async whenEnded() {
      if (!started) return end; // never read (its output existed, or it was refused)
      await bytesDone;
      return endSettled ? await endSettled : end;
    },
    wake() {
      if (wakeUp) wakeUp();
      else woken = true;
    },
  };
}
