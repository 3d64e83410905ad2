// `streamprep serve` as a user starts it: a child process, its URL read from what it prints.
import { type ChildProcess, spawn } from 'node:child_process';
import { CLI } from './media.js';

export interface ServeChild {
  child: ChildProcess;
  url: URL;
  said: () => string;
  /** The exit code (or signal) once it has exited. */
  exited: Promise<number | string | null>;
}

export async function startServeCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeChild> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let said = '';
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const url = await new Promise<URL>((resolve, reject) => {
    child.stderr?.on('data', (chunk) => {
      said += chunk;
      const found = /at (http:\/\/\S+\/)/.exec(said);
      if (found) resolve(new URL(found[1] as string));
    });
    void exited.then(() => reject(new Error(`serve exited: ${said}`)));
  });
  return { child, url, said: () => said, exited };
}
