// Reads what a file's boxes tell without decoding anything: layout verdict, moov's tree and tracks,
// startup bytes. The I/O side; everything it calls on the bytes is pure.
import type { BoxHeader } from './box-header.js';
import { type ByteSource, openByteSource } from './byte-source.js';
import { type LayoutVerdict, judgeLayout } from './layout-verdict.js';
import { type MoovInfo, parseMoov } from './moov.js';
import { startupBytes } from './startup-bytes.js';
import { walkTopLevel } from './top-level.js';

/** A moov larger than this is not read into memory (its tracks are then not reported). */
export const MAX_MOOV_BYTES = 64 * 1024 * 1024;

export interface FileInspection {
  size: number;
  layout: LayoutVerdict;
  topLevel: BoxHeader[];
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
    else if (payloadSize > MAX_MOOV_BYTES) moovUnread = `moov is ${payloadSize} bytes, more than the ${MAX_MOOV_BYTES} read`;
    else {
      // A copy when kept: the source may reuse its read buffer.
      const bytes = await source.read(moovBox.start + moovBox.headerSize, payloadSize);
      moovBytes = options.keepMoovBytes ? Uint8Array.from(bytes) : undefined;
      moov = parseMoov(bytes, moovBox.start + moovBox.headerSize);
    }
  }
  const ok = layout.verdict === 'faststart' || layout.verdict === 'moov-after-mdat';
  return {
    size: source.size,
    layout,
    topLevel: walk.boxes,
    moov,
    moovUnread,
    moovBytes,
    startupBytes: ok ? startupBytes(walk.boxes, moov, source.size) : undefined,
  };
}

export async function inspectFile(file: string, options: InspectOptions = {}): Promise<FileInspection> {
  const source = await openByteSource(file);
  try {
    return await inspectSource(source, options);
  } finally {
    await source.close();
  }
}
