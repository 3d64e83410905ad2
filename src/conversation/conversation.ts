// A conversation: chunks handed in order, encoded in parallel by the optimizer's one scheduler, then
// put on one timeline one after another (each waits for its predecessor), with a live HLS playlist.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { Toolchain } from '../binaries/toolchain.js';
import type { Preset } from '../presets/preset.js';
import { failure } from '../report/causes.js';
import type { FileReport } from '../report/types.js';
import { PLAYLIST_NAME, type PublishedChunk, createAssembler } from './assembler.js';

export interface ConversationChunkReport {
  /** The progressive output's report (as for any optimized file). */
  report: FileReport;
  /** Where the chunk landed on the conversation's timeline; undefined when it could not be added. */
  published: PublishedChunk | undefined;
  /** Why it was not added, when it was not. */
  reason: string | undefined;
}

export type ConversationEvent =
  /** A chunk is on the timeline (`report` undefined: the closing audio of a conversation ended late). */
  | { type: 'published'; conversation: string; chunk: PublishedChunk; report: FileReport | undefined }
  | { type: 'left-out'; conversation: string; input: string; reason: string; report: FileReport }
  | { type: 'ended'; conversation: string; playlist: string; chunks: number };

export interface ConversationOptions {
  /** The folder for the conversation's playlist and CMAF files (absolute, or relative to the working folder). */
  dir: string;
  onEvent?: ((event: ConversationEvent) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface AppendOptions {
  /** The chunk's progressive MP4 (absolute, or relative to the working folder). */
  output: string;
  signal?: AbortSignal | undefined;
  /** It is the conversation's last chunk: the conversation ends with it (its audio keeps its final frames). */
  last?: boolean | undefined;
}

export interface Conversation {
  readonly name: string;
  /** The live playlist (EVENT; ENDLIST once ended). */
  readonly playlist: string;
  /**
   * The next chunk: encoded (in parallel with others) to `output`, then added to the timeline after the
   * chunks appended before it. Resolves once it is on the timeline (or left out, with the reason).
   */
  append(input: string, options: AppendOptions): Promise<ConversationChunkReport>;
  /** No more chunks: waits for those under way, then ends the playlist. */
  end(): Promise<{ chunks: number; playlist: string }>;
  /** Chunks on the timeline so far. */
  readonly chunks: number;
}

/** What a conversation needs of an optimizer. */
export interface ConversationHost {
  readonly preset: Preset;
  readonly toolchain: Toolchain;
  optimize(request: { input: string; output: string; signal?: AbortSignal | undefined }): Promise<FileReport>;
}

/** A conversation name becomes a folder name: one plain path segment. */
export function checkConversationName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200 || name === '.' || name === '..' || /[/\\\0-\x1f\x7f]/.test(name)) {
    throw new UsageError(`a conversation name must be one plain folder name (got ${JSON.stringify(name)})`);
  }
}

export function createConversation(host: ConversationHost, name: string, options: ConversationOptions): Conversation {
  checkConversationName(name);
  const dir = path.resolve(options.dir);
  const emit = (event: ConversationEvent): void => options.onEvent?.(event);
  const assembler = createAssembler({ dir, toolchain: host.toolchain, preset: host.preset, signal: options.signal });
  const ready = mkdir(dir, { recursive: true });
  let appended = 0;
  let endRequested = false;
  let chain: Promise<unknown> = ready;

  function append(input: string, call: AppendOptions): Promise<ConversationChunkReport> {
    if (endRequested) return Promise.reject(new UsageError(`conversation ${name} has ended`));
    const position = appended++;
    if (call.last) endRequested = true;
    const encoded = host.optimize({ input, output: call.output, signal: call.signal ?? options.signal });
    const result = chain.then(async (): Promise<ConversationChunkReport> => {
      const report = await encoded;
      const leftOut = (reason: string): ConversationChunkReport => {
        emit({ type: 'left-out', conversation: name, input: report.input, reason, report });
        return { report, published: undefined, reason };
      };
      // A re-run finds the chunk's output already made: it still belongs on the timeline.
      const usable = report.status === 'ok' || (report.status === 'skipped' && report.cause === 'exists');
      if (!usable || !report.output) return leftOut(report.reason ?? 'it was not optimized');
      const last = endRequested && position === appended - 1;
      const added = await assembler.add(path.resolve(report.output), last, report.targetDurationSec).catch((error: unknown) => failure('write-error', error instanceof Error ? error.message : String(error)));
      if ('cause' in added) return leftOut(added.reason);
      emit({ type: 'published', conversation: name, chunk: added, report });
      return { report, published: added, reason: undefined };
    });
    chain = result.catch(() => undefined);
    return result;
  }

  return {
    name,
    playlist: path.join(dir, PLAYLIST_NAME),
    get chunks() {
      return assembler.chunks;
    },
    append,
    async end() {
      endRequested = true;
      // (A chunk already on the timeline when end() comes keeps its audio up to the frame grid: ≤ 128 ms
      // at 24 kHz may be missing at the very end. Pass `last` with the final chunk, or call end() early.)
      await chain;
      await ready;
      const tail = await assembler.end();
      if (tail) emit({ type: 'published', conversation: name, chunk: tail, report: undefined });
      emit({ type: 'ended', conversation: name, playlist: path.join(dir, PLAYLIST_NAME), chunks: assembler.chunks });
      return { chunks: assembler.chunks, playlist: path.join(dir, PLAYLIST_NAME) };
    },
  };
}
