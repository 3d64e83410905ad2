// Makes sure no output lands on an input: each output path is compared with every input by real
// identity (folder entry through real folders, symlink target, device + inode), and with the other
// outputs by real folder entry. Names longer than the file system allows are refused here too.
import { FileIdentities, realEntry } from '../files/identity.js';
import { nameTooLong } from '../files/temp-names.js';
import type { OutputAssignment } from './output-paths.js';

/** At most this many file-system look-ups at once. */
const PARALLEL = 32;

async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface GuardedOutputs {
  assignments: OutputAssignment[];
  /** Every input and output, by identity: what a report file must not replace. */
  known: FileIdentities;
}

export async function guardOutputs(assignments: readonly OutputAssignment[]): Promise<GuardedOutputs> {
  const known = new FileIdentities();
  await mapLimited(assignments, PARALLEL, (assignment) => known.add(assignment.input.path, `the input ${assignment.input.path}`));
  const checked = await mapLimited(assignments, PARALLEL, async (assignment) => {
    const { output } = assignment;
    if (!output) return { assignment, entry: undefined };
    const refuse = (conflict: string) => ({ assignment: { ...assignment, output: undefined, conflict }, entry: undefined });
    const tooLong = nameTooLong(output);
    if (tooLong) return refuse(tooLong);
    const owner = await known.find(output);
    if (owner) {
      const whose = owner === `the input ${assignment.input.path}` ? 'the input itself' : owner;
      return refuse(`output ${output} would overwrite ${whose} (the same file on disk); choose another -o folder`);
    }
    return { assignment, entry: await realEntry(output) };
  });
  const taken = new Map<string, string>();
  const guarded = checked.map(({ assignment, entry }) => {
    if (!entry) return assignment;
    const owner = taken.get(entry);
    if (owner) return { ...assignment, output: undefined, conflict: `output ${assignment.output} is the same file as the output of ${owner}; rename one of them` };
    taken.set(entry, assignment.input.path);
    return assignment;
  });
  await mapLimited(guarded, PARALLEL, async ({ output }) => {
    if (output) await known.add(output, `the output ${output}`);
  });
  return { assignments: guarded, known };
}
