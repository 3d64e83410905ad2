// Playlists read for blocking reloads: each version of a playlist (its inode, size and times) is read
// once however many requests wait on it, only if it is a regular file, and only up to a cap — a huge
// `.m3u8` is sent as a plain file instead of being held in memory once per waiting request.
import { openRegularFile } from '../files/open-regular.js';

/** Largest playlist read into memory for a blocking reload (an hour of 5-s chunks is ~90 kB). */
export const MAX_BLOCKING_PLAYLIST_BYTES = 2 * 1024 * 1024;
/** Playlists kept: at most this many × the cap in memory. */
const KEPT = 16;

export type PlaylistRead = { kind: 'text'; text: string } | { kind: 'too-large' } | { kind: 'missing' };

const versions = new Map<string, { version: string; read: Promise<PlaylistRead> }>();

export async function readPlaylist(file: string): Promise<PlaylistRead> {
  const handle = await openRegularFile(file).catch(() => undefined);
  if (!handle) return { kind: 'missing' };
  try {
    const stats = await handle.stat({ bigint: true });
    if (stats.size > BigInt(MAX_BLOCKING_PLAYLIST_BYTES)) return { kind: 'too-large' };
    const version = `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
    const kept = versions.get(file);
    if (kept?.version === version) return await kept.read;
    const read = handle.readFile('utf8').then((text): PlaylistRead => ({ kind: 'text', text }), (): PlaylistRead => ({ kind: 'missing' }));
    versions.delete(file);
    versions.set(file, { version, read });
    if (versions.size > KEPT) versions.delete(versions.keys().next().value as string);
    return await read;
  } finally {
    await handle.close().catch(() => undefined);
  }
}
