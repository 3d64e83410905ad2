// The browser player (streamprep/player, built to dist/player/) served by `streamprep serve` at
// /_streamprep/player/: the index page plays conversations with it. Every module of the build is served,
// so the player's own imports resolve; /_streamprep/player.js is the same player as one module (for a
// developer's page).
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../package-root.js';

export const PLAYER_PREFIX = '/_streamprep/player/';
export const PLAYER_BUNDLE_PATH = '/_streamprep/player.js';

export function playerRoutes(): Record<string, () => Promise<{ type: string; body: string } | undefined>> {
  const folder = path.join(packageRoot(), 'dist', 'player');
  const modules = (() => {
    try {
      return readdirSync(folder).filter((name) => name.endsWith('.js'));
    } catch {
      return []; // not built: the routes answer 404
    }
  })();
  const script = (file: string) => async () => {
    const body = await readFile(file, 'utf8').catch(() => undefined);
    return body === undefined ? undefined : { type: 'text/javascript; charset=utf-8', body };
  };
  return {
    ...Object.fromEntries(modules.map((name) => [`${PLAYER_PREFIX}${name}`, script(path.join(folder, name))])),
    [PLAYER_BUNDLE_PATH]: script(path.join(packageRoot(), 'dist', 'player.js')),
  };
}
