import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/inputs/expand.js';
import { tempDir } from '../helpers/media.js';

let dir: string;

beforeAll(async () => {
  dir = await tempDir('expand');
  for (const file of ['a.mp4', 'b.MOV', 'notes.txt', 'sub/c.mkv', 'sub/deep/d.webm', '.hidden/e.mp4', 'out/old.mp4', 'sub/.x.streamprep-1-ab.tmp.mp4']) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), 'x');
  }
});

const names = (files: Array<{ path: string }>) => files.map((file) => path.relative(dir, file.path)).sort();

describe('expandInputs', () => {
  it('finds video files in folders, recursively, skipping hidden folders, temp files and the excluded output', async () => {
    const { files, missing } = await expandInputs([dir], { exclude: [path.join(dir, 'out')] });
    expect(names(files)).toEqual(['a.mp4', 'b.MOV', 'sub/c.mkv', 'sub/deep/d.webm']);
    expect(files.every((file) => file.root === dir)).toBe(true);
    expect(missing).toEqual([]);
  });

  it('takes a named file whatever its extension, with its folder as root', async () => {
    const { files } = await expandInputs(['notes.txt'], { cwd: dir });
    expect(files).toEqual([{ path: path.join(dir, 'notes.txt'), root: dir }]);
  });

  it('expands globs from their base folder', async () => {
    const { files } = await expandInputs(['sub/**/*.{mkv,webm}'], { cwd: dir });
    expect(names(files)).toEqual(['sub/c.mkv', 'sub/deep/d.webm']);
    expect(files[0]?.root).toBe(path.join(dir, 'sub'));
  });

  it('walks a folder inside another folder given only once', async () => {
    const { files } = await expandInputs([dir, path.join(dir, 'sub'), path.join(dir, 'sub/c.mkv')], { exclude: [path.join(dir, 'out')] });
    expect(names(files)).toEqual(['a.mp4', 'b.MOV', 'sub/c.mkv', 'sub/deep/d.webm']);
  });

  it('lists inputs that name nothing, and takes a file only once', async () => {
    const { files, missing } = await expandInputs(['a.mp4', './a.mp4', 'nope.mp4', 'none/*.mp4'], { cwd: dir });
    expect(names(files)).toEqual(['a.mp4']);
    expect(missing).toEqual([
      { input: 'nope.mp4', reason: 'no such file or folder' },
      { input: 'none/*.mp4', reason: 'no files match this pattern' },
    ]);
  });
});
