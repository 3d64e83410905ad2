// `watch --conversations`: each subfolder of a watched folder is one conversation. Its chunks are
// encoded as they complete (in parallel, by the one optimizer) and put on its timeline in the order of
// their numbers (sequencer.ts); a `.end` file in the subfolder (or stopping watch) ends it.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { getErrorMessage } from '../errors.js';
import { type Conversation, createConversation } from '../conversation/conversation.js';
import type { PublishedChunk } from '../conversation/assembler.js';
import { ChunkSequencer, type SequencerDecision } from '../conversation/sequencer.js';
import { clampDelay } from '../limits.js';
import type { Optimizer } from '../optimize/optimizer.js';
import type { FileReport } from '../report/types.js';

/** The file a generator writes (an empty file will do) when a conversation has no more chunks. */
export const END_MARKER = '.end';

export type ConversationWatchEvent =
  | { type: 'published'; conversation: string; input: string | undefined; chunk: PublishedChunk }
  | { type: 'left-out'; conversation: string; input: string; reason: string }
  | { type: 'conversation-ended'; conversation: string; playlist: string; chunks: number };

interface Entry {
  conversation: Conversation;
  sequencer: ChunkSequencer;
  /** Encodes under way or done, by input path. */
  encodes: Map<string, { output: string; report: Promise<FileReport> }>;
  appends: Set<Promise<unknown>>;
  timer: NodeJS.Timeout | undefined;
  /** The end under way (it first waits for chunks still being judged). */
  ended: Promise<void> | undefined;
  /** No chunk is taken any more. */
  closed: boolean;
}

export interface ConversationRouterOptions {
  /** The watched folders (absolute). */
  roots: readonly string[];
  output: string;
  optimizer: Optimizer;
  emit: (event: ConversationWatchEvent) => void;
  warn: (message: string) => void;
  gapTimeoutMs?: number | undefined;
  /** A file in `folder` is still being looked at or settling (its end waits for it). */
  busy: (folder: string) => boolean;
}

export function createConversationRouter(options: ConversationRouterOptions) {
  const entries = new Map<string, Entry>();

  /** The conversation a file belongs to: the subfolder of a watched folder it lies in, if it does. */
  const nameOf = (file: string): string | undefined => {
    const folder = path.dirname(file);
    return options.roots.includes(path.dirname(folder)) ? path.basename(folder) : undefined;
  };

  const entryFor = (folder: string): Entry => {
    let entry = entries.get(folder);
    if (!entry) {
      const name = path.basename(folder);
      const created: Entry = {
        sequencer: new ChunkSequencer(options.gapTimeoutMs),
        encodes: new Map(),
        appends: new Set(),
        timer: undefined,
        ended: undefined,
        closed: false,
        conversation: createConversation({
          preset: options.optimizer.preset,
          toolchain: options.optimizer.toolchain,
          // The chunk's encode started when it completed; the conversation only waits for it.
          optimize: ({ input }) => created.encodes.get(input)?.report as Promise<FileReport>,
        }, name, {
          dir: path.join(options.output, `${name}.hls`),
          onEvent: (event) => {
            if (event.type === 'published') options.emit({ type: 'published', conversation: name, input: event.report?.input, chunk: event.chunk });
            if (event.type === 'left-out') options.emit({ type: 'left-out', conversation: name, input: event.input, reason: event.reason });
            if (event.type === 'ended') options.emit({ type: 'conversation-ended', conversation: name, playlist: event.playlist, chunks: event.chunks });
          },
        }),
      };
      entry = created;
      entries.set(folder, entry);
    }
    return entry;
  };

  const release = (folder: string, entry: Entry, names: readonly string[]): void => {
    for (const name of names) {
      const input = path.join(folder, name);
      const encode = entry.encodes.get(input);
      if (!encode) continue;
      const appended = entry.conversation.append(input, { output: encode.output })
        .catch((error: unknown) => options.warn(`${input}: not added to conversation ${path.basename(folder)}: ${getErrorMessage(error)}`));
      entry.appends.add(appended);
      void appended.finally(() => entry.appends.delete(appended));
    }
  };

  const schedule = (folder: string, entry: Entry): void => {
    clearTimeout(entry.timer);
    const due = entry.sequencer.nextDueMs();
    if (due === undefined) return;
    entry.timer = setTimeout(() => {
      release(folder, entry, entry.sequencer.due(performance.now()));
      schedule(folder, entry);
    }, clampDelay(Math.max(1, due - performance.now())));
  };

  const decide = (folder: string, entry: Entry, decision: SequencerDecision): void => {
    if (decision.kind === 'release') release(folder, entry, decision.names);
    else if (decision.kind === 'refuse') options.emit({ type: 'left-out', conversation: path.basename(folder), input: path.join(folder, decision.name), reason: decision.reason });
    schedule(folder, entry);
  };

  const end = (folder: string, entry: Entry): Promise<void> => {
    clearTimeout(entry.timer);
    entry.ended ??= (async () => {
      // A chunk completed just before the end marker is still being judged: it belongs in.
      for (let waited = 0; options.busy(folder) && waited < 600; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
      entry.closed = true;
      // Chunks still held for a predecessor go on in their order.
      for (let names = entry.sequencer.due(Number.POSITIVE_INFINITY); names.length > 0; names = entry.sequencer.due(Number.POSITIVE_INFINITY)) release(folder, entry, names);
      // Ended now, before the chunks under way are placed: the last of them keeps all its audio.
      const ended = entry.conversation.end();
      await Promise.all([...entry.appends]);
      await ended;
    })().catch((error: unknown) => options.warn(`conversation ${path.basename(folder)}: ${getErrorMessage(error)}`));
    return entry.ended;
  };

  return {
    nameOf,
    outputFor: (file: string): string => path.join(options.output, nameOf(file) as string, `${path.parse(file).name}.mp4`),
    /** A complete chunk is being encoded (`report` settles when it is verified): place it in its conversation. */
    take(file: string, output: string, report: Promise<FileReport>): void {
      const folder = path.dirname(file);
      const entry = entryFor(folder);
      if (entry.closed) return options.emit({ type: 'left-out', conversation: path.basename(folder), input: file, reason: 'the conversation has ended' });
      entry.encodes.set(file, { output, report });
      decide(folder, entry, entry.sequencer.arrive(path.basename(file), performance.now()));
    },
    /** Ends the conversation in `folder` when its end marker is there. */
    async checkEnd(folder: string): Promise<void> {
      if (!(await stat(path.join(folder, END_MARKER)).then(() => true, () => false))) return;
      const entry = entries.get(folder);
      if (entry) await end(folder, entry);
    },
    /** Ends every conversation (watch is stopping). */
    async endAll(): Promise<void> {
      await Promise.all([...entries].map(([folder, entry]) => end(folder, entry)));
    },
  };
}
