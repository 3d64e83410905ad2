// What an input was when its encode began — identity, size, mtime — so that a file renamed over,
// truncated, appended to or rewritten while ffmpeg read it is never reported (or moved away) as encoded.
import { stat } from 'node:fs/promises';

export interface InputState {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
}

export async function readInputState(file: string): Promise<InputState | undefined> {
  const info = await stat(file, { bigint: true }).catch(() => undefined);
  return info ? { dev: info.dev, ino: info.ino, size: info.size, mtimeNs: info.mtimeNs } : undefined;
}

/** How `after` differs from `before`, in words, or undefined when it is the same file, unchanged. Pure. */
export function describeChange(before: InputState, after: InputState | undefined): string | undefined {
  if (!after) return 'the input was removed or renamed while it was encoded';
  if (after.dev !== before.dev || after.ino !== before.ino) return 'the input was replaced by another file while it was encoded';
  if (after.size !== before.size) return `the input changed size while it was encoded (${before.size} → ${after.size} bytes)`;
  if (after.mtimeNs !== before.mtimeNs) return 'the input was written to while it was encoded';
  return undefined;
}

export const sameState = (a: InputState | undefined, b: InputState | undefined): boolean =>
  a !== undefined && b !== undefined && describeChange(a, b) === undefined;
