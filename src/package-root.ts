// Files shipped with the package (package.json, presets/) found from wherever this code runs: the
// compiled dist/ tree or the one bundled entry file (dist/streamprep.mjs).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The package's root folder: the nearest folder above this module holding package.json and presets/. */
export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'presets'))) return (root = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`streamprep's package.json was not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
