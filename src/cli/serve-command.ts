// `streamprep serve`: commander wiring over the library's startServer().
import type { Command } from 'commander';
import { escapeTerminal } from '../text/escape.js';
import type { CliContext } from './main.js';
import { type Flags, addOptions } from './options.js';

const NAMES = ['port', 'host', 'cors', 'page', 'throttle', 'latency'] as const;

export function registerServe(program: Command, { interrupt }: CliContext): void {
  const command = program
    .command('serve')
    .description('serve a folder to browsers as a CDN would (Range, ETag, HEAD), with an index page and optional slow-link emulation')
    .argument('<folder>', 'the folder to serve (nothing outside it is reachable)');
  addOptions(command, NAMES);
  command.addHelpText('after', `
Examples:
  $ streamprep serve out/                              http://127.0.0.1:8080/ lists and plays every video
  $ streamprep serve out/ --throttle 1500 --latency 150  as over a 1.5 Mbit/s link with 150 ms per request
  $ streamprep serve out/ --host 0.0.0.0 --port 9000   reachable from other machines (think twice)
  $ streamprep serve out/ --cors http://localhost:5173  your front end's dev server may play the media
  $ streamprep serve out/ --page site/                  your page at http://127.0.0.1:8080/page/, media beside it

The index page shows each video's faststart verdict and startup bytes, and plays each conversation
(<name>.hls/playlist.m3u8, from optimize --conversation or watch --conversations) through
streamprep/player, following a live playlist as it grows. Playlists may be requested with _HLS_msn=N
(LL-HLS blocking reload: the answer comes when segment N is published). Cache-Control: playlists
no-store; conversation chunks and .m4s immutable (a CDN may keep them forever); other files no-cache. Paths are confined to the folder:
"..", percent-encoded traversal, NUL bytes, dotfiles and symlinks leading out are refused (400/403/404).
Only regular files are served (a FIFO, socket or device is 404 and never listed); malformed paths are
400. --cors answers preflights and exposes Content-Length, Content-Range and Accept-Ranges to the origin.
--page files are served with a CSP that lets the page's own scripts run (not inline ones) and fetch media
from anywhere; /_streamprep/player.js is streamprep/player as one ES module for <script type="module">.
Stops on Ctrl-C or SIGTERM (exit 130/143).`)
    .action(async (folder: string, flags: Flags<(typeof NAMES)[number]>) => {
      const { stat } = await import('node:fs/promises');
      const { StreamprepError } = await import('../errors.js');
      if (!(await stat(folder).catch(() => undefined))?.isDirectory()) throw new StreamprepError(`${folder}: not a folder`, 2);
      if (flags.page !== undefined && !(await stat(flags.page).catch(() => undefined))?.isDirectory()) throw new StreamprepError(`--page ${flags.page}: not a folder`, 2);
      const { startFolderServer } = await import('../serve/folder-server.js');
      const path = await import('node:path');
      const root = path.resolve(folder);
      const server = await startFolderServer({
        root, host: flags.host, port: flags.port, throttleKbps: flags.throttle, latencyMs: flags.latency, cors: flags.cors, page: flags.page,
      }).catch((error: NodeJS.ErrnoException) => {
        throw new StreamprepError(`cannot listen on ${flags.host ?? '127.0.0.1'}:${flags.port ?? 0}: ${error.code ?? error.message}`, 2);
      });
      const link = [flags.throttle ? `${flags.throttle} kbit/s` : '', flags.latency ? `+${flags.latency} ms per request` : ''].filter(Boolean).join(' ');
      process.stderr.write(`${escapeTerminal(`serving ${root} at ${server.url}${link ? ` (${link})` : ''}`)} — Ctrl-C stops\n`);
      if (flags.page !== undefined) process.stderr.write(`${escapeTerminal(`your page: ${server.url}page/ (from ${path.resolve(flags.page)})`)}\n`);
      if (flags.cors?.length) process.stderr.write(`${escapeTerminal(`cross-origin reads allowed for ${flags.cors.join(', ')}`)}\n`);
      await interrupt.stopped();
      await server.close();
    });
}
