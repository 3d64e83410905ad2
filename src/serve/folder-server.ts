// `streamprep serve`'s server: the folder, its index page (videos, and conversations played through
// streamprep/player) and the player's scripts.
import path from 'node:path';
import { CONVERSATIONS_SCRIPT, CONVERSATIONS_SCRIPT_PATH } from './conversation-script.js';
import { listConversations, listVideos, renderIndexPage } from './index-page.js';
import { playerRoutes } from './player-assets.js';
import { type ServeOptions, type StaticServer, startServer } from './server.js';

export function startFolderServer(options: Omit<ServeOptions, 'indexPage' | 'routes'>): Promise<StaticServer> {
  const root = path.resolve(options.root);
  return startServer({
    ...options,
    root,
    indexPage: async () => renderIndexPage(`streamprep serve ${path.basename(root)}`, await listVideos(root), await listConversations(root)),
    routes: { ...playerRoutes(), [CONVERSATIONS_SCRIPT_PATH]: async () => ({ type: 'text/javascript; charset=utf-8', body: CONVERSATIONS_SCRIPT }) },
  });
}
