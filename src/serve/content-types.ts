// What each served file is to a browser. The media folder delivers media, playlists, captions and
// posters with the types players expect; anything else there is a download. A developer's page folder
// (`serve --page`) also delivers what a web page is made of. Pure.
import path from 'node:path';

const MEDIA_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4', '.m4v': 'video/mp4', '.m4a': 'audio/mp4', '.mov': 'video/quicktime', '.webm': 'video/webm', '.mkv': 'video/x-matroska',
  '.ts': 'video/mp2t', '.m4s': 'video/iso.segment', '.m3u8': 'application/vnd.apple.mpegurl', '.mpd': 'application/dash+xml',
  '.mp3': 'audio/mpeg', '.aac': 'audio/aac', '.ogg': 'audio/ogg', '.opus': 'audio/ogg', '.wav': 'audio/wav', '.flac': 'audio/flac',
  '.vtt': 'text/vtt; charset=utf-8', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.avif': 'image/avif',
};

const PAGE_TYPES: Record<string, string> = {
  ...MEDIA_TYPES,
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml', '.ico': 'image/x-icon',
  '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8', '.woff2': 'font/woff2', '.gif': 'image/gif',
};

/** The type to send, and whether the browser should save it rather than render it. */
export function contentTypeFor(file: string, from: 'media' | 'page'): { type: string; download: boolean } {
  const table = from === 'page' ? PAGE_TYPES : MEDIA_TYPES;
  const type = table[path.extname(file).toLowerCase()];
  return type === undefined ? { type: 'application/octet-stream', download: true } : { type, download: false };
}
