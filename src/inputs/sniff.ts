// Looks at an input's first bytes (and, for MP4/QuickTime, its box layout) before any process runs,
// so that playlists, text and broken files get a plain reason instead of ffmpeg's.
import { openByteSource } from '../mp4/byte-source.js';
import { type FileInspection, inspectSource } from '../mp4/inspect-file.js';
import { TOP_LEVEL_TYPES } from '../mp4/layout-verdict.js';
import type { MoovInfo } from '../mp4/moov.js';
import { type Failure, failure } from '../report/causes.js';

const SNIFF_BYTES = 512;

/** Why the start of a file shows it is not a video we may open, or undefined. Pure. */
export function refuseByContent(head: Uint8Array): string | undefined {
  if (head.length === 0) return 'empty file';
  const text = Buffer.from(head).toString('latin1');
  const trimmed = text.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (trimmed.startsWith('#EXTM3U')) return 'an HLS playlist, not a video file (playlists are refused: they open other files)';
  if (trimmed.startsWith('ffconcat') || /^file\s+['"]?/.test(trimmed)) return 'a concat list, not a video file (lists are refused: they open other files)';
  if (/^<\?xml|^<MPD|^<smil/i.test(trimmed)) return 'an XML manifest, not a video file';
  if (isText(head)) return 'a text file, not a video file';
  return undefined;
}

function isText(head: Uint8Array): boolean {
  for (const byte of head) {
    const printable = byte === 9 || byte === 10 || byte === 13 || (byte >= 0x20 && byte < 0x7f);
    if (!printable) return false;
  }
  return true;
}

const looksLikeIsoBmff = (head: Uint8Array): boolean =>
  head.length >= 8 && TOP_LEVEL_TYPES.has(Buffer.from(head.subarray(4, 8)).toString('latin1'));

export interface SniffResult {
  /** Why the file cannot be an input; undefined when it may go on to ffprobe. */
  refused: Failure | undefined;
  /** For MP4/QuickTime inputs: bytes a player needs before the first frame (see inspectFile). */
  startupBytes: number | undefined;
  /** For MP4/QuickTime inputs: what moov says (tracks, sizes, rates). */
  moov: MoovInfo | undefined;
}

/** Reads the start of the file, and for MP4/QuickTime its box layout. */
export async function sniffInput(file: string): Promise<SniffResult> {
  const source = await openByteSource(file);
  try {
    const head = await source.read(0, SNIFF_BYTES);
    const refused = refuseByContent(head);
    if (refused || !looksLikeIsoBmff(head)) return { refused: refused === undefined ? undefined : failure('bad-input', refused), startupBytes: undefined, moov: undefined };
    return judgeInput(await inspectSource(source));
  } finally {
    await source.close();
  }
}

function judgeInput(inspection: FileInspection): SniffResult {
  const { layout } = inspection;
  const refuse = (reason: string | undefined, cause: 'bad-input' | 'encrypted' = 'bad-input'): SniffResult =>
    ({ refused: reason === undefined ? undefined : failure(cause, reason), startupBytes: inspection.startupBytes, moov: inspection.moov });
  const encrypted = inspection.moov?.tracks.filter((track) => track.encrypted && track.kind !== 'other') ?? [];
  if (encrypted.length > 0) {
    return refuse(`encrypted (${encrypted.map((track) => `${track.kind} ${track.codec ?? '?'}`).join(', ')}): protected content decodes to noise without its keys; decrypt it first`, 'encrypted');
  }
  switch (layout.verdict) {
    case 'truncated':
      return refuse(`truncated: ${layout.reason}`);
    case 'malformed':
      // Junk after a whole moov (zero padding some cameras leave) does not stop a decoder.
      return refuse(inspection.topLevel.some((box) => box.type === 'moov') ? undefined : `corrupt: ${layout.reason}`);
    case 'no-moov':
      return refuse('no moov box: the file is incomplete (a recording that was not finished?)');
    default:
      return refuse(undefined);
  }
}
