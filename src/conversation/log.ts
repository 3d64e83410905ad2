// A conversation's log: the single source of truth for what is on its timeline. One JSON object per
// line, appended and flushed before the playlist names what it records, never rewritten: the playlist,
// a restart and a second reader all derive from it. Pure: lines in, state out (and back).

/** The log's file name in the conversation's folder (a dotfile: never served, never listed). */
export const LOG_NAME = '.conversation.ndjson';
export const LOG_VERSION = 2;

/** What the conversation was opened with: a resumed log must agree. */
export interface LogOpen {
  type: 'open';
  v: number;
  name: string;
  /** Chunk files of a replaced conversation (`--force`) get new names: `g<generation>-NNNN.mp4`. */
  generation: number;
  rate: number;
  channels: number;
  /** The audio bit rate its sample descriptions announce, bits/s. */
  bitrate: number;
  created: string;
}

/** The input a chunk came from: how a restart recognises it. */
export interface ChunkSource {
  /** Its file name (a stream's label). */
  name: string;
  /** The number in its name (watch's order), when it has one. */
  number?: number | undefined;
  /** SHA-256 of its bytes, when they could be read. */
  sha256?: string | undefined;
}

/**
 * The conversation's audio after a chunk: how many AAC frames of its one continuous encode are published,
 * and the timeline samples a new encoder (after a restart) starts from to go on from there (interleaved
 * floats, base64, from timeline sample `tailStart` to the chunk's end).
 */
export interface LogAudio {
  tail: string;
  tailStart: number;
  nextFrame: number;
}

export interface LogChunk {
  type: 'chunk';
  index: number;
  /** The chunk's CMAF file, relative to the conversation's folder. */
  file: string;
  /** Its size and SHA-256: published bytes never change. */
  bytes: number;
  sha256: string;
  initBytes: number;
  segmentBytes: number;
  /** Timeline samples (at `rate`): where it starts and how long it lasts. */
  start: number;
  length: number;
  /** The playlist's EXTINF for it, seconds: its length (the closing audio: only what it reaches past the last chunk's end). */
  extinfSec: number;
  /** Fragment sequence numbers it used: [first, next). */
  sequence: number;
  nextSequence: number;
  discontinuity: boolean;
  discontinuityReason?: string | undefined;
  /** The index of the chunk whose file holds the initialization section in force (its first bytes). */
  initFrom: number;
  /** The video sample description in force (base64), to compare the next chunk's with. */
  videoStsd: string;
  /** The closing audio of a conversation ended after its last chunk (no source, no video). */
  closing?: true | undefined;
  source?: ChunkSource | undefined;
  audio: LogAudio;
  /** Published in parts while it was written (live): the parts, byte ranges of its file. */
  parts?: LogPartRange[] | undefined;
}

/** A part's place in its chunk's file and what it holds. */
export interface LogPartRange {
  offset: number;
  bytes: number;
  durationSec: number;
  /** It starts with a keyframe. */
  independent: boolean;
  /**
   * It starts a new segment of its chunk: the part before it carries its audio to its end (a player
   * that buffers by segment must find a segment's media whole). It need not start with a keyframe (a live
   * playlist does not say its segments are independent). A chunk's first part starts its first segment
   * without it.
   */
  segment?: true | undefined;
}

/** Where a chunk published in parts starts: written with its first part. */
export interface LogPartStart {
  start: number;
  initBytes: number;
  initFrom: number;
  videoStsd: string;
  discontinuity: boolean;
  discontinuityReason?: string | undefined;
  /** Its video's first decode time, 90 kHz. */
  videoStart: number;
  /** Where it comes from (a restart that closes it keeps it: watch then knows the input as placed). */
  source?: ChunkSource | undefined;
}

/**
 * One part of the chunk being written (live): appended to the chunk's file, then logged, then listed.
 * The chunk's own entry follows once it is whole; a restart closes a chunk its parts left open.
 */
export interface LogPart extends LogPartRange {
  type: 'part';
  /** The chunk it belongs to, and its file. */
  chunk: number;
  file: string;
  sha256: string;
  /** Video decode time after its last frame, 90 kHz. */
  videoEnd: number;
  nextSequence: number;
  nextFrame: number;
  first?: LogPartStart | undefined;
}

export interface LogEnd {
  type: 'end';
  chunks: number;
}

export type LogEntry = LogOpen | LogChunk | LogPart | LogEnd;

export const formatEntry = (entry: LogEntry): string => `${JSON.stringify(entry)}\n`;

export type ParsedLog =
  | { ok: true; entries: LogEntry[]; /** Bytes of whole lines: a torn last line (a write cut short) lies after. */ validBytes: number }
  | { ok: false; reason: string };

const isEntry = (value: unknown): value is LogEntry => typeof value === 'object' && value !== null && ['open', 'chunk', 'part', 'end'].includes((value as { type?: unknown }).type as string);

/**
 * The log's entries. A last line without its newline (a write cut short by a crash) does not count;
 * any other line that is not an entry makes the log unusable (the reason names the line).
 */
export function parseLog(text: string): ParsedLog {
  const entries: LogEntry[] = [];
  let at = 0;
  let line = 0;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    if (end === -1) break;
    line++;
    const raw = text.slice(at, end);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, reason: `line ${line} is not JSON` };
    }
    if (!isEntry(value)) return { ok: false, reason: `line ${line} is not a log entry` };
    entries.push(value);
    at = end + 1;
  }
  if (entries.length > 0 && entries[0]?.type !== 'open') return { ok: false, reason: 'it does not start with its open entry' };
  const version = (entries[0] as LogOpen | undefined)?.v;
  if (version !== undefined && version !== LOG_VERSION) return { ok: false, reason: `it is written in version ${version} of the log (this streamprep reads ${LOG_VERSION})` };
  const chunks = entries.filter((entry): entry is LogChunk => entry.type === 'chunk');
  for (const [i, chunk] of chunks.entries()) {
    if (chunk.index !== i) return { ok: false, reason: `chunk ${i} is recorded as ${chunk.index}` };
  }
  const ends = entries.findIndex((entry) => entry.type === 'end');
  if (ends !== -1 && ends !== entries.length - 1) return { ok: false, reason: 'entries follow its end' };
  return { ok: true, entries, validBytes: Buffer.byteLength(text.slice(0, at)) };
}

/** Floats ⇄ base64 (little-endian, as the machine's Float32Array on every platform Node runs on). */
export const floatsToBase64 = (samples: Float32Array): string => Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString('base64');
export function floatsFromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const copy = new Uint8Array(bytes.length - (bytes.length % 4));
  copy.set(bytes.subarray(0, copy.length));
  return new Float32Array(copy.buffer);
}
export const bytesToBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
export const bytesFromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));
