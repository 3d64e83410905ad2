// Running the built CLI as another user, wherever the checkout lives. Root ignores file permissions, so a
// test that needs a permission error runs the CLI as `nobody`; `nobody` may not enter the checkout (a
// private 0700 home or `mktemp -d`), nor a private TMPDIR. So the CLI, its presets and the packages that
// ship its binaries are copied once into a folder every user can reach, and the test's files live there too.
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT, testTempRoot } from './media.js';
import type { CliResult } from './media.js';

export const NOBODY = 65534;
export const isRoot = (): boolean => process.getuid?.() === 0;

/** Whether every folder from `dir` up to / lets other users pass (o+x). */
function reachableByOthers(dir: string): boolean {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const info = statSync(current, { throwIfNoEntry: false });
    if (!info || (info.mode & 0o001) === 0) return false;
    if (path.dirname(current) === current) return true;
  }
}

/** A base folder other users can reach: the temporary folder, unless it is private. */
export function sharedTempBase(): string {
  const found = [testTempRoot(), os.tmpdir(), '/tmp', '/var/tmp', '/dev/shm'].find(reachableByOthers);
  if (!found) throw new Error('no temporary folder other users can reach (tried TMPDIR, /tmp, /var/tmp, /dev/shm)');
  return found;
}

/** A fresh folder other users can enter and write in. */
export async function sharedTempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(sharedTempBase(), `streamprep-${label}-`));
  await chmod(dir, 0o777);
  return dir;
}

let copied: string | undefined;

/** The built CLI in a folder every user can read: bin/, dist/bundle/, presets/, package.json and the packages that ship the binaries — no optional package (bullmq, ioredis, playwright-core). */
/** Hard links where the file system allows (the binaries are 134 MB), copies elsewhere. */
function linkOrCopy(from: string, to: string): void {
  const info = statSync(from);
  if (info.isDirectory()) {
    mkdirSync(to, { recursive: true, mode: 0o755 });
    for (const name of readdirSync(from)) linkOrCopy(path.join(from, name), path.join(to, name));
    return;
  }
  try {
    linkSync(from, to);
  } catch {
    cpSync(from, to, { preserveTimestamps: true });
  }
}

export function readableCli(): string {
  if (copied) return copied;
  const dir = mkdtempSync(path.join(sharedTempBase(), 'streamprep-cli-'));
  for (const part of ['bin', 'dist/bundle', 'presets', 'package.json', 'node_modules/@ffmpeg-installer', 'node_modules/@ffprobe-installer']) {
    linkOrCopy(path.join(ROOT, part), path.join(dir, part));
  }
  chmodSync(dir, 0o755);
  // Under the run's folder, which the run removes; outside a run, when this process exits.
  if (!process.env.STREAMPREP_TEST_TMP) process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  copied = dir;
  return dir;
}

/**
 * Runs `streamprep <args>` as `nobody` when this process is root (from the readable copy), else as this
 * user: either way permissions apply to it.
 */
export function runCliAsOtherUser(args: string[], { cwd }: { cwd: string }): Promise<CliResult> {
  const asNobody = isRoot();
  const cli = path.join(asNobody ? readableCli() : ROOT, 'bin', 'streamprep.js');
  const [command, ...rest] = asNobody
    ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, cli, ...args]
    : [process.execPath, cli, ...args];
  return new Promise((resolve) => {
    execFile(command as string, rest, { cwd, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      resolve({ code: (error as { code?: number } | null)?.code ?? 0, stdout, stderr }));
  });
}
