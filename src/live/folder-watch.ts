// Where watch looks: the watched folders' events (fs.watch) name the paths that changed, and a periodic
// rescan lists every candidate for events that were missed (inotify limits, network mounts; `--poll` has
// rescans only). With conversations, each subfolder is watched and scanned too, and its end marker is
// passed on. What a look at a path means is not decided here (watch.ts, tracker.ts).
import { type FSWatcher, watch as watchFolder } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { getErrorMessage } from '../errors.js';
import { clampDelay } from '../limits.js';
import { listCandidates } from './inbox.js';
import { END_MARKER, conversationFolderProblem } from './watch-conversations.js';

export interface FolderWatchOptions {
  folders: readonly string[];
  /** Folder events from the kernel (false: rescans only). */
  events: boolean;
  rescanMs: number;
  /** Look at this path (a file, or a name that may be one). */
  consider: (file: string) => Promise<void>;
  /** With conversations: a subfolder may have ended (its end marker appeared, or it was scanned). */
  checkEnd?: ((subfolder: string) => Promise<void>) | undefined;
  warn: (message: string) => void;
}

export interface FolderWatch {
  /** Looks at every candidate in the folders (and conversation subfolders) now. */
  scan(): Promise<void>;
  /** Starts the watched folders' events (before the first scan, so that nothing written meanwhile is missed). */
  listen(): void;
  /** Starts the periodic rescans (after the first scan). */
  rescanEvery(): void;
  close(): void;
}

export function createFolderWatch(options: FolderWatchOptions): FolderWatch {
  const { consider, checkEnd, warn, rescanMs } = options;
  const watchers: FSWatcher[] = [];
  const watchedSubfolders = new Set<string>();
  const refusedSubfolders = new Set<string>();
  let rescan: NodeJS.Timeout | undefined;

  const listen = (folder: string, onName: (name: string) => void): void => {
    if (!options.events) return;
    try {
      const watcher = watchFolder(folder, { persistent: true }, (_event, name) => {
        if (!name) return void scan();
        onName(name.toString());
      });
      watcher.on('error', (error) => warn(`${folder}: folder events stopped (${getErrorMessage(error)}); rescanning every ${rescanMs} ms`));
      watchers.push(watcher);
    } catch (error) {
      warn(`${folder}: no folder events (${getErrorMessage(error)}); rescanning every ${rescanMs} ms`);
    }
  };

  /** With conversations: each subfolder (a conversation) is watched and scanned too. */
  const scanConversations = async (folder: string): Promise<void> => {
    if (!checkEnd) return;
    const subfolders = (await readdir(folder, { withFileTypes: true }).catch(() => []))
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => path.join(folder, entry.name));
    for (const sub of subfolders) {
      // A subfolder that cannot be a conversation is refused, once, and every other goes on.
      const problem = conversationFolderProblem(path.basename(sub));
      if (problem) {
        if (!refusedSubfolders.has(sub)) {
          refusedSubfolders.add(sub);
          warn(`${sub}: not a conversation (${problem}); its files are not taken`);
        }
        continue;
      }
      if (!watchedSubfolders.has(sub)) {
        watchedSubfolders.add(sub);
        listen(sub, (name) => (name === END_MARKER ? void checkEnd(sub) : void consider(path.join(sub, name))));
      }
      for (const file of await listCandidates(sub)) await consider(file);
      void checkEnd(sub);
    }
  };

  const scan = async (): Promise<void> => {
    for (const folder of options.folders) {
      for (const file of await listCandidates(folder)) await consider(file);
      await scanConversations(folder);
    }
  };

  return {
    scan,
    listen() {
      for (const folder of options.folders) {
        listen(folder, (name) => {
          const file = path.join(folder, name);
          // A new subfolder is a new conversation: scanned (and watched) at once.
          if (checkEnd) void stat(file).then((info) => (info.isDirectory() ? scanConversations(folder) : consider(file)), () => consider(file));
          else void consider(file);
        });
      }
    },
    rescanEvery() {
      rescan = setInterval(() => void scan(), clampDelay(rescanMs));
    },
    close() {
      clearInterval(rescan);
      for (const watcher of watchers) watcher.close();
    },
  };
}
