// A conversation's folder on disk, with one owner: a lock held while a process writes it, the log
// (log.ts, on disk by log-file.ts) appended and flushed before the playlist names what it records, chunk files written whole
// and never again, the playlist derived from the log. A restart resumes from the log; `force` replaces
// the conversation as a whole (new file names, the old files removed once the new playlist is in place).
import { createHash } from 'node:crypto';
import { lstat, mkdir, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { realFolder } from '../files/identity.js';
import { claimOutput } from '../files/output-lock.js';
import { writeFileAtomic } from '../files/temp-output.js';
import { type Failure, failure } from '../report/causes.js';
import { PLAYLIST_NAME, type Placement, type TimelineState, applyEntry, initialState, stateFromLog } from './assembler.js';
import { LOG_NAME, LOG_VERSION, type LogChunk, type LogEntry, type LogOpen, formatEntry } from './log.js';
import { logAppender, readLog } from './log-file.js';
import { fillSilence } from './padding.js';
import { type PartPlacement, closeLiveChunk, openChunkEnd } from './parts.js';
import { formatPlaylist, playlistUri } from './playlist.js';

export interface StoreOptions {
  /** The conversation's folder (absolute). */
  dir: string;
  name: string;
  /** Replace what is there (default: resume from its log). */
  force: boolean;
  rate: number;
  channels: number;
  bitrate: number;
  /** Chunks will be published in parts: the playlist says so (PART-INF) from the start, for LL-HLS clients. */
  live?: boolean | undefined;
  /** The parts' duration, s (default PART_SEC): the smallest PART-TARGET the playlist announces. */
  partSec?: number | undefined;
}

export interface ConversationStore {
  /** The timeline as the log says. */
  readonly state: TimelineState;
  /** The initialization section in force (the first bytes of the chunk file that starts it). */
  initBytes(): Promise<Uint8Array | undefined>;
  /** The chunk's file (whole, flushed), then its log entry (appended, flushed), then the playlist. */
  place(placement: Placement): Promise<void>;
  /** A part of the chunk being written: its bytes appended to the chunk's file (flushed), its entry, the playlist. */
  placePart(placement: PartPlacement): Promise<void>;
  /** Closes the chunk being written: its entry, then the playlist (its file is already whole). */
  closeChunk(entry: LogChunk): Promise<void>;
  /** Ends the conversation (after its closing audio, if any): the log says so, the playlist ends. */
  end(closing: Placement | undefined): Promise<void>;
  /** Lets go of the conversation (its lock). */
  close(): Promise<void>;
}

/** Names of chunk files a conversation writes: `0001.mp4`, or `g2-0001.mp4` after a replacement. */
const CHUNK_FILE = /^(?:g(\d+)-)?\d{4,}\.mp4$/;

const exists = (file: string): Promise<boolean> => lstat(file).then(() => true, () => false);

/** Parts are cut every third of a second (six frames at 18 fps): the PART-TARGET unless a part was longer. */
export const PART_SEC = 1 / 3;
/** The first chunk's one-part segments reach this far (s; 2.67 s: eight parts of a third of a second). */
const SHORT_SEGMENTS_UNTIL_SEC = 8 / 3;
/**
 * Where the first chunk's segments end (s of the chunk), for parts of `partSec`. Its first segment is two
 * parts, ended by a keyframe: hls.js (and players like it) start only once a playlist holds a whole
 * segment — after 0.67 s of video instead of the whole first chunk (one keyframe more per conversation,
 * ≈ 16 kB). Then one segment per part up to 2.67 s (without keyframes): hls.js keeps loading parts only
 * while the first part its playlist lists ends, plus the parts after the last whole segment, within what
 * it has buffered; a new conversation has no earlier parts to count from, and a client a few parts behind
 * the newest (on a slow link) would drop to whole segments — and wait for the first chunk's end. Segments
 * of one part keep that sum to one part until the playlist has history. Each ends once its audio does
 * (its part waits for the next fragment).
 */
export const firstSegmentEndsSec = (partSec: number): number[] =>
  Array.from({ length: Math.max(1, Math.round(SHORT_SEGMENTS_UNTIL_SEC / partSec) - 1) }, (_, i) => (i + 2) * partSec);
export const FIRST_SEGMENT_ENDS_SEC: readonly number[] = firstSegmentEndsSec(PART_SEC);

/** Whether the conversation in `dir` has not begun: no log yet (read without taking the conversation). */
export const notBegun = (dir: string): Promise<boolean> => lstat(path.join(dir, LOG_NAME)).then(() => false, () => true);

const playlistOf = (state: TimelineState, expectParts = false, partSec = PART_SEC): string => {
  const parted = state.chunks.filter((chunk) => chunk.parts !== undefined);
  const longest = Math.max(partSec, ...[...parted.flatMap((chunk) => chunk.parts ?? []), ...(state.open?.parts ?? [])].map((part) => part.durationSec));
  const live = parted.length > 0 || state.open !== undefined || (expectParts && !state.ended)
    ? {
      partTargetSec: longest,
      open: state.open && { uri: playlistUri(state.open.file), initBytes: state.open.initBytes, discontinuity: state.open.discontinuity, parts: state.open.parts, nextOffset: state.open.size },
    }
    : undefined;
  return formatPlaylist(state.chunks.map((chunk) => ({
    uri: playlistUri(chunk.file), durationSec: chunk.extinfSec, initBytes: chunk.initBytes, segmentBytes: chunk.segmentBytes, discontinuity: chunk.discontinuity, parts: chunk.parts,
  })), state.ended, live);
};

/**
 * The playlist is what the log says: rewritten from it whenever the conversation is opened, so it is not
 * flushed (the log and the chunk files are) — one disk flush less per chunk and per part.
 */
const writePlaylist = (file: string, state: TimelineState, options: Pick<StoreOptions, 'live' | 'partSec'>): Promise<void> =>
  writeFileAtomic(file, playlistOf(state, options.live, options.partSec), { flush: false });

/** Writes `bytes` at `offset` of `file` (created for a chunk's first part) and cuts it there: a write a crash tore is replaced. */
async function writeAt(file: string, offset: number, bytes: Uint8Array): Promise<void> {
  const handle = await open(file, offset === 0 ? 'w' : 'r+');
  try {
    await handle.truncate(offset);
    await handle.write(bytes, 0, bytes.length, offset);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** SHA-256 of the first `size` bytes of `file`, cutting off anything after them (a torn part). */
async function hashPrefix(file: string, size: number): Promise<string> {
  const handle = await open(file, 'r+');
  try {
    await handle.truncate(size);
    const bytes = new Uint8Array(size);
    await handle.read(bytes, 0, size, 0);
    return createHash('sha256').update(bytes).digest('hex');
  } finally {
    await handle.close();
  }
}

/** The folder itself, checked: a real folder (a link in its place is refused), made if missing. */
async function checkFolder(dir: string): Promise<Failure | undefined> {
  const info = await lstat(dir).catch(() => undefined);
  if (info?.isSymbolicLink()) return failure('collision', `${dir} is a symbolic link: a conversation's folder must be a real folder (it could lead to the inputs)`);
  if (info && !info.isDirectory()) return failure('collision', `${dir} exists and is not a folder`);
  if (!info) await mkdir(dir, { recursive: true });
  return (await lstat(dir)).isDirectory() ? undefined : failure('collision', `${dir} is not a folder`);
}

export async function openStore(options: StoreOptions): Promise<{ ok: true; store: ConversationStore } | { ok: false; failure: Failure }> {
  const { dir } = options;
  const refused = await checkFolder(dir).catch((error: Error) => failure('write-error', `${dir}: ${error.message}`));
  if (refused) return { ok: false, failure: refused };
  // The lock file keeps other processes out; this process's own holders are counted here (a lock file
  // written by this very process reads as stale to it).
  const key = await realFolder(dir);
  if (heldHere.has(key)) return { ok: false, failure: failure('locked', `conversation ${options.name} is already open in this process (end() the other one first)`) };
  heldHere.add(key);
  const claim = await claimOutput(path.join(dir, PLAYLIST_NAME));
  const letGo = async (): Promise<void> => {
    heldHere.delete(key);
    if (claim.ok) await claim.release();
  };
  if (!claim.ok) {
    await letGo();
    return { ok: false, failure: failure('locked', `conversation ${options.name} is being written by another streamprep run (${claim.holder})`) };
  }
  const opened = await openClaimed(options, letGo);
  if (!opened.ok) await letGo();
  return opened;
}

/** Conversation folders (real paths) open in this process. */
const heldHere = new Set<string>();

async function openClaimed(options: StoreOptions, release: () => Promise<void>): Promise<{ ok: true; store: ConversationStore } | { ok: false; failure: Failure }> {
  const { dir } = options;
  const logFile = path.join(dir, LOG_NAME);
  // (Opened once the log's first line is in place: a new conversation's is written whole first.)
  const log = logAppender(logFile);
  try {
    const playlist = path.join(dir, PLAYLIST_NAME);
    const logged = await readLog(logFile);
    const names = await readdir(dir);
    const generations = names.map((name) => CHUNK_FILE.exec(name)).filter((match) => match !== null).map((match) => Number(match[1] ?? 1));
    let state: TimelineState;
    if (logged && !('cause' in logged) && !options.force) {
      const found = stateFromLog(logged.entries);
      if (!found) return { ok: false as const, failure: failure('bad-input', `its log ${LOG_NAME} is empty; --force replaces the conversation`) };
      if (found.rate !== options.rate || found.channels !== options.channels) {
        return { ok: false as const, failure: failure('collision', `it was made with audio at ${found.rate} Hz, ${found.channels} ch (the preset asks for ${options.rate} Hz, ${options.channels} ch); --force replaces it`) };
      }
      state = found;
    } else {
      if (logged && 'cause' in logged && !options.force) return { ok: false as const, failure: logged };
      if (!options.force && (generations.length > 0 || (await exists(playlist)))) {
        return { ok: false as const, failure: failure('exists', `${dir} holds a conversation without a log (made by an earlier streamprep?); --force replaces it`) };
      }
      // A new generation of names, past every earlier one (files, and a replaced log's: its files may be gone, not forgotten by caches).
      const before = logged && !('cause' in logged) ? stateFromLog(logged.entries)?.generation ?? 0 : 0;
      const open: LogOpen = {
        type: 'open', v: LOG_VERSION, name: options.name, generation: Math.max(before, ...generations) + 1,
        rate: options.rate, channels: options.channels, bitrate: options.bitrate, created: new Date().toISOString(),
      };
      await writeFileAtomic(logFile, formatEntry(open));
      state = initialState(open);
    }
    // A chunk a crash left open ends with its last logged part (what is after it in its file is cut off).
    if (state.open && !state.ended) {
      const open = state.open;
      // (Its audio past the published frames is lost with the process: silence for a new encoder's preroll.)
      const silence = fillSilence(new Float32Array((openChunkEnd(state) - open.start) * state.channels), 0, open.start * state.channels);
      const entry = closeLiveChunk(state, { source: undefined, chunkAudio: silence, sha256: await hashPrefix(path.join(dir, open.file), open.size) });
      await log.append(entry);
      state = applyEntry(state, entry);
    }
    // The playlist is what the log says (a crash may have come between the two).
    await writePlaylist(playlist, state, options);
    if (options.force) await removeUnlisted(dir, state);
    let current = state;
    let initCache: { file: string; bytes: Uint8Array } | undefined;
    const store: ConversationStore = {
      get state() {
        return current;
      },
      async initBytes() {
        const from = current.init && current.chunks[current.init.from];
        if (!from) return undefined;
        // The section in force is read once (published files never change), not once per chunk.
        if (initCache?.file === from.file) return initCache.bytes;
        const handle = await open(path.join(dir, from.file), 'r');
        try {
          const bytes = new Uint8Array(from.initBytes);
          const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
          if (bytesRead !== bytes.length) return undefined;
          initCache = { file: from.file, bytes };
          return bytes;
        } finally {
          await handle.close();
        }
      },
      async place(placement) {
        if (current.ended) throw new Error(`conversation ${options.name} has ended`);
        // A file of that name is not in the log: nothing has published it (a crash before its entry).
        await writeFileAtomic(path.join(dir, placement.file), placement.content);
        await log.append(placement.entry);
        current = applyEntry(current, placement.entry);
        await writePlaylist(playlist, current, options);
      },
      async placePart(placement) {
        if (current.ended) throw new Error(`conversation ${options.name} has ended`);
        const offset = placement.entry.first ? 0 : placement.entry.offset;
        await writeAt(path.join(dir, placement.file), offset, placement.append);
        await log.append(placement.entry);
        current = applyEntry(current, placement.entry);
        await writePlaylist(playlist, current, options);
      },
      async closeChunk(entry) {
        await log.append(entry);
        current = applyEntry(current, entry);
        await writePlaylist(playlist, current, options);
      },
      async end(closing) {
        if (current.ended) return;
        if (closing) {
          await writeFileAtomic(path.join(dir, closing.file), closing.content);
          await log.append(closing.entry);
          current = applyEntry(current, closing.entry);
        }
        const end: LogEntry = { type: 'end', chunks: current.chunks.length };
        await log.append(end);
        current = applyEntry(current, end);
        await writePlaylist(playlist, current, options);
      },
      async close() {
        await log.close();
        await release();
      },
    };
    return { ok: true, store };
  } catch (error) {
    await log.close();
    return { ok: false, failure: failure('write-error', `${dir}: ${(error as Error).message}`) };
  }
}

/** A replaced conversation's chunk files: removed once the new playlist no longer names them. */
async function removeUnlisted(dir: string, state: TimelineState): Promise<void> {
  const listed = new Set(state.chunks.map((chunk) => chunk.file));
  for (const name of await readdir(dir)) {
    if (CHUNK_FILE.test(name) && !listed.has(name)) await rm(path.join(dir, name), { force: true });
  }
}
