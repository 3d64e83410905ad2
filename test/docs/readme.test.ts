// The README's code blocks are run, so a recipe cannot rot: every block that is a command or a program
// says how it is tested — run here, run by a named test, or not run and why. Here: the transcripts
// (`$ …` lines) run in order in one folder as a new user would (after the first command), their output
// compared with what is printed (numbers and units aside; `…` lines skipped), the library programs
// compiled and run against the package, the preset shown compared with the one shipped.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { transform } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, FIXTURES, ROOT, tempDir } from '../helpers/media.js';
import { type ReadmeBlock, isRunnable, readmeBlocks } from '../helpers/readme.js';

const exec = promisify(execFile);
let blocks: ReadmeBlock[];
let work: string;

const MARKERS = [
  /^run( in \w+)?(, exit \d+)?(, output varies \(.+\))?$/,
  /^run by test\/\S+\.test\.ts( \(.+\))?$/,
  /^not run — .{20,}$/,
  /^output of streamprep .+?(, exit \d+)?$/,
];

/** A shell line as a user types it, with `streamprep` the package's CLI on this Node. */
async function shell(line: string, cwd: string): Promise<{ code: number; output: string; stdout: string }> {
  const command = line.replace(/^((?:\w+=\S*\s+)*)streamprep\b/, (_all, env: string) => `${env}'${process.execPath}' '${CLI}'`);
  try {
    const { stdout, stderr } = await exec('bash', ['-c', command], { cwd, maxBuffer: 1 << 26, env: { ...process.env, COLUMNS: '250' } });
    return { code: 0, output: stdout + stderr, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: (failed.stdout ?? '') + (failed.stderr ?? ''), stdout: failed.stdout ?? '' };
  }
}

/** A line without what differs from run to run: numbers, size units, runs of spaces. */
const normal = (line: string): string => line.replace(/\d+(?:[.,]\d+)*/g, '#').replace(/# (B|kB|MB|GB)\b/g, '# U').replace(/─+/g, '─').replace(/\s+/g, ' ').trim();

/** Every printed line (but `…` ones) is among the lines the command printed, in normal form. */
function expectShownLines(shown: readonly string[], output: string, where: string): void {
  const actual = new Set(output.split('\n').map(normal));
  const missing = shown.filter((line) => line.trim() && !line.includes('…')).filter((line) => !actual.has(normal(line)));
  expect(missing, `${where}: lines the README prints that the command does not (it printed:\n${output})`).toEqual([]);
}

beforeAll(async () => {
  blocks = await readmeBlocks();
  work = await tempDir('readme');
  await symlink(FIXTURES, path.join(work, 'fixtures'));
});

describe('the README\'s code blocks', () => {
  it('each one that is a command or a program says how it is tested', async () => {
    const all = await readmeBlocks();
    const problems: string[] = [];
    for (const block of all) {
      if (!isRunnable(block) && !block.marker) continue;
      if (!block.marker) problems.push(`line ${block.line}: a ${block.lang || 'transcript'} block without a <!-- test: … --> marker`);
      else if (!MARKERS.some((pattern) => pattern.test(block.marker as string))) problems.push(`line ${block.line}: marker "${block.marker}" is not one of run / run by <test> / not run — <reason> / output of <command>`);
      const by = /^run by (test\/\S+\.test\.ts)/.exec(block.marker ?? '')?.[1];
      if (by) {
        const text = await readFile(path.join(ROOT, by), 'utf8').catch(() => '');
        if (!text.includes('README')) problems.push(`line ${block.line}: ${by} does not exist or does not read the README`);
      }
    }
    expect(problems).toEqual([]);
    expect(all.filter((block) => block.marker?.startsWith('run') || block.marker?.startsWith('output of')).length).toBeGreaterThan(8);
  });

  it('the transcripts and outputs, run in order in one folder: the commands succeed (or fail as shown) and print what is shown', async () => {
    const setups: Record<string, () => Promise<void>> = {
      // A generator's folder of twelve chunks.
      gen: async () => {
        await mkdir(path.join(work, 'gen'), { recursive: true });
        for (let i = 1; i <= 12; i++) await copyFile(path.join(FIXTURES, 'chunk-moov-at-end.mp4'), path.join(work, 'gen', `s${String(i).padStart(2, '0')}.mp4`));
      },
    };
    let ran = 0;
    for (const block of blocks) {
      const marker = block.marker ?? '';
      const exit = Number(/, exit (\d+)/.exec(marker)?.[1] ?? 0);
      const where = `README line ${block.line}`;
      const output = /^output of (streamprep .+?)(, exit \d+)?$/.exec(marker);
      if (output) {
        const result = await shell(output[1] as string, work);
        expect(result.code, `${where}: ${output[1]}\n${result.output}`).toBe(exit);
        if (block.line < 40) {
          // The main command's table: every row's status and file, and the summary line.
          const rows = (text: string) => text.split('\n').filter((line) => /^(ok|failed|skipped) /.test(line)).map((line) => line.split(/\s+/).slice(0, 2).join(' '));
          expect(rows(result.stdout).sort()).toEqual(rows(block.body).sort());
          expect(normal(result.stdout.trim().split('\n').at(-1) as string)).toBe(normal(block.body.trim().split('\n').at(-1) as string));
        } else expectShownLines(block.body.split('\n'), result.output, where);
        ran++;
        continue;
      }
      if (!/^run( in \w+)?(,|$)/.test(marker) || !/^\$ /m.test(block.body)) continue;
      const setup = /^run in (\w+)/.exec(marker)?.[1];
      if (setup) await setups[setup]?.();
      // Each `$ command` with the lines up to the next one: what it printed.
      const steps = block.body.split(/^\$ /m).filter(Boolean).map((step) => {
        const [command, ...shown] = step.split('\n');
        return { command: command as string, shown };
      });
      for (const { command, shown } of steps) {
        const file = /^cat (\S+)$/.exec(command)?.[1];
        // `$ cat f` shows a file the next command reads: it is made as shown.
        if (file && !(await stat(path.join(work, file)).catch(() => undefined))) await writeFile(path.join(work, file), `${shown.join('\n').trim()}\n`);
        const result = await shell(command, work);
        expect(result.code, `${where}: ${command}\n${result.output}`).toBe(exit);
        if (!marker.includes('output varies')) expectShownLines(shown, result.output, `${where}: ${command}`);
      }
      ran++;
    }
    expect(ran).toBeGreaterThanOrEqual(7);
  }, 300_000);

  it('the library programs compile and run against the package as printed', async () => {
    const programs = blocks.filter((block) => block.lang === 'ts' && block.marker === 'run');
    expect(programs.length).toBeGreaterThanOrEqual(3);
    for (const program of programs) {
      const project = await tempDir('readme-program');
      await mkdir(path.join(project, 'node_modules'));
      await symlink(ROOT, path.join(project, 'node_modules', 'streamprep'));
      for (const folder of ['chunks', 'gen']) await mkdir(path.join(project, folder));
      await copyFile(path.join(FIXTURES, 'chunk-moov-at-end.mp4'), path.join(project, 'chunks', 'a.mp4'));
      await copyFile(path.join(FIXTURES, 'chunk-moov-at-end.mp4'), path.join(project, 'gen', 's1.mp4'));
      await copyFile(path.join(FIXTURES, 'slow-10fps.mp4'), path.join(project, 'gen', 's2.mp4'));
      const { code } = await transform(program.body, { loader: 'ts', format: 'esm', target: 'node20' });
      await writeFile(path.join(project, 'program.mjs'), code);
      const result = await shell(`'${process.execPath}' program.mjs`, project);
      expect(result.code, `README line ${program.line}:\n${result.output}`).toBe(0);
      if (program.body.includes('talk.append')) {
        expect(result.output).toMatch(/announce \/talk-42\.hls\/0001\.mp4\nannounce \/talk-42\.hls\/0002\.mp4/);
        expect(await readFile(path.join(project, 'public', 'talk-42.hls', 'playlist.m3u8'), 'utf8')).toMatch(/#EXT-X-ENDLIST/);
      }
      if (program.body.includes('onChunk')) expect(result.output).toMatch(/url: '\/chunks\/s1\.mp4'/);
      if (program.body.includes('formatTextTable')) expect(result.output).toMatch(/^ok +chunks\/a\.mp4 /m);
    }
  }, 300_000);

  it('the preset shown is the one shipped', () => {
    const shown = blocks.filter((block) => block.lang === 'json' && block.marker === 'run');
    expect(shown).toHaveLength(1);
    return readFile(path.join(ROOT, 'presets', 'streaming.json'), 'utf8').then((text) => expect(JSON.parse((shown[0] as ReadmeBlock).body)).toEqual(JSON.parse(text)));
  });
});
