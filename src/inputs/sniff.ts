// Looks at an input's first bytes (and, for MP4/QuickTime, its box layout) before any process runs,
// so that playlists, text and broken files get a plain reason instead of ffmpeg's.
import { openByteSource } from '../mp4/byte-source.js';
import { TOP_LEVEL_TYPES, judgeLayout } from '../mp4/layout-verdict.js';
import { walkTopLevel } from '../mp4/top-level.js';

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

/** Reads the file; returns why it cannot be an input, or undefined when it may go on to ffprobe. */
export async function sniffInput(file: string): Promise<string | undefined> {
  const source = await openByteSource(file);
  try {
    const head = await source.read(0, SNIFF_BYTES);
    const refused = refuseByContent(head);
    if (refused || !looksLikeIsoBmff(head)) return refused;
    const walk = await walkTopLevel(source);
    const layout = judgeLayout(walk, source.size);
    switch (layout.verdict) {
      case 'truncated':
        return `truncated: ${layout.reason}`;
      case 'malformed':
        // Junk after a whole moov (zero padding some cameras leave) does not stop a decoder.
        return walk.boxes.some((box) => box.type === 'moov') ? undefined : `corrupt: ${layout.reason}`;
      case 'no-moov':
        return 'no moov box: the file is incomplete (a recording that was not finished?)';
      default:
        return undefined;
    }
  } finally {
    await source.close();
  }
}
