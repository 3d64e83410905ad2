// --print-command prints the resolved job a run spawns: a stand-in ffmpeg records the argv of every
// encode of a real run, and each equals the printed command (the run writes to a temporary name beside
// the final one, which the printed command names).
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quoteCommand } from '../../src/cli/quote.js';
import { isOwnTempName } from '../../src/files/temp-names.js';
import { FIXTURES, ffmpegPath, runCli, tempDir } from '../helpers/media.js';

describe('--print-command', () => {
  it('prints exactly the argv a run spawns, threads included', async () => {
    const dir = await tempDir('print-command');
    const record = path.join(dir, 'argv.log');
    const standIn = path.join(dir, 'ffmpeg');
    // Records each encode's arguments (NUL-separated, one record per line), then runs the real ffmpeg.
    await writeFile(standIn, `#!/bin/sh
case " $* " in *" -version "*|*" -encoders "*) ;; *) printf '%s\\0' "$0" "$@" >> '${record}'; printf '\\n' >> '${record}';; esac
exec '${ffmpegPath()}' "$@"
`);
    await chmod(standIn, 0o755);
    const inputs = ['slow-10fps.mp4', 'chunk-moov-at-end.mp4', 'odd-size-321x241.mp4'].map((name) => path.join(FIXTURES, name));
    const env = { FFMPEG_PATH: standIn };
    const printed = await runCli(['optimize', ...inputs, '-o', path.join(dir, 'out'), '--print-command'], { env });
    expect(printed.code).toBe(0);
    const ran = await runCli(['optimize', ...inputs, '-o', path.join(dir, 'out'), '--no-progress'], { env });
    expect(ran.code).toBe(0);

    const recorded = (await readFile(record, 'utf8')).split('\0\n').filter(Boolean).map((line) => line.split('\0'));
    expect(recorded).toHaveLength(3);
    const spawned = recorded.map((argv) => {
      // The run writes file:<dir>/.<name>.streamprep-<pid>-<hex>.tmp.mp4; the printed command the final name.
      const last = argv.at(-1) as string;
      const temp = path.basename(last);
      expect(isOwnTempName(temp)).toBe(true);
      const final = temp.replace(/^\./, '').replace(/\.streamprep-\d+-[0-9a-f]{8}\.tmp(\.mp4)$/, '$1');
      return quoteCommand([...argv.slice(0, -1), `file:${path.join(path.dirname(last.slice('file:'.length)), final)}`]);
    });
    expect(spawned.sort()).toEqual(printed.stdout.trim().split('\n').sort());
    expect(printed.stdout).toContain('-threads');
  });
});
