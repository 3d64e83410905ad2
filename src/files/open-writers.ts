// Whether a process still holds a file open for writing. A format without an end marker (Y4M, MPEG-TS,
// Matroska from a writer that cannot seek) can only be judged ended by stillness, and a writer on a loaded
// machine can pause longer than any stillness rule: as long as its writer still has it open, it has not
// ended. Linux only (/proc); elsewhere the answer is `undefined` (unknown) and stillness alone decides.
// Only processes whose descriptors this user may read are seen (a writer is normally the same user).
import { readFile, readdir, stat } from 'node:fs/promises';

/** O_ACCMODE of the octal `flags:` line of /proc/<pid>/fdinfo/<fd>: 1 (write only) or 2 (read-write) write. */
export function fdinfoWrites(fdinfo: string): boolean {
  const flags = /^flags:\s*([0-7]+)\s*$/m.exec(fdinfo)?.[1];
  if (flags === undefined) return false;
  return (Number.parseInt(flags, 8) & 0o3) !== 0;
}

const numeric = (name: string): boolean => /^\d+$/.test(name);

/**
 * Whether any process has the file with identity `id` (`dev:ino`, as
 * statLook gives it) open for writing. `undefined` when this system has no /proc to ask.
 */
export async function heldOpenForWriting(id: string, proc = '/proc'): Promise<boolean | undefined> {
  const pids = await readdir(proc).catch(() => undefined);
  if (!pids) return undefined;
  for (const pid of pids) {
    // This process too: a program may write a chunk and watch its folder (streamprep itself never writes an input).
    if (!numeric(pid)) continue;
    const fds = await readdir(`${proc}/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      if (!numeric(fd)) continue;
      // stat follows the descriptor's link to the open file itself: its identity, whatever its path now.
      const target = await stat(`${proc}/${pid}/fd/${fd}`, { bigint: true }).catch(() => undefined);
      if (!target?.isFile() || `${target.dev}:${target.ino}` !== id) continue;
      if (fdinfoWrites(await readFile(`${proc}/${pid}/fdinfo/${fd}`, 'utf8').catch(() => ''))) return true;
    }
  }
  return false;
}
