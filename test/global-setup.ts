// One temporary folder per test run, removed when the run ends: every test's temporary files (and the
// readable copy of the CLI) live under it, so repeated runs do not fill the disk. Workers inherit it
// through the environment. Other users can pass through it (tests that run the CLI as `nobody`).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'streamprep-test-run-'));
  chmodSync(root, 0o755);
  process.env.STREAMPREP_TEST_TMP = root;
  return () => rmSync(root, { recursive: true, force: true, maxRetries: 3 });
}
