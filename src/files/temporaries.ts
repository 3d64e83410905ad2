// The registry of files this process must remove if it is stopped before it does so itself: every
// temporary file and output lock, whatever command made it. Kept apart (node:fs only) so the CLI's exit
// hook costs nothing at start-up.
import { rmSync } from 'node:fs';

const live = new Set<string>();

export const registerTemporary = (file: string): void => void live.add(file);
export const forgetTemporary = (file: string): void => void live.delete(file);

/** Removes every registered file at once: for the process's exit after a signal. Synchronous on purpose. */
export function removeTemporariesSync(): void {
  for (const file of live) rmSync(file, { force: true });
  live.clear();
}
