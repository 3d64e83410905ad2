// `watch`: a long-running process that optimizes each chunk as soon as it is complete. Files already
// there go first (oldest first), then new ones in order of arrival. Folder events and rescans say where
// to look (folder-watch.ts); the tracker (tracker.ts, pure) decides what a look means; this file does the
// looking, the timers, following growing files (follow.ts), the moves and the events. Every encode goes through the one optimizer,
// its scheduler and its guards.
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError, getErrorMessage } from '../errors.js';
import { realFolder } from '../files/identity.js';
import { guardOutputs } from '../inputs/output-guard.js';
import { clampDelay } from '../limits.js';
import { type Optimizer, type OptimizerOptions, RUN_GUARDED, createOptimizer } from '../optimize/optimizer.js';
import type { InputState } from '../pipeline/input-state.js';
import { type Cause, failure } from '../report/causes.js';
import { blankReport, failedReport } from '../report/file-report.js';
import type { FileReport } from '../report/types.js';
import { type IdentifiedLook, askWriter, lookAt } from './inbox.js';
import { removeLeftovers } from '../files/leftovers.js';
import { type FolderWatch, createFolderWatch } from './folder-watch.js';
import { defaultRules, ignoredName } from './readiness.js';
import { type ConversationWatchEvent, createConversationRouter } from './watch-conversations.js';
import { type Decision, Tracker } from './tracker.js';
import { type Follow, followFile } from './follow.js';
import { PausedWriters } from './paused-writers.js';
import { moveToDoneDir } from './done-dir.js';

export interface WatchOptions extends Omit<OptimizerOptions, 'onEvent' | 'backlog' | 'ensureDir'> {
  /** Output folder (not one of the watched folders). */
  output: string;
  /** How long a complete MP4 written in place must stay unchanged (default 25 ms). */
  settleMs?: number;
  /** A file that stays incomplete and unchanged this long gets a `stale` event (default 60 s). */
  staleMs?: number;
  /** Look at every watched folder this often, for events that were missed (default 2 s; 1 s with poll). */
  rescanMs?: number;
  /** No folder events (NFS, SMB): find files by rescanning only. */
  poll?: boolean;
  /** Process what is there now and stop. */
  once?: boolean;
  /** Move each original here once its output is verified. */
  doneDir?: string;
  /** On stop, let running encodes finish (default: stop them). */
  drain?: boolean;
  /**
   * A streamable file seen growing (Matroska/WebM, MPEG-TS, Y4M, fragmented MP4) is encoded as it is
   * written, and finished when it ends (default true; false with `once`); false waits until it is complete, then encodes it.
   */
  follow?: boolean;
  /**
   * Each subfolder of a watched folder is a conversation: its chunks go on one timeline (CMAF and a live
   * HLS playlist in `<output>/<subfolder>.hls/`), in the order of the numbers in their names.
   */
  conversations?: boolean;
  /** With conversations: how long a chunk waits for a missing predecessor before it goes on without it (default 30 s). */
  gapTimeoutMs?: number;
  /** Stops watching. */
  signal?: AbortSignal;
  cwd?: string;
  onEvent?: (event: WatchEvent) => void;
}

export type WatchEvent =
  | { type: 'watching'; folders: string[]; output: string; staleRemoved: number }
  | { type: 'queued'; input: string; output: string; /** Encoded as it is written. */ following?: true }
  | { type: 'started'; input: string; output: string; threads: number }
  | { type: 'done' | 'failed' | 'skipped'; input: string; output: string | undefined; cause?: Cause; reason?: string; report: FileReport }
  | { type: 'moved'; input: string; to: string }
  /** It failed while its writer was still at work (it changed since it was read): looked at again; not an outcome. */
  | { type: 'retrying'; input: string; cause?: Cause; reason: string }
  | { type: 'stale'; input: string; message: string }
  | { type: 'warning'; message: string }
  | ConversationWatchEvent
  | { type: 'stopped'; ok: number; failed: number; skipped: number; interrupted: boolean };

export interface WatchSummary {
  ok: number;
  failed: number;
  skipped: number;
  interrupted: boolean;
  files: FileReport[];
}

export async function watch(folders: readonly string[], options: WatchOptions): Promise<WatchSummary> {
  const cwd = options.cwd ?? process.cwd();
  if (folders.length === 0) throw new UsageError('no folder to watch');
  const watched = await Promise.all(folders.map(async (folder) => {
    const absolute = path.resolve(cwd, folder);
    if (!(await stat(absolute).catch(() => undefined))?.isDirectory()) throw new UsageError(`${folder}: not a folder`);
    return absolute;
  }));
  const output = path.resolve(cwd, options.output);
  const doneDir = options.doneDir ? path.resolve(cwd, options.doneDir) : undefined;
  const realWatched = await Promise.all(watched.map((folder) => realFolder(folder)));
  for (const [label, dir] of [['-o', output], ['--done-dir', doneDir]] as const) {
    if (dir && realWatched.includes(await realFolder(dir))) throw new UsageError(`${label} ${dir}: must not be a watched folder (its files would be taken as inputs)`);
  }
  await mkdir(output, { recursive: true });
  if (doneDir) await mkdir(doneDir, { recursive: true });

  const emit = (event: WatchEvent): void => options.onEvent?.(event);
  const settleMs = options.settleMs ?? 25;
  const rescanMs = options.rescanMs ?? (options.poll ? 1000 : 2000);
  const optimizer: Optimizer = await createOptimizer({
    ...options,
    onEvent: (event) => {
      if (event.type === 'started') emit({ type: 'started', input: event.input, output: event.output, threads: event.threads });
    },
  });
  const router = options.conversations
    ? createConversationRouter({
      roots: watched, output, optimizer, gapTimeoutMs: options.gapTimeoutMs,
      // Chunks followed as they are written are published in parts: the playlists say so from the start.
      live: options.follow ?? !options.once,
      emit, warn: (message) => emit({ type: 'warning', message }),
      busy: (folder: string): boolean => tracker.settling().some((file: string) => path.dirname(file) === folder) || [...looking.keys()].some((file) => path.dirname(file) === folder),
    })
    : undefined;
  const rules = defaultRules(settleMs);
  const staleMs = options.staleMs ?? 60_000;
  const tracker: Tracker = new Tracker({
    rules,
    staleMs,
    moveDone: doneDir !== undefined,
    // --once takes what is there now: a file still being written is waited for (a bounded time), not followed to its end.
    follow: options.follow ?? !options.once,
    outputFor: (file: string): string => (router?.nameOf(file) ? router.outputFor(file) : path.join(output, `${path.parse(file).name}.mp4`)),
  });
  const summary: WatchSummary = { ok: 0, failed: 0, skipped: 0, interrupted: false, files: [] };
  const underWay = new Set<Promise<void>>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** Paths whose timer only waits to call them stale (--once does not wait for those). */
  const staleTimers = new Set<string>();
  let stopped = false;

  const record = (report: FileReport): void => {
    summary.files.push(report);
    summary[report.status === 'ok' ? 'ok' : report.status]++;
    const type = report.status === 'ok' ? 'done' : report.status;
    emit({ type, input: report.input, output: report.output, ...(report.cause ? { cause: report.cause } : {}), ...(report.reason ? { reason: report.reason } : {}), report });
  };

  /** Moves a verified original to --done-dir, only if it is still the very file that was encoded. */
  const move = async (file: string, encoded: InputState | undefined): Promise<void> => {
    const moved = await moveToDoneDir(file, doneDir as string, encoded);
    if (!moved.ok) return emit({ type: 'warning', message: `${file}: not moved to --done-dir: ${moved.reason}` });
    tracker.moved(file);
    emit({ type: 'moved', input: file, to: moved.to });
  };

  /** Files followed as they are written: woken by their folder events. */
  const following = new Map<string, Follow>();
  const stopping = new AbortController();

  // A file that stops in the middle of its data gets no verdict while its writer may only have paused.
  const paused = new PausedWriters(staleMs, (file, report) => {
    record(report);
    router?.settle(file, report);
    emit({ type: 'stale', input: file, message: `${file}: stopped growing in the middle of its data (an abandoned write?); its output was discarded` });
  });

  const take = (file: string, target: string, follow: IdentifiedLook | undefined): void => {
    paused.release(file);
    emit({ type: 'queued', input: file, output: target, ...(follow ? { following: true as const } : {}) });
    const follower = follow ? followFile(file, follow, { rules, signal: stopping.signal }) : undefined;
    if (follower) following.set(file, follower);
    // In a conversation, the chunk takes its place in the order now (so that an end marker that follows
    // it waits for it), and is placed once its final outcome is known — or, followed, published in parts
    // from its encode's taps.
    const tap = router?.nameOf(file) ? router.take(file, target, follower !== undefined) : undefined;
    const encoded = guardOutputs([{ input: { path: file, root: path.dirname(file) }, output: target, conflict: undefined }])
      .then(({ assignments: [assignment] }) => optimizer[RUN_GUARDED](assignment!, { stream: follower?.bytes, ...(tap ? { onPcm: tap.onPcm, live: tap.live } : {}) }))
      .finally(() => {
        if (following.get(file) === follower) following.delete(file);
      });
    if (tap) router?.attempt(file, encoded.then(({ report }) => report));
    const work = (async () => {
      const { report, inputState: readState } = await encoded;
      const ended = follower ? await follower.whenEnded() : undefined;
      const inputState = follower ? ended?.state : readState;
      // A failure on a file that changed since it was read is no verdict on it (its writer was still at
      // work): it is looked at again, and only its final outcome counts.
      const now = await lookAt(file);
      const retry = report.status === 'failed' && report.cause !== 'interrupted' && !stopped && tracker.changedSinceTaken(file, now, ended?.look);
      // A file that ends in the middle of its data (followed or read whole) may only have a paused writer.
      const pause = !retry && !stopped && !options.once && report.cause === 'incomplete';
      if (retry || pause) {
        router?.retrying(file);
        emit({ type: 'retrying', input: file, ...(report.cause ? { cause: report.cause } : {}), reason: pause
          ? `stopped growing in the middle of its data: taken again if it grows within ${Math.round(staleMs / 1000)} s, else failed`
          : `it changed while it was read (${report.reason ?? 'failed'})` });
        if (pause) paused.hold(file, report);
      } else {
        record(report);
        router?.settle(file, report);
      }
      const decisions = tracker.finished(file, report, now, ended?.look);
      for (const decision of decisions) {
        if (decision.kind === 'move') await move(file, inputState);
        else apply(decision);
      }
    })().catch((error: unknown) => emit({ type: 'warning', message: `${file}: ${getErrorMessage(error)}` }));
    underWay.add(work);
    void work.finally(() => underWay.delete(work));
  };

  function apply(decision: Decision): void {
    if (stopped) return;
    const { path: file } = decision;
    switch (decision.kind) {
      case 'take':
        clearTimeout(timers.get(file));
        timers.delete(file);
        return take(file, decision.output, decision.follow);
      case 'recheck': {
        clearTimeout(timers.get(file));
        if (decision.stale) staleTimers.add(file);
        else staleTimers.delete(file);
        timers.set(file, setTimeout(() => {
          timers.delete(file);
          staleTimers.delete(file);
          void consider(file);
        }, clampDelay(Math.max(1, decision.inMs))));
        return;
      }
      case 'collision':
        return record(failedReport(file, failure('collision', `output ${decision.output} is already the output of ${decision.owner}; rename one of them`), decision.output));
      case 'stale':
        return emit({ type: 'stale', input: file, message: `${file}: still incomplete after ${Math.round(decision.sinceMs / 1000)} s without a change (an abandoned write?)` });
      case 'move':
        return; // handled where the encode's result is known
    }
  }

  // One look per path at a time: a look asked for while one runs is taken once, after it.
  const looking = new Map<string, boolean>();
  const consider = async (file: string): Promise<void> => {
    if (stopped || ignoredName(path.basename(file))) return;
    const follower = following.get(file);
    if (follower) return follower.wake();
    if (looking.has(file)) {
      looking.set(file, true);
      return;
    }
    looking.set(file, false);
    try {
      do {
        looking.set(file, false);
        let look = await lookAt(file);
        // Still long enough to be taken: is its writer done with it, or only paused?
        if (look && tracker.decidedByStillness(file, look)) look = await askWriter(file, look);
        if (stopped) return;
        for (const decision of tracker.observe(file, look)) apply(decision);
      } while (looking.get(file));
    } finally {
      looking.delete(file);
    }
  };

  const folderWatch: FolderWatch = createFolderWatch({
    folders: watched, events: !options.once && !options.poll, rescanMs, consider,
    checkEnd: router ? (subfolder) => router.checkEnd(subfolder) : undefined,
    warn: (message) => emit({ type: 'warning', message }),
  });

  const staleRemoved = await removeLeftovers(output);
  emit({ type: 'watching', folders: watched, output, staleRemoved });
  folderWatch.listen();
  await folderWatch.scan();

  if (options.once) {
    // Files still settling get their remaining looks (a bounded number); then what is taken is finished.
    for (let round = 0; round < 1200 && tracker.settling().some((file) => looking.has(file) || (timers.has(file) && !staleTimers.has(file))); round++) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(settleMs, 25)));
    }
    for (const timer of timers.values()) clearTimeout(timer);
    await Promise.all([...underWay]);
    paused.giveUpAll();
    await router?.endAll();
    for (const file of tracker.settling()) {
      record({ ...blankReport(file, undefined), status: 'skipped', cause: 'incomplete', reason: 'not complete (still being written?)' });
    }
    stopped = true;
    await optimizer.close();
    emit({ type: 'stopped', ok: summary.ok, failed: summary.failed, skipped: summary.skipped, interrupted: false });
    return summary;
  }

  folderWatch.rescanEvery();
  await new Promise<void>((resolve) => {
    if (options.signal?.aborted) resolve();
    options.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  stopped = true;
  summary.interrupted = true;
  if (!options.drain) stopping.abort();
  folderWatch.close();
  for (const timer of timers.values()) clearTimeout(timer);
  await optimizer.close({ abort: !options.drain });
  await Promise.all([...underWay]);
  paused.giveUpAll();
  await router?.endAll();
  emit({ type: 'stopped', ok: summary.ok, failed: summary.failed, skipped: summary.skipped, interrupted: true });
  return summary;
}
