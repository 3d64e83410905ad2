// streamprep/player: plays chunks back to back through one <video>, for front ends that get each chunk's
// URL pushed (server-sent events, websockets). Browser code, no dependencies.
//
// With Media Source Extensions (ManagedMediaSource where present) every chunk is appended to one
// SourceBuffer in `segments` mode: a chunk of a streamprep conversation already sits on the timeline;
// any other fragmented MP4 chunk is moved to the end of the one before (timestampOffset) and cut to its
// video's span (append windows), which also drops its audio priming. Where MSE is missing, two <video>
// elements take turns (the next one preloaded).
import { createMsePlayer, mediaSourceClass } from './mse-player.js';
import { createSwapPlayer } from './swap-player.js';
import type { ChunkPlayer, ChunkPlayerOptions } from './types.js';

export type { ChunkPlayer, ChunkPlayerEvent, ChunkPlayerEventMap, ChunkPlayerOptions } from './types.js';
export { type FollowOptions, followPlaylist } from './follow-playlist.js';

export function createChunkPlayer(video: HTMLVideoElement, options: ChunkPlayerOptions = {}): ChunkPlayer {
  const Source = options.forceSwap ? undefined : mediaSourceClass();
  return Source ? createMsePlayer(video, Source, options) : createSwapPlayer(video, options);
}
