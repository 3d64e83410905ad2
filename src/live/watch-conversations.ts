// `watch --conversations`: each subfolder of a watched folder is one conversation. Its chunks are
// encoded as they complete (in parallel, by the one optimizer) and put on its timeline in the order of
// their numbers (sequencer.ts); a `.end` file in the subfolder (or stopping watch) ends it. A chunk
// that is retried (its file changed after a failed look) keeps its place: the conversation waits for its
// final outcome, and every chunk ends published or left out.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { getErrorMessage } from '../errors.js';
import { type Conversation, type ConversationEvent, type LeftOutCause, type LiveTap, conversationNameProblem, createConversation } from '../conversation/conversation.js';
import type { PublishedChunk } from '../conversation/assembler.js';
import { ChunkSequencer, chunkNumber, type SequencerDecision } from '../conversation/sequencer.js';
import { clampDelay } from '../limits.js';
import type { Optimizer } from '../optimize/optimizer.js';
import { blankReport } from '../report/file-report.js';
import type { FileReport } from '../report/types.js';

/** The file a generator writes (an empty file will do) when a conversation has no more chunks. */
export const END_MARKER = '.end';
/** A conversation's output folder is `<output>/<name>.hls`: no subfolder of an inbox may be named so. */
export const CONVERSATION_SUFFIX = '.hls';

export type ConversationWatchEvent =
  | { type: 'published'; conversation: string; input: string | undefined; chunk: PublishedChunk; /** The chunk's file relative to the output folder, URL-encoded: what a backend forwards. */ url: string; resumed?: true }
  | { type: 'left-out'; conversation: string; input: string; cause: LeftOutCause; reason: string }
  /** A part of a chunk followed as it is written (as the conversation's `part` event): forward `url`, `range` and `continues` to `player.enqueue`. */
  | Extract<ConversationEvent, { type: 'part' }>
  | { type: 'conversation-ended'; conversation: string; playlist: string; chunks: number };

/** Why a subfolder of a watched folder cannot be a conversation, or undefined. */
export function conversationFolderProblem(name: string): string | undefined {
  const problem = conversationNameProblem(name);
  if (problem) return `its name cannot be a conversation's: ${problem}`;
  if (name.toLowerCase().endsWith(CONVERSATION_SUFFIX)) return `names ending in ${CONVERSATION_SUFFIX} are reserved for conversations' output folders`;
  return undefined;
}

interface Pending {
  output: string;
  /** Settles with the chunk's final report: a retry keeps it pending. */
  report: Promise<FileReport>;
  settle: (report: FileReport) => void;
  settled: boolean;
  /** Its last attempt failed while it was still being written: it waits to be taken again. */
  retrying: boolean;
  /** Followed as it is written: its first encode's taps (its parts are published from them) and report. */
  tap?: LiveTap | undefined;
  attempt?: Promise<FileReport> | undefined;
}

interface Entry {
  conversation: Conversation;
  sequencer: ChunkSequencer;
  /** Chunks taken, by input path, until their final outcome. */
  chunks: Map<string, Pending>;
  appends: Set<Promise<unknown>>;
  timer: NodeJS.Timeout | undefined;
  /** The end under way (it first waits for chunks still being judged). */
  ended: Promise<void> | undefined;
  /** No chunk is taken any more. */
  closed: boolean;
  /** Arrivals wait for the conversation's log to be read. */
  queue: Promise<void>;
}

export interface ConversationRouterOptions {
  /** The watched folders (absolute). */
  roots: readonly string[];
  output: string;
  optimizer: Optimizer;
  emit: (event: ConversationWatchEvent) => void;
  warn: (message: string) => void;
  gapTimeoutMs?: number | undefined;
  /** Chunks may be followed as they are written (published in parts): playlists announce parts from the start. */
  live?: boolean | undefined;
  /** A file in `folder` is still being looked at or settling (its end waits for it). */
  busy: (folder: string) => boolean;
}

export function createConversationRouter(options: ConversationRouterOptions) {
  const entries = new Map<string, Entry>();

  /** The conversation a file belongs to: the subfolder of a watched folder it lies in, if it can be one. */
  const nameOf = (file: string): string | undefined => {
    const folder = path.dirname(file);
    if (!options.roots.includes(path.dirname(folder))) return undefined;
    const name = path.basename(folder);
    return conversationFolderProblem(name) ? undefined : name;
  };

  const entryFor = (folder: string): Entry => {
    let entry = entries.get(folder);
    if (entry) return entry;
    const name = path.basename(folder);
    const created: Entry = {
      sequencer: new ChunkSequencer(options.gapTimeoutMs),
      chunks: new Map(),
      appends: new Set(),
      timer: undefined,
      ended: undefined,
      closed: false,
      queue: Promise.resolve(),
      conversation: createConversation({
        preset: options.optimizer.preset,
        toolchain: options.optimizer.toolchain,
        // The chunk's encode started when it completed; the conversation waits for its final outcome.
        optimize: ({ input }) => created.chunks.get(input)?.report as Promise<FileReport>,
        chunkDuration: options.optimizer.chunkDuration,
      }, name, {
        dir: path.join(options.output, `${name}${CONVERSATION_SUFFIX}`),
        live: options.live,
        onEvent: (event) => {
          if (event.type === 'published') {
            options.emit({ type: 'published', conversation: name, input: event.report?.input, chunk: event.chunk, url: event.url, ...(event.resumed ? { resumed: true as const } : {}) });
          }
          if (event.type === 'part') options.emit({ ...event, conversation: name });
          if (event.type === 'left-out') options.emit({ type: 'left-out', conversation: name, input: event.input, cause: event.cause, reason: event.reason });
          if (event.type === 'ended') options.emit({ type: 'conversation-ended', conversation: name, playlist: event.playlist, chunks: event.chunks });
        },
      }),
    };
    // Chunks placed by an earlier run come before any chunk taken now.
    created.queue = created.conversation.ready.then(
      () => created.sequencer.resumeAfter(created.conversation.lastNumber),
      (error: unknown) => options.warn(`${folder}: ${getErrorMessage(error)}; its chunks are left out`),
    );
    entries.set(folder, created);
    return created;
  };

  const release = (folder: string, entry: Entry, names: readonly string[]): void => {
    for (const name of names) {
      const input = path.join(folder, name);
      const pending = entry.chunks.get(input);
      if (!pending) continue;
      const number = chunkNumber(name);
      const call = { output: pending.output, ...(number === undefined ? {} : { number }) };
      // A chunk followed as it is written is published in parts from its encode's taps.
      const appended = (pending.tap && pending.attempt
        ? entry.conversation.appendLive(pending.tap, { ...call, input, attempt: pending.attempt, report: pending.report })
        : entry.conversation.append(input, call))
        .catch((error: unknown) => leaveOut(folder, input, 'ended', getErrorMessage(error)));
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

  const leaveOut = (folder: string, input: string, cause: LeftOutCause, reason: string): void => {
    options.emit({ type: 'left-out', conversation: path.basename(folder), input, cause, reason });
  };

  const decide = (folder: string, entry: Entry, decision: SequencerDecision): void => {
    if (decision.kind === 'release') release(folder, entry, decision.names);
    else if (decision.kind === 'refuse') leaveOut(folder, path.join(folder, decision.name), decision.cause, decision.reason);
    schedule(folder, entry);
  };

  /** Chunks waiting to be taken again (still being written when the conversation ended): left out, not lost. */
  const settleUnfinished = (entry: Entry): void => {
    for (const [input, pending] of entry.chunks) {
      if (!pending.settled && pending.retrying) pending.settle({ ...blankReport(input, pending.output), status: 'skipped', cause: 'incomplete', reason: 'still being written when the conversation ended' });
    }
  };

  const end = (folder: string, entry: Entry): Promise<void> => {
    clearTimeout(entry.timer);
    entry.ended ??= (async () => {
      await entry.queue;
      // A chunk completed just before the end marker is still being judged: it belongs in.
      for (let waited = 0; options.busy(folder) && waited < 600; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
      entry.closed = true;
      // Chunks taken meanwhile have their places first (a chunk taken from now on is left out).
      await entry.queue;
      // Chunks still held for a predecessor go on in their order.
      for (let names = entry.sequencer.due(Number.POSITIVE_INFINITY); names.length > 0; names = entry.sequencer.due(Number.POSITIVE_INFINITY)) release(folder, entry, names);
      settleUnfinished(entry);
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
    /**
     * A complete (or followed) chunk is being encoded: it takes its place in its conversation's order now,
     * and is placed once `settle` gives its final report. Taking a chunk again (a retry) keeps its place.
     * A chunk `followed` as it is written (its first attempt) gets taps for its encode: its parts are
     * published from them (pass the encode's report to `attempt`).
     */
    take(file: string, output: string, followed = false): LiveTap | undefined {
      const folder = path.dirname(file);
      const entry = entryFor(folder);
      const known = entry.chunks.get(file);
      if (known && !known.settled) {
        known.retrying = false;
        return undefined;
      }
      if (entry.closed) {
        leaveOut(folder, file, 'ended', 'the conversation has ended');
        return undefined;
      }
      let settle: (report: FileReport) => void = () => undefined;
      const report = new Promise<FileReport>((resolve) => { settle = resolve; });
      // (The first chunk taken of a conversation with none yet gets a keyframe of its own after its first segment.)
      const tap = followed ? entry.conversation.tapLive({ keyframe: entry.chunks.size === 0 && entry.conversation.chunks === 0 }) : undefined;
      const pending: Pending = { output, report, settled: false, retrying: false, settle: (value) => { pending.settled = true; settle(value); }, tap };
      entry.chunks.set(file, pending);
      entry.queue = entry.queue.then(() => {
        // Already on the timeline (an earlier run placed it): the conversation recognises it.
        if (entry.conversation.placed(path.basename(file))) return release(folder, entry, [path.basename(file)]);
        decide(folder, entry, entry.sequencer.arrive(path.basename(file), performance.now()));
      });
      return tap;
    },
    /** The tapped encode of a followed chunk: its taps end with it. */
    attempt(file: string, report: Promise<FileReport>): void {
      const pending = entries.get(path.dirname(file))?.chunks.get(file);
      if (!pending?.tap || pending.attempt) return;
      const { tap } = pending;
      pending.attempt = report;
      void report.finally(() => tap.end()).catch(() => undefined);
    },
    /** The chunk failed while it was still being written: it keeps its place until it is taken again. */
    retrying(file: string): void {
      const pending = entries.get(path.dirname(file))?.chunks.get(file);
      if (pending && !pending.settled) pending.retrying = true;
    },
    /** The chunk's final report (no retry follows). */
    settle(file: string, report: FileReport): void {
      const pending = entries.get(path.dirname(file))?.chunks.get(file);
      if (pending && !pending.settled) pending.settle(report);
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
