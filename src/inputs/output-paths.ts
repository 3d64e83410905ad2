// Maps inputs to output paths under the output folder, keeping their relative paths. Pure.
import path from 'node:path';
import { type Failure, failure } from '../report/causes.js';
import type { InputFile } from './expand.js';

export interface OutputAssignment {
  input: InputFile;
  /** Absolute output path, or undefined when `conflict` says why there is none. */
  output: string | undefined;
  conflict: Failure | undefined;
}

/** The deepest folder that contains every root. */
export function commonRoot(roots: readonly string[]): string {
  if (roots.length === 0) return path.resolve('.');
  const split = roots.map((root) => path.resolve(root).split(path.sep));
  const first = split[0] as string[];
  let length = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < length && i < parts.length && parts[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length).join(path.sep) || path.sep;
}

/**
 * Output = outdir / (input's path relative to the common root of all inputs), with a .mp4 extension
 * unless `keepExtension`.
 * Two inputs that would share an output, and an output that is the input itself, are conflicts.
 */
export function assignOutputs(inputs: readonly InputFile[], outdir: string, options: { keepExtension?: boolean } = {}): OutputAssignment[] {
  const base = commonRoot(inputs.map((input) => input.root));
  const taken = new Map<string, string>();
  return inputs.map((input) => {
    const relative = path.relative(base, input.path);
    const parsed = path.parse(relative);
    const output = path.resolve(outdir, parsed.dir, options.keepExtension ? parsed.base : `${parsed.name}.mp4`);
    if (output === path.resolve(input.path)) {
      return { input, output: undefined, conflict: failure('collision', `output ${output} would overwrite the input; choose another -o folder`) };
    }
    const owner = taken.get(output);
    if (owner) {
      return { input, output: undefined, conflict: failure('collision', `output ${output} is already the output of ${owner}; rename one of them`) };
    }
    taken.set(output, input.path);
    return { input, output, conflict: undefined };
  });
}
