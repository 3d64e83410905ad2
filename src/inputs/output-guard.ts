// The one set of guards every entrance runs before anything is queued or encoded — optimize, watch,
// enqueue, the queue worker and the library's optimizer alike: each output is compared with every input
// by real identity (folder entry through real folders, symlink target, device + inode) and with the other
// outputs; an existing file there must be a video (a text or other file is never replaced); names longer
// than the file system allows are refused; report files are checked against all of them. Only
// assignments that went through here can be encoded (see isGuarded).
import { FileIdentities, realEntry } from '../files/identity.js';
import { openRegularFile } from '../files/open-regular.js';
import { checkReportTarget } from '../files/report-target.js';
import { nameTooLong } from '../files/temp-names.js';
import { TOP_LEVEL_TYPES } from '../mp4/layout-verdict.js';
import { failure } from '../report/causes.js';
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

export interface GuardOptions {
  /** Files the caller will write afterwards (--report), with how the user named them: checked here (UsageError). */
  reports?: ReadonlyArray<{ file: string; label: string }>;
}

const guarded = new WeakSet<OutputAssignment>();

/** Whether an assignment came out of guardOutputs (and so may be encoded). */
export const isGuarded = (assignment: OutputAssignment): boolean => guarded.has(assignment);

/** Why an existing file at `output` must not be replaced by a video, or undefined (nothing there, or a video). */
export async function refuseReplacing(output: string): Promise<string | undefined> {
  const handle = await openRegularFile(output).catch((error: NodeJS.ErrnoException) => error);
  if (handle instanceof Error) {
    if (handle.code === 'ENOENT') return undefined;
    if (handle.code === 'ENOTFILE' || handle.code === 'EISDIR') return `output ${output} exists and is ${handle.message}`;
    return undefined; // unreadable here: the write decides (and reports) later
  }
  try {
    if ((await handle.stat()).size === 0) return undefined;
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    const isVideo = bytesRead === 8 && TOP_LEVEL_TYPES.has(head.subarray(4, 8).toString('latin1'));
    return isVideo ? undefined : `output ${output} exists and is not an MP4 video (streamprep never replaces other files); choose another -o folder`;
  } finally {
    await handle.close();
  }
}

export async function guardOutputs(assignments: readonly OutputAssignment[], options: GuardOptions = {}): Promise<GuardedOutputs> {
  const known = new FileIdentities();
  await mapLimited(assignments, PARALLEL, (assignment) => known.add(assignment.input.path, `the input ${assignment.input.path}`));
  const checked = await mapLimited(assignments, PARALLEL, async (assignment) => {
    const { output } = assignment;
    if (!output) return { assignment, entry: undefined };
    const refuse = (conflict: string) => ({ assignment: { ...assignment, output: undefined, conflict: failure('collision', conflict) }, entry: undefined });
    const tooLong = nameTooLong(output);
    if (tooLong) return refuse(tooLong);
    const owner = await known.find(output);
    if (owner) {
      const whose = owner === `the input ${assignment.input.path}` ? 'the input itself' : owner;
      return refuse(`output ${output} would overwrite ${whose} (the same file on disk); choose another -o folder`);
    }
    const notVideo = await refuseReplacing(output);
    if (notVideo) return refuse(notVideo);
    return { assignment, entry: await realEntry(output) };
  });
  const taken = new Map<string, string>();
  const result = checked.map(({ assignment, entry }) => {
    if (!entry) return assignment;
    const owner = taken.get(entry);
    if (owner) return { ...assignment, output: undefined, conflict: failure('collision', `output ${assignment.output} is the same file as the output of ${owner}; rename one of them`) };
    taken.set(entry, assignment.input.path);
    return assignment;
  }).map((assignment) => ({ ...assignment }));
  for (const assignment of result) guarded.add(assignment);
  await mapLimited(result, PARALLEL, async ({ output }) => {
    if (output) await known.add(output, `the output ${output}`);
  });
  for (const { file, label } of options.reports ?? []) await checkReportTarget(file, known, label);
  return { assignments: result, known };
}
