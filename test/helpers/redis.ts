// A real redis-server on a free local port with a throw-away data folder (Debian's redis-server).
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { tempDir } from './media.js';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
  /** Stops the server and starts it again on the same port (with `persist`, its data survives). */
  restart(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error('redis-server did not start (apt-get install redis-server)');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `persist`: an append-only file flushed on every write, so a restart keeps every job (as production Redis should). */
export async function startRedis({ persist = false }: { persist?: boolean } = {}): Promise<TestRedis> {
  const dir = await tempDir('redis');
  const port = await freePort();
  const durability = persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const launch = (): ChildProcess => spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...durability,
    '--dir', dir, '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
  let child = launch();
  await waitForPort(port);
  const stop = (): Promise<void> => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop,
    async restart() {
      await stop();
      child = launch();
      await waitForPort(port);
    },
  };
}
