// Reads what a file's boxes tell without decoding anything: layout verdict, moov's tree and tracks,
// startup bytes. The I/O side; everything it calls on the bytes is pure.
import type { BoxHeader } from './box-header.js';
import { type ByteSource, openByteSource, openByteSourceSync } from './byte-source.js';
import { type LayoutVerdict, judgeLayout } from './layout-verdict.js';
import { type MoovInfo, parseMoov } from './moov.js';
import { withFragmentDurations } from './fragment-durations.js';
import { type FragmentTiming, readFragmentTiming } from './fragment-timing.js';
import { startupBytes } from './startup-bytes.js';
import { type TopLevelWalk, walkTopLevel, walkTopLevelSync } from './top-level.js';

/**
 * A moov larger than this is not read into memory (its tracks are then not reported): keeps any file's
 * inspection under 100 MB of memory. Real ones are far smaller (a 4 GB, 3-hour file: ~7 MB).
 */
export const MAX_MOOV_BYTES = 24 * 1024 * 1024;

/** faststart must hold moov to rewrite it, and may hold a larger one (memory ≈ 2 × moov + 12 MB). */
export const MAX_REWRITTEN_MOOV_BYTES = 64 * 1024 * 1024;

export interface FileInspection {
  size: number;
  layout: LayoutVerdict;
  /** Top-level boxes: all of them, or for a file of very many, the first ones and those that decide verdicts. */
  topLevel: BoxHeader[];
  /** Top-level boxes walked but not listed in `topLevel`. */
  omittedBoxes: { count: number; bytes: number };
  moov: MoovInfo | undefined;
  /** Why moov was not read, when it was not. */
  moovUnread: string | undefined;
  /** moov's payload bytes, when asked for with keepMoovBytes. */
  moovBytes?: Uint8Array | undefined;
  startupBytes: number | undefined;
}

export interface InspectOptions {
  /** Read and parse moov (default true). */
  readMoov?: boolean;
  /** Keep moov's payload in the result (for callers that rewrite it). */
  keepMoovBytes?: boolean;
  /** The largest moov read (default MAX_MOOV_BYTES). */
  maxMoovBytes?: number;
}

/** The moof boxes' bytes read at most up to this much in all (a fragment's moof is a few hundred bytes). */
const MAX_MOOF_BYTES = 64 * 1024 * 1024;

/** Every moof's track fragments, read box by box (only the moofs: the media between them is skipped). */
async function readMoofTimings(source: ByteSource, boxes: readonly BoxHeader[]): Promise<FragmentTiming[]> {
  const timings: FragmentTiming[] = [];
  let read = 0;
  for (const box of boxes) {
    if (box.type !== 'moof' || box.end > source.size) continue;
    read += box.size;
    if (read > MAX_MOOF_BYTES) break;
    timings.push(...readFragmentTiming(await source.read(box.start, box.size)));
  }
  return timings;
}

/** Inspects an open source; the caller closes it. */
export async function inspectSource(source: ByteSource, options: InspectOptions = {}): Promise<FileInspection> {
  const walk = await walkTopLevel(source);
  const layout = judgeLayout(walk, source.size);
  const moovBox = walk.boxes.find((box) => box.type === 'moov');
  let moov: MoovInfo | undefined;
  let moovUnread: string | undefined;
  let moovBytes: Uint8Array | undefined;
  if (options.readMoov !== false && moovBox) {
    const payloadSize = moovBox.size - moovBox.headerSize;
    if (moovBox.end > source.size) moovUnread = 'moov is cut off by the end of the file';
    else if (payloadSize > (options.maxMoovBytes ?? MAX_MOOV_BYTES)) {
      moovUnread = `moov is ${payloadSize} bytes, more than the ${options.maxMoovBytes ?? MAX_MOOV_BYTES} read`;
    }
    else {
      const bytes = await source.read(moovBox.start + moovBox.headerSize, payloadSize);
      // Kept bytes must be our own: a small read is a view of the source's block, which the next read reuses.
      moovBytes = options.keepMoovBytes ? (source.ownsReads?.(payloadSize) ? bytes : Uint8Array.from(bytes)) : undefined;
      moov = parseMoov(bytes, moovBox.start + moovBox.headerSize);
      if (moov.fragmented) moov = withFragmentDurations(moov, await readMoofTimings(source, walk.boxes), moov.movieHeaderSec);
    }
  }
  return fromWalk(walk, layout, source.size, { moov, moovUnread, moovBytes });
}

function fromWalk(walk: TopLevelWalk, layout: LayoutVerdict, size: number, read: Pick<FileInspection, 'moov' | 'moovUnread' | 'moovBytes'>): FileInspection {
  const ok = layout.verdict === 'faststart' || layout.verdict === 'moov-after-mdat';
  return {
    size,
    layout,
    topLevel: walk.boxes,
    omittedBoxes: walk.omitted,
    ...read,
    startupBytes: ok ? startupBytes(walk.boxes, read.moov, size) : undefined,
  };
}

/**
 * What the top-level boxes alone tell (moov is not read), synchronously: for walks over thousands of
 * files (check), where a promise per read costs more than the read.
 */
export function inspectTopLevelSync(file: string): FileInspection {
  const source = openByteSourceSync(file);
  try {
    const walk = walkTopLevelSync(source);
    return fromWalk(walk, judgeLayout(walk, source.size), source.size, { moov: undefined, moovUnread: undefined });
  } finally {
    source.closeSync();
  }
}

export async function inspectFile(file: string, options: InspectOptions = {}): Promise<FileInspection> {
  const source = await openByteSource(file);
  try {
    return await inspectSource(source, options);
  } finally {
    await source.close();
  }
}
