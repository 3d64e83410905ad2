// watch --done-dir: a verified original is moved out of the watched folder, only if it is still the very
// file that was encoded and nothing of that name waits in the done folder.
import { rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { getErrorMessage } from '../errors.js';
import { type InputState, readInputState, sameState } from '../pipeline/input-state.js';

export async function moveToDoneDir(file: string, doneDir: string, encoded: InputState | undefined): Promise<{ ok: true; to: string } | { ok: false; reason: string }> {
  const to = path.join(doneDir, path.basename(file));
  try {
    if (!sameState(encoded, await readInputState(file))) throw new Error('it changed after it was encoded; it will be encoded again');
    if (await stat(to).then(() => true, () => false)) throw new Error(`${to} exists`);
    await rename(file, to);
    return { ok: true, to };
  } catch (error) {
    return { ok: false, reason: getErrorMessage(error) };
  }
}
