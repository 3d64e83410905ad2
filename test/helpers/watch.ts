// `streamprep watch --json` as a child process: its NDJSON events collected as they come.
import { type ChildProcess, spawn } from 'node:child_process';
import { CLI } from './media.js';

export type WatchEvent = Record<string, any>;

export interface Watcher {
  child: ChildProcess;
  events: WatchEvent[];
  /** Resolves once `predicate` holds for the events so far; rejects (listing them) after `timeoutMs`. */
  waitFor: (predicate: (events: WatchEvent[]) => boolean, timeoutMs?: number) => Promise<void>;
  exit: Promise<number | null>;
  /** SIGTERM, then the exit. */
  stop: () => Promise<number | null>;
  /** What it wrote on stderr so far. */
  stderr: () => string;
}

export function startWatch(args: string[], cwd: string): Watcher {
  const child = spawn(process.execPath, [CLI, 'watch', ...args, '--json'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: WatchEvent[] = [];
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line));
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (predicate: (all: WatchEvent[]) => boolean, timeoutMs = 60_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(events)) {
      if (Date.now() > deadline) throw new Error(`timed out; events: ${JSON.stringify(events.map((e) => [e.type, e.input, e.cause]))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, events, waitFor, exit, stop: () => { child.kill('SIGTERM'); return exit; }, stderr: () => stderr };
}

export const eventsOf = (events: WatchEvent[], type: string): WatchEvent[] => events.filter((event) => event.type === type);

/** Every chunk that was done in a conversation ends published or left out: nothing is dropped silently. */
export function expectNoSilentDrop(events: WatchEvent[]): void {
  const settled = new Set([...eventsOf(events, 'published'), ...eventsOf(events, 'left-out')].map((event) => event.input));
  for (const done of eventsOf(events, 'done')) {
    if (!settled.has(done.input)) throw new Error(`${done.input} was done but neither published nor left out`);
  }
}
