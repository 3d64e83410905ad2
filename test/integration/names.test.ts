// File names carrying newlines, escape sequences and workflow commands: every medium shows them escaped,
// none of them starts a line of its own; JSON keeps them exact.
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../helpers/media.js';

const INJECTED = 'x\n::warning file=y::injected\n\u001b[31mred\u001b[0m.mp4';

describe('a hostile file name', () => {
  it('cannot inject a line or a terminal sequence anywhere', async () => {
    const dir = await tempDir('names');
    await copyFile(path.join(FIXTURES, 'chunk-moov-at-end.mp4'), path.join(dir, INJECTED));
    const outputs = [
      await runCli(['check', '.', '--junit', 'check.xml'], { cwd: dir, env: { GITHUB_ACTIONS: 'true' } }),
      await runCli(['check', '.', '--preset', 'streaming'], { cwd: dir }),
      await runCli(['optimize', '.', '-o', 'out', '--no-progress', '--report', 'r.md'], { cwd: dir }),
      await runCli(['optimize', '.', '-o', 'out2', '--report-format', 'md'], { cwd: dir }),
      await runCli(['optimize', '.', '-o', 'out3', '--print-command'], { cwd: dir }),
      await runCli(['faststart', '.', '-o', 'web'], { cwd: dir }),
      await runCli(['inspect', INJECTED], { cwd: dir }),
    ];
    const texts = [...outputs.flatMap((result) => [result.stdout, result.stderr]),
      await readFile(path.join(dir, 'r.md'), 'utf8'), await readFile(path.join(dir, 'check.xml'), 'utf8')];
    for (const text of texts) {
      for (const line of text.split('\n')) {
        expect(line).not.toMatch(/^::warning/);
        expect(line).not.toMatch(/\u001b/);
      }
    }
    expect(outputs[0]?.stdout).toMatch(/FAIL  x\\n::warning file=y::injected\\n\\x1b\[31mred\\x1b\[0m\.mp4/);
    expect(outputs[0]?.stdout).toMatch(/^::error file=x%0A%3A%3Awarning file=y%3A%3Ainjected%0A\\x1b\[31mred/m);
    const json = await runCli(['check', INJECTED, '--json'], { cwd: dir });
    expect(JSON.parse(json.stdout).files[0].file).toBe(path.join(dir, INJECTED));
  });
});
