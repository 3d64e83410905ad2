// `watch`: a long-running process that optimizes each chunk as soon as it is complete. Files already
// there go first (oldest first), then new ones in order of arrival. Folder events (fs.watch) say where
// to look; a periodic rescan catches what events miss; readiness.ts says when a file is complete. Every
// encode goes through the one optimizer and its scheduler.
import { type FSWatcher, watch as watchFolder } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError, getErrorMessage } from '../errors.js';
import { realFolder } from '../files/identity.js';
import { clampDelay } from '../limits.js';
import { type Optimizer, type OptimizerOptions, createOptimizer } from '../optimize/optimizer.js';
import { blankReport } from '../report/file-report.js';
import type { FileReport } from '../report/types.js';
import { listCandidates, lookAt, removeStaleTemporaries } from './inbox.js';
import { type Look, ignoredName, judgeReadiness } from './readiness.js';

export interface WatchOptions extends Omit<OptimizerOptions, 'onEvent' | 'backlog' | 'ensureDir'> {
  /** Output folder (not one of the watched folders). */
  output: string;
  /** How long a file written in place must stay unchanged once complete (default 25 ms). */
  settleMs?: number;
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
  /** Stops watching. */
  signal?: AbortSignal;
  cwd?: string;
  onEvent?: (event: WatchEvent) => void;
}

export type WatchEvent =
  | { type: 'watching'; folders: string[]; output: string; staleRemoved: number }
  | { type: 'queued'; input: string; output: string }
  | { type: 'started'; input: string; output: string; threads: number }
  | { type: 'done' | 'failed' | 'skipped'; input: string; output: string | undefined; reason?: string; report: FileReport }
  | { type: 'moved'; input: string; to: string }
  | { type: 'warning'; message: string };

export interface WatchSummary {
  ok: number;
  failed: number;
  skipped: number;
  interrupted: boolean;
  files: FileReport[];
}

interface Tracked {
  looks: Look[];
  /** watching → taken (handed to the optimizer) → finished; a finished file that changes is watched again. */
  state: 'watching' | 'taken' | 'finished';
  timer?: NodeJS.Timeout;
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
  const summary: WatchSummary = { ok: 0, failed: 0, skipped: 0, interrupted: false, files: [] };
  const tracked = new Map<string, Tracked>();
  const underWay = new Set<Promise<void>>();
  let stopped = false;

  const outputFor = (file: string): string => path.join(output, `${path.parse(file).name}.mp4`);

  const finish = async (file: string, report: FileReport): Promise<void> => {
    const entry = tracked.get(file);
    if (entry) entry.state = 'finished';
    summary.files.push(report);
    const type = report.status === 'ok' ? 'done' : report.status;
    summary[report.status === 'ok' ? 'ok' : report.status]++;
    emit({ type, input: file, output: report.output, ...(report.reason ? { reason: report.reason } : {}), report });
    const verified = report.status === 'ok' || (report.status === 'skipped' && report.reason?.startsWith('output exists'));
    if (doneDir && verified) {
      const to = path.join(doneDir, path.basename(file));
      try {
        if (await stat(to).then(() => true, () => false)) throw new Error(`${to} exists`);
        await rename(file, to);
        tracked.delete(file);
        emit({ type: 'moved', input: file, to });
      } catch (error) {
        emit({ type: 'warning', message: `${file}: not moved to --done-dir: ${getErrorMessage(error)}` });
      }
    }
  };

  const take = (file: string): void => {
    const entry = tracked.get(file);
    if (!entry || entry.state === 'taken' || stopped) return;
    entry.state = 'taken';
    const target = outputFor(file);
    emit({ type: 'queued', input: file, output: target });
    const work = optimizer.optimizeAssigned(file, target, undefined).then((report) => finish(file, report));
    underWay.add(work);
    void work.finally(() => underWay.delete(work));
  };

  /** Looks at a file again and takes it, waits for it or leaves it until the next event or rescan. */
  const consider = async (file: string): Promise<void> => {
    if (stopped || ignoredName(path.basename(file))) return;
    let entry = tracked.get(file);
    if (entry?.state === 'taken') return;
    const look = await lookAt(file);
    if (!look) {
      tracked.delete(file); // gone (renamed away, deleted)
      return;
    }
    if (entry?.state === 'finished') {
      const last = entry.looks.at(-1);
      if (last && last.size === look.size && last.mtimeMs === look.mtimeMs) return;
      // Written again under the same name: watched as a file written in place.
      entry = { looks: [{ ...look, complete: false }], state: 'watching' };
      tracked.set(file, entry);
    }
    if (!entry) tracked.set(file, entry = { looks: [], state: 'watching' });
    entry.looks = [...entry.looks.slice(-7), look];
    const readiness = judgeReadiness(entry.looks, settleMs);
    clearTimeout(entry.timer);
    if (readiness.kind === 'ready') take(file);
    else if (readiness.kind === 'wait') {
      entry.timer = setTimeout(() => void consider(file), clampDelay(readiness.recheckInMs));
    }
  };

  // A file found at start counts as first seen: complete ones are taken at once.
  const scan = async (): Promise<void> => {
    for (const folder of watched) {
      for (const file of await listCandidates(folder)) await consider(file);
    }
  };

  const staleRemoved = await removeStaleTemporaries(output);
  emit({ type: 'watching', folders: watched, output, staleRemoved });
  const watchers: FSWatcher[] = [];
  const events = new Set<string>();
  if (!options.once && !options.poll) {
    for (const folder of watched) {
      try {
        const watcher = watchFolder(folder, { persistent: true }, (_event, name) => {
          if (!name) return void scan();
          const file = path.join(folder, name.toString());
          // Events come in bursts while a file is written: look once per burst and tick.
          if (events.has(file)) return;
          events.add(file);
          setImmediate(() => {
            events.delete(file);
            void consider(file);
          });
        });
        watcher.on('error', (error) => emit({ type: 'warning', message: `${folder}: folder events stopped (${getErrorMessage(error)}); rescanning every ${rescanMs} ms` }));
        watchers.push(watcher);
      } catch (error) {
        emit({ type: 'warning', message: `${folder}: no folder events (${getErrorMessage(error)}); rescanning every ${rescanMs} ms` });
      }
    }
  }
  await scan();

  if (options.once) {
    // Files still settling get their remaining looks; then everything taken is finished.
    while ([...tracked.values()].some((entry) => entry.state === 'watching' && entry.timer !== undefined && entry.looks.length < 64)) {
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      await scan();
    }
    for (const [file, entry] of tracked) {
      if (entry.state === 'watching') {
        clearTimeout(entry.timer);
        const report: FileReport = { ...blankReport(file, undefined), status: 'skipped', reason: 'not complete (still being written?)' };
        summary.skipped++;
        summary.files.push(report);
        emit({ type: 'skipped', input: file, output: undefined, reason: report.reason, report });
      }
    }
    await Promise.all([...underWay]);
    await optimizer.close();
    return summary;
  }

  const rescan = setInterval(() => void scan(), clampDelay(rescanMs));
  await new Promise<void>((resolve) => {
    if (options.signal?.aborted) resolve();
    options.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  stopped = true;
  summary.interrupted = true;
  clearInterval(rescan);
  for (const watcher of watchers) watcher.close();
  for (const entry of tracked.values()) clearTimeout(entry.timer);
  await optimizer.close({ abort: !options.drain });
  await Promise.all([...underWay]);
  return summary;
}
