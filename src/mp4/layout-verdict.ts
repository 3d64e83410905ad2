// Judges where moov sits among a file's top-level boxes: the faststart verdict. Pure.
import type { TopLevelWalk } from './top-level.js';

export type Verdict = 'faststart' | 'moov-after-mdat' | 'no-moov' | 'truncated' | 'malformed' | 'not-mp4';

export interface LayoutVerdict {
  verdict: Verdict;
  reason: string;
  /** File offset the reason points at, when there is one. */
  offset?: number;
  fragmented: boolean;
}

/** Box types that may stand at the top level of ISO BMFF and QuickTime files. */
export const TOP_LEVEL_TYPES = new Set([
  'ftyp', 'styp', 'moov', 'mdat', 'free', 'skip', 'wide', 'junk', 'uuid', 'pnot', 'pdin', 'moof', 'mfra', 'sidx',
  'ssix', 'prft', 'meta', 'emsg', 'bloc', 'PICT',
]);

export function judgeLayout(walk: TopLevelWalk, fileSize: number): LayoutVerdict {
  const { boxes, problem } = walk;
  const first = boxes[0];
  if (fileSize === 0) return { verdict: 'not-mp4', reason: 'empty file', fragmented: false };
  if (!first || !TOP_LEVEL_TYPES.has(first.type)) {
    return { verdict: 'not-mp4', reason: 'does not start with an MP4/QuickTime box', fragmented: false };
  }
  const fragmented = boxes.some((box) => box.type === 'moof');
  if (problem) return { verdict: problem.kind, reason: problem.reason, offset: problem.offset, fragmented };
  const stray = walk.trailingBytes > 0 ? `; ${walk.trailingBytes} stray byte(s) after the last box, ignored` : '';
  const moovIndex = boxes.findIndex((box) => box.type === 'moov');
  const mdatIndex = boxes.findIndex((box) => box.type === 'mdat');
  const moov = boxes[moovIndex];
  if (!moov) return { verdict: 'no-moov', reason: 'no moov box: the file has no index of its media', fragmented };
  if (mdatIndex === -1 || moovIndex < mdatIndex) {
    return { verdict: 'faststart', reason: `${fragmented ? 'moov first (fragmented)' : 'moov before mdat'}${stray}`, fragmented };
  }
  const mdat = boxes[mdatIndex];
  return {
    verdict: 'moov-after-mdat',
    reason: `moov at offset ${moov.start} comes after mdat at offset ${mdat?.start ?? 0}${stray}`,
    offset: moov.start,
    fragmented,
  };
}
