// A file a user names "::warning::pwned.mp4" or "::add-mask::x.mp4" must never start a line of human
// output: GitHub's runner reads any line that begins (after leading spaces) with "::" as a workflow
// command. Every command that prints names is run for real on such files, inside and outside Actions.
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../helpers/media.js';

const HOSTILE = ['::warning::pwned.mp4', '::add-mask::x.mp4'];

/** Lines that GitHub would take as workflow commands, other than the annotations check emits on purpose. */
const injected = (text: string): string[] =>
  text.split(/\r?\n/).filter((line) => line.trimStart().startsWith('::') && !line.startsWith('::error file='));

describe('names never start a line', () => {
  it.each([['under GitHub Actions', 'true'], ['outside it', '']])('optimize, inspect, check, faststart and --print-command, %s', async (_label, actions) => {
    const dir = await tempDir('workflow-names');
    await mkdir(path.join(dir, 'in'));
    for (const name of HOSTILE) await copyFile(path.join(FIXTURES, 'chunk-moov-at-end.mp4'), path.join(dir, 'in', name));
    const env = { GITHUB_ACTIONS: actions };
    const runs = [
      await runCli(['optimize', 'in', '-o', 'out', '--no-progress'], { cwd: dir, env }),
      await runCli(['optimize', 'in', '-o', 'out2'], { cwd: dir, env }),
      await runCli(['optimize', 'in', '-o', 'out3', '--print-command'], { cwd: dir, env }),
      await runCli(['optimize', 'in', '-o', 'in', '--print-command'], { cwd: dir, env }),
      await runCli(['inspect', path.join('in', HOSTILE[0] as string)], { cwd: dir, env }),
      await runCli(['check', 'in', 'out'], { cwd: dir, env }),
      await runCli(['faststart', 'in', '-o', 'fs'], { cwd: dir, env }),
      await runCli(['watch', 'in', '-o', 'out4', '--once'], { cwd: dir, env }),
    ];
    expect(runs[0]?.code).toBe(0);
    expect(runs[0]?.stdout).toMatch(/::warning::pwned\.mp4/); // the name is shown, just never first
    for (const run of runs) {
      expect(injected(run.stdout)).toEqual([]);
      expect(injected(run.stderr)).toEqual([]);
    }
  });
});
