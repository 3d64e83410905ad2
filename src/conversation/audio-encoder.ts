// A conversation's one audio encoder: a single ffmpeg AAC encode for the whole timeline, fed the chunks'
// audio (float samples, in timeline order) as it arrives and read back frame by frame — one generation,
// no process per chunk, and no seam at chunk boundaries (the encoder never sees one). The edge: it spawns.
//
// ffmpeg's AAC encoder holds ENCODER_LAG frames: after n whole frames of input, n − ENCODER_LAG frames are
// out (measured with Debian's 5.1 and the bundled 2018 build alike). Its input is read without probing
// (-probesize 32); ffmpeg's -fflags nobuffer would drop a last partial frame, so it is not used. Frame j of an encode decodes to its
// input samples [(j − 1)·1024, j·1024): frame 0 is the priming.
import { PassThrough } from 'node:stream';
import type { Toolchain } from '../binaries/toolchain.js';
import { buildPcmEncodeArgs } from '../ffmpeg/args.js';
import { runTool } from '../ffmpeg/run.js';
import type { Preset } from '../presets/preset.js';
import { type Failure, failure } from '../report/causes.js';
import { AAC_FRAME, ENCODER_LAG } from './timeline.js';

export interface AudioEncoder {
  /**
   * Conversation frames out so far, from frame `firstFrame` on (the frames of the preroll dropped): the
   * array grows as the encoder writes.
   */
  readonly frames: Uint8Array[];
  readonly firstFrame: number;
  /** More timeline samples (interleaved floats), in order. */
  write(samples: Float32Array): void;
  /**
   * Waits until every frame the input so far yields while the input stays open is out — or the encoder
   * wrote nothing for `quietMs`, or `maxMs` passed, or it stopped: a frame not out by then is published
   * later, never lost.
   */
  settle(quietMs: number, maxMs: number): Promise<void>;
  /** Waits until `count` frames are out (from `firstFrame` on), or the encoder ended or stopped. */
  whenFrames(count: number): Promise<void>;
  /** No more input: waits for the last frames (the final one padded). */
  finish(): Promise<Failure | undefined>;
  /** Stops it at once (a conversation closed without ending, an abort). */
  stop(): void;
}

/** How many bytes of the ADTS bytes `bytes` are whole frames, and their payloads (headers stripped). */
export function splitAdts(bytes: Uint8Array): { payloads: Uint8Array[]; used: number } {
  const payloads: Uint8Array[] = [];
  let at = 0;
  while (at + 7 <= bytes.length) {
    const b = bytes.subarray(at, at + 7);
    if (b[0] !== 0xff || ((b[1] as number) & 0xf6) !== 0xf0) throw new Error(`no ADTS sync word at byte ${at} of the audio encoder's output`);
    const length = (((b[3] as number) & 3) << 11) | ((b[4] as number) << 3) | ((b[5] as number) >> 5);
    if (at + length > bytes.length) break;
    const headerSize = ((b[1] as number) & 1) === 1 ? 7 : 9;
    payloads.push(bytes.slice(at + headerSize, at + length));
    at += length;
  }
  return { payloads, used: at };
}

export interface EncoderStart {
  /** The conversation frame the encoder's output is wanted from. */
  firstFrame: number;
  /** Timeline samples before that frame's (from `inputStart`): the encode starts with them, their frames are dropped. */
  preroll: Float32Array;
  /** The timeline sample the preroll starts at (a multiple of 1024, ≥ 0). */
  inputStart: number;
  channels: number;
}

const EMPTY = new Uint8Array(0);

export function startAudioEncoder(toolchain: Toolchain, preset: Preset, start: EncoderStart): AudioEncoder {
  const input = new PassThrough();
  const frames: Uint8Array[] = [];
  /** The conversation frame of the encoder's frame 0. */
  const base = start.inputStart / AAC_FRAME;
  let produced = 0;
  let fedSamples = 0;
  let pending = new Uint8Array(0);
  let broken: string | undefined;
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const waiter of waiters) waiter();
  };
  const stopping = new AbortController();
  const run = runTool(toolchain.ffmpeg.path, buildPcmEncodeArgs(preset, 1), {
    input,
    signal: stopping.signal,
    onStdoutBytes: (chunk) => {
      // (Whole frames mostly come alone: joined with what was left over only when something was.)
      let joined = chunk;
      if (pending.length > 0) {
        joined = new Uint8Array(pending.length + chunk.length);
        joined.set(pending);
        joined.set(chunk, pending.length);
      }
      try {
        const split = splitAdts(joined);
        for (const payload of split.payloads) {
          if (base + produced >= start.firstFrame) frames.push(payload);
          produced++;
        }
        pending = split.used === joined.length ? EMPTY : joined.slice(split.used);
      } catch (error) {
        broken = (error as Error).message;
      }
      wake();
    },
  }).then((result) => {
    wake();
    return result;
  });
  const write = (samples: Float32Array): void => {
    fedSamples += samples.length / start.channels;
    input.write(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
  };
  write(start.preroll);
  let done = false;
  void run.then(() => {
    done = true;
    wake();
  });

  return {
    frames,
    firstFrame: start.firstFrame,
    write,
    settle(quietMs, maxMs) {
      const due = Math.floor(fedSamples / AAC_FRAME) - ENCODER_LAG;
      if (produced >= due || done) return Promise.resolve();
      return new Promise((resolve) => {
        // One quiet timer, pushed back by the time of the encoder's last output when it fires — not
        // re-armed for every frame (a frame comes every few hundred microseconds while it encodes).
        let lastOutput = performance.now();
        let quiet: NodeJS.Timeout | undefined;
        const finish = (): void => {
          clearTimeout(timer);
          clearTimeout(quiet);
          waiters.delete(check);
          resolve();
        };
        const quietCheck = (): void => {
          const left = lastOutput + quietMs - performance.now();
          if (left <= 0) finish();
          else quiet = setTimeout(quietCheck, left);
        };
        const check = (): void => {
          if (produced >= due || done) return finish();
          lastOutput = performance.now();
        };
        const timer = setTimeout(finish, maxMs);
        quiet = setTimeout(quietCheck, quietMs);
        waiters.add(check);
        check();
      });
    },
    whenFrames(count) {
      return new Promise((resolve) => {
        const check = (): void => {
          if (frames.length < count && !done) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
    async finish() {
      input.end();
      const result = await run;
      if (result.aborted) return failure('interrupted', 'interrupted');
      if (broken) return failure('encode-failed', `the conversation's audio encoder wrote something unreadable: ${broken}`);
      if (result.exitCode !== 0) {
        return failure('encode-failed', `the conversation's audio encoder failed: ${result.spawnError ?? result.stderrTail.trim().split('\n').at(-1) ?? `exit ${result.exitCode}`}`);
      }
      return undefined;
    },
    stop() {
      stopping.abort();
      input.destroy();
    },
  };
}
