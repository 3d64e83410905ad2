// Crafted broken files and hostile names in one batch: each bad input fails alone, with a reason,
// leaving nothing behind; the good ones still come out.
import { copyFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { locateBinary } from '../../src/binaries/locate.js';
import { probeMedia } from '../../src/ffmpeg/probe.js';
import { type CliResult, FIXTURES, runCli, tempDir, topLevelTypes, writeBrokenInputs } from '../helpers/media.js';

// Names ffmpeg would read as protocols, options or pseudo-files if they were not passed as file: paths.
const HOSTILE_NAMES = ['concat:a.mp4', '-x.mp4', 'http:x.mp4', 'subfile,,start,0,end,0,,:b.mp4'];

let input: string;
let out: string;
let expected: Record<string, RegExp>;
let result: CliResult;

beforeAll(async () => {
  input = await tempDir('broken-in');
  out = path.join(await tempDir('broken-out'), 'nested', 'out');
  expected = await writeBrokenInputs(input);
  for (const name of [...HOSTILE_NAMES, 'good.mp4']) await copyFile(path.join(FIXTURES, 'slow-10fps.mp4'), path.join(input, name));
  result = await runCli(['optimize', input, '-o', out, '-j', '2']);
});

describe('a batch with broken inputs', () => {
  it('exits 1', () => {
    expect(result.code).toBe(1);
  });

  it('gives each bad input one line naming the file and the cause', () => {
    const failures = result.stderr.split('\n').filter((line) => line.startsWith('failed'));
    expect(failures).toHaveLength(Object.keys(expected).length);
    for (const [name, reason] of Object.entries(expected)) {
      const line = failures.find((l) => l.includes(`${name}: `));
      expect(line, name).toBeDefined();
      expect(line?.split(`${name}: `)[1], name).toMatch(reason);
    }
  });

  it('still optimizes the good files, whatever their names', async () => {
    const written = (await readdir(out)).sort();
    expect(written).toEqual([...HOSTILE_NAMES, 'good.mp4'].sort());
    for (const name of written) {
      const types = await topLevelTypes(path.join(out, name));
      expect(types.indexOf('moov')).toBeLessThan(types.indexOf('mdat'));
    }
  });

  it('writes nothing for a failed input: no file, no temporary file', async () => {
    const written = await readdir(out);
    expect(written.filter((name) => name.startsWith('.'))).toEqual([]);
    for (const name of Object.keys(expected)) expect(written).not.toContain(name);
  });

  it('leaves no output folder behind when every input fails', async () => {
    const onlyBad = await tempDir('only-bad');
    await writeBrokenInputs(onlyBad);
    const target = path.join(await tempDir('only-bad-out'), 'made', 'here');
    const run = await runCli(['optimize', onlyBad, '-o', target, '--no-progress']);
    expect(run.code).toBe(1);
    expect(await readdir(path.dirname(path.dirname(target)))).toEqual([]);
  });
});

describe('the prober itself refuses playlists', () => {
  it('does not open an HLS playlist even when asked directly (ffprobe, and ffmpeg when ffprobe cannot run)', async () => {
    const ffprobe = locateBinary('ffprobe');
    const ffmpeg = locateBinary('ffmpeg');
    if (!ffprobe || 'error' in ffprobe || !ffmpeg || 'error' in ffmpeg) throw new Error('no ffprobe or ffmpeg');
    for (const tools of [{ ffprobe: ffprobe.path, ffmpeg: ffmpeg.path }, { ffprobe: '/nonexistent/ffprobe', ffmpeg: ffmpeg.path }]) {
      const outcome = await probeMedia(tools, path.join(input, 'playlist.mp4'));
      // Opened as HLS it would read segment.dat (a good video) and succeed: the refusal is the failure itself.
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.reason).toMatch(/^[^\n]+$/);
    }
  });
});
