// Whether two paths reach the same file: compared by what the file system says (device + inode, real
// folders), never by path text, so symlinked folders, "..", hard links and bind mounts cannot make an
// output or a report land on an input.
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** `dev:ino` of what `file` names (symlinks followed), or undefined when nothing is there. */
export async function identityOf(file: string): Promise<string | undefined> {
  const info = await stat(file, { bigint: true }).catch(() => undefined);
  return info ? `${info.dev}:${info.ino}` : undefined;
}

/** The real path of `dir`, or of its nearest existing ancestor with the missing rest appended. */
export async function realFolder(dir: string): Promise<string> {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    const real = await realpath(current).catch(() => undefined);
    if (real !== undefined) return path.join(real, ...missing);
    const parent = path.dirname(current);
    if (parent === current) return path.resolve(dir);
    missing.unshift(path.basename(current));
    current = parent;
  }
}

/** The folder entry a rename to `file` replaces: its real folder and its own name. */
export async function realEntry(file: string): Promise<string> {
  const absolute = path.resolve(file);
  return path.join(await realFolder(path.dirname(absolute)), path.basename(absolute));
}

/** Every way writing `file` could reach existing data: its folder entry, the file a symlink leads to, its inode. */
export async function fileKeys(file: string): Promise<string[]> {
  const [entry, real, identity] = await Promise.all([
    realEntry(file), realpath(file).catch(() => undefined), identityOf(file),
  ]);
  return [`entry:${entry}`, ...(real ? [`entry:${real}`] : []), ...(identity ? [`inode:${identity}`] : [])];
}

/** Files by identity: which known file (if any) would a write to a path reach? */
export class FileIdentities {
  readonly #owners = new Map<string, string>();

  async add(file: string, label: string = file): Promise<void> {
    for (const key of await fileKeys(file)) if (!this.#owners.has(key)) this.#owners.set(key, label);
  }

  /** The label of the known file that writing `file` would replace, or undefined. */
  async find(file: string): Promise<string | undefined> {
    for (const key of await fileKeys(file)) {
      const owner = this.#owners.get(key);
      if (owner !== undefined) return owner;
    }
    return undefined;
  }
}

/** Whether `child` lies inside `parent` (both absolute, already real). */
export const isInside = (child: string, parent: string): boolean =>
  child !== parent && child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
