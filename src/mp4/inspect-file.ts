// Reads what a file's boxes tell without decoding anything: layout verdict, moov's tree and tracks,
// startup bytes. The I/O side; everything it calls on the bytes is pure.
import type { BoxHeader } from './box-header.js';
import { openByteSource } from './byte-source.js';
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
  startupBytes: number | undefined;
}

export async function inspectFile(file: string, options: { readMoov?: boolean } = {}): Promise<FileInspection> {
  const source = await openByteSource(file);
  try {
    const walk = await walkTopLevel(source);
    const layout = judgeLayout(walk, source.size);
    const moovBox = walk.boxes.find((box) => box.type === 'moov');
    let moov: MoovInfo | undefined;
    let moovUnread: string | undefined;
    if (options.readMoov !== false && moovBox) {
      const payloadSize = moovBox.size - moovBox.headerSize;
      if (moovBox.end > source.size) moovUnread = 'moov is cut off by the end of the file';
      else if (payloadSize > MAX_MOOV_BYTES) moovUnread = `moov is ${payloadSize} bytes, more than the ${MAX_MOOV_BYTES} read`;
      else moov = parseMoov(await source.read(moovBox.start + moovBox.headerSize, payloadSize), moovBox.start + moovBox.headerSize);
    }
    const ok = layout.verdict === 'faststart' || layout.verdict === 'moov-after-mdat';
    return {
      size: source.size,
      layout,
      topLevel: walk.boxes,
      moov,
      moovUnread,
      startupBytes: ok ? startupBytes(walk.boxes, moov, source.size) : undefined,
    };
  } finally {
    await source.close();
  }
}
