// The browser player (streamprep/player, built to dist/player/) served by `streamprep serve` at
// /_streamprep/player/: the index page plays conversations with it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../package-root.js';

export const PLAYER_PREFIX = '/_streamprep/player/';
const FILES = ['chunk-player.js', 'mp4-boxes.js'];

export function playerRoutes(): Record<string, () => Promise<{ type: string; body: string } | undefined>> {
  return Object.fromEntries(FILES.map((name) => [
    `${PLAYER_PREFIX}${name}`,
    async () => {
      const body = await readFile(path.join(packageRoot(), 'dist', 'player', name), 'utf8').catch(() => undefined);
      return body === undefined ? undefined : { type: 'text/javascript; charset=utf-8', body };
    },
  ]));
}
