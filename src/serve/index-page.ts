// The page at `/` of `streamprep serve`: every video in the folder with a player, its faststart verdict
// and startup bytes. Reading the folder is the I/O part; the HTML is built by a pure function.
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { walkInputs } from '../inputs/expand.js';
import { inspectFile } from '../mp4/inspect-file.js';
import { formatBytes } from '../report/units.js';
import { escapeXml } from '../text/escape.js';
import { MP4_EXTENSIONS } from '../inputs/expand.js';
import { readPlaylist } from './playlist-reader.js';
import { deliverable } from './resolve-file.js';

export interface IndexEntry {
  /** Path relative to the served folder, with '/' separators. */
  name: string;
  size: number;
  verdict: string;
  startupBytes: number | undefined;
}

const MAX_ENTRIES = 500;

/** A conversation folder (`<name>.hls/playlist.m3u8`) found in the served folder. */
export interface ConversationEntry {
  /** The playlist's path relative to the served folder, '/' separators. */
  playlist: string;
  chunks: number;
  ended: boolean;
}

/** Chunks a playlist lists whole: the files its segments are in (a chunk published in parts may be several segments). */
const wholeChunks = (text: string): number => {
  const lines = text.split('\n');
  return new Set(lines.flatMap((line, i) => (line.startsWith('#EXTINF') ? [lines.slice(i + 1).find((next) => next && !next.startsWith('#'))] : []))).size;
};

/** Conversations up to three folders deep (streamprep writes them as <output>/<name>.hls/). */

export async function listConversations(folder: string): Promise<ConversationEntry[]> {
  const root = await realpath(folder);
  const found: ConversationEntry[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || found.length >= MAX_ENTRIES) continue;
      const sub = path.join(dir, entry.name);
      if (entry.name.toLowerCase().endsWith('.hls')) {
        const file = path.join(sub, 'playlist.m3u8');
        if (!(await deliverable(root, file))) continue;
        const read = await readPlaylist(file);
        const text = read.kind === 'text' ? read.text : '';
        found.push({ playlist: path.relative(root, file).split(path.sep).join('/'), chunks: wholeChunks(text), ended: text.includes('#EXT-X-ENDLIST') });
      } else if (depth < 3) await visit(sub, depth + 1);
    }
  };
  await visit(root, 1);
  return found.sort((a, b) => (a.playlist < b.playlist ? -1 : 1));
}

/** Chunk files of a conversation are played through its playlist, not listed one by one. */
const inConversation = (name: string): boolean => name.split('/').slice(0, -1).some((part) => part.toLowerCase().endsWith('.hls'));

export async function listVideos(folder: string): Promise<IndexEntry[]> {
  const root = await realpath(folder);
  const entries: IndexEntry[] = [];
  for await (const batch of walkInputs([root])) {
    for (const item of batch) {
      if (item.kind !== 'file' || entries.length >= MAX_ENTRIES || !(await deliverable(root, item.path))) continue;
      const name = path.relative(root, item.path).split(path.sep).join('/');
      if (inConversation(name)) continue;
      if (!MP4_EXTENSIONS.has(path.extname(name).toLowerCase())) {
        entries.push({ name, size: 0, verdict: 'not MP4/MOV', startupBytes: undefined });
        continue;
      }
      const inspection = await inspectFile(item.path, { readMoov: true }).catch(() => undefined);
      entries.push({
        name,
        size: inspection?.size ?? 0,
        verdict: inspection?.layout.verdict ?? 'unreadable',
        startupBytes: inspection?.startupBytes,
      });
    }
  }
  return entries;
}

const encodePath = (name: string): string => name.split('/').map(encodeURIComponent).join('/');

/** The index page: one card per video, a player and what a browser must read before the first frame. */
export function renderIndexPage(title: string, entries: readonly IndexEntry[], conversations: readonly ConversationEntry[] = []): string {
  const talks = conversations.map((conversation) => `<figure class="ok"><video controls muted playsinline data-playlist="/${escapeXml(encodePath(conversation.playlist))}"></video>`
    + `<figcaption><b>${escapeXml(conversation.playlist)}</b><br>conversation: ${conversation.chunks} chunk(s)${conversation.ended ? '' : ', live'} · plays muted`
    + ` (streamprep/player)<br><span class="status"></span></figcaption></figure>`);
  const cards = entries.map((entry) => {
    const ok = entry.verdict === 'faststart';
    const startup = entry.startupBytes === undefined ? '' : ` · first frame after ${formatBytes(entry.startupBytes)}`
      + (entry.size ? ` (${((entry.startupBytes / entry.size) * 100).toFixed(0)} % of ${formatBytes(entry.size)})` : '');
    return `<figure class="${ok ? 'ok' : 'bad'}"><video controls preload="metadata" src="/${escapeXml(encodePath(entry.name))}"></video>`
      + `<figcaption><b>${escapeXml(entry.name)}</b><br>${escapeXml(entry.verdict)}${escapeXml(startup)}</figcaption></figure>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}h1{font-size:1.2rem}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:1rem}
figure{margin:0;padding:.5rem;border:1px solid #ccc;border-radius:6px}figure.ok{border-color:#2a7}figure.bad{border-color:#c33}
video{width:100%;background:#000}figcaption{word-break:break-all;margin-top:.4rem}</style></head>
<body><h1>${escapeXml(title)}: ${entries.length} video(s)${conversations.length ? `, ${conversations.length} conversation(s)` : ''}</h1>
${talks.length ? `<main>${talks.join('\n')}</main><h2>Videos</h2>\n<script type="module" src="/_streamprep/conversations.js"></script>` : ''}<main>
${cards.join('\n') || '<p>No videos here.</p>'}
</main></body></html>
`;
}
