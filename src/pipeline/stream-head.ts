// How much of a stream is read before its job is planned. A container whose first bytes declare its
// tracks is planned from them as soon as a probe of them says all a plan needs (16 KiB, doubled while
// it does not), not from 256 KiB — which a generator's H.264 at ~450 kbit/s takes 4.7 s of a 5-s chunk
// to write, so nothing could be published in parts before the chunk was nearly whole. Pure.
import type { MediaFacts } from '../probe/facts.js';

/** Bytes read before planning at the latest: enough for the headers of any streamable container. */
export const HEAD_BYTES = 256 * 1024;
/** Bytes read before a stream that declares its tracks early is first probed. */
export const EARLY_HEAD_BYTES = 16 * 1024;

/** Matroska/WebM (its EBML header's ID) — a container whose start declares every stream. */
export const startsLikeMatroska = (head: Uint8Array): boolean => head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3;

const TS_PACKET = 188;

/** MPEG-TS: 188-byte packets, each starting with the sync byte 0x47 (its program tables come first). */
export const startsLikeMpegTs = (head: Uint8Array): boolean =>
  head.length > 2 * TS_PACKET && [0, TS_PACKET, 2 * TS_PACKET].every((at) => head[at] === 0x47);

const typeAt = (head: Uint8Array, at: number): string => String.fromCharCode(...head.subarray(at + 4, at + 8));
const sizeAt = (head: Uint8Array, at: number): number =>
  (((head[at] as number) << 24) | ((head[at + 1] as number) << 16) | ((head[at + 2] as number) << 8) | (head[at + 3] as number)) >>> 0;

/** An MP4 whose moov comes right after its ftyp (fragmented, or faststart): its tracks are declared before any media. */
export function startsWithMoov(head: Uint8Array): boolean {
  if (head.length < 16 || typeAt(head, 0) !== 'ftyp') return false;
  const after = sizeAt(head, 0);
  return after >= 8 && head.length >= after + 8 && typeAt(head, after) === 'moov';
}

/**
 * Whether a stream's first bytes declare its tracks: 'matroska' (Matroska/WebM), 'declared' (MPEG-TS, an
 * MP4 with moov first), or undefined (anything else: planned from HEAD_BYTES).
 */
export function earlyHead(head: Uint8Array): 'matroska' | 'declared' | undefined {
  if (startsLikeMatroska(head)) return 'matroska';
  return startsLikeMpegTs(head) || startsWithMoov(head) ? 'declared' : undefined;
}

/**
 * Facts a plan can be made from: the video's size, rate and pixel format (known once its first frame is
 * in: an RGB source's colours depend on it), and the audio's rate and channels when it has audio.
 */
export const plannable = (facts: MediaFacts): boolean =>
  facts.video.width > 0 && facts.video.height > 0 && (facts.video.fps ?? 0) > 0 && facts.video.pixelFormat !== undefined
  && (!facts.audio || ((facts.audio.sampleRate ?? 0) > 0 && (facts.audio.channels ?? 0) > 0));

/**
 * Facts from a head that is not Matroska's are believed only when its frames' average rate agrees with
 * the stream's declared one: ffprobe 5.1 on the first 8–16 KiB of a fragmented MP4 names 12800 fps (the
 * timescale) before a frame is whole, and on MPEG-TS's no average rate before a few frames are in.
 * (A variable-rate stream is planned from HEAD_BYTES, as before.)
 */
export const plannableEarly = (kind: 'matroska' | 'declared', facts: MediaFacts): boolean =>
  plannable(facts) && (kind === 'matroska' || facts.video.constantRate === true);
