// Reads a file's top-level box headers and judges its layout: the I/O side of the faststart check.
import { openByteSource } from './byte-source.js';
import { type LayoutVerdict, judgeLayout } from './layout-verdict.js';
import { walkTopLevel } from './top-level.js';

export async function checkLayout(file: string): Promise<LayoutVerdict> {
  const source = await openByteSource(file);
  try {
    return judgeLayout(await walkTopLevel(source), source.size);
  } finally {
    await source.close();
  }
}
