// A conversation's log on disk (log.ts is its format): read whole, a torn last line cut off; appended
// through one handle while a process owns the conversation, each line flushed before it counts.
import { type FileHandle, open, readFile, truncate } from 'node:fs/promises';
import { type Failure, failure } from '../report/causes.js';
import { LOG_NAME, type LogEntry, formatEntry, parseLog } from './log.js';

/** What the log says, a torn last line cut off; undefined when there is no log. */
export async function readLog(file: string): Promise<{ entries: LogEntry[] } | Failure | undefined> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : error));
  if (text === undefined) return undefined;
  if (text instanceof Error) return failure('unreadable', `its log ${LOG_NAME} could not be read (${text.message})`);
  const parsed = parseLog(text);
  if (!parsed.ok) return failure('bad-input', `its log ${LOG_NAME} is damaged (${parsed.reason}); --force replaces the conversation`);
  if (parsed.validBytes < Buffer.byteLength(text)) await truncate(file, parsed.validBytes);
  return { entries: parsed.entries };
}

/**
 * The log, held open for appending while this process owns the conversation (opened on the first line):
 * each line is flushed before append() returns — once it does, the entry survives a crash.
 */
export function logAppender(file: string): { append: (entry: LogEntry) => Promise<void>; close: () => Promise<void> } {
  let handle: Promise<FileHandle> | undefined;
  return {
    async append(entry) {
      const log = await (handle ??= open(file, 'a'));
      await log.appendFile(formatEntry(entry));
      await log.datasync();
    },
    async close() {
      const log = await handle?.catch(() => undefined);
      handle = undefined;
      await log?.close();
    },
  };
}
