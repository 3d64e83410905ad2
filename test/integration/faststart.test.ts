// faststart on real files: identical packets, same streams, passes check; in place only when verified;
// a file whose offsets cross 4 GiB after the move (sparse, so it costs no disk).
import { execFile } from 'node:child_process';
import { copyFile, open, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { rewriteMoov } from '../../src/faststart/rewrite-moov.js';
import { bufferByteSource } from '../../src/mp4/byte-source.js';
import { walkTopLevel } from '../../src/mp4/top-level.js';
import { FIXTURES, ffmpegPath, ffprobe, runCli, tempDir, topLevelTypes, writeBrokenInputs } from '../helpers/media.js';
import { largeBox } from '../helpers/boxes.js';

const exec = promisify(execFile);
/** MD5 of every packet of every stream, as ffmpeg demuxes them: equal means the media is untouched. */
const packetsMd5 = async (file: string): Promise<string> =>
  (await exec(ffmpegPath(), ['-v', 'error', '-i', file, '-map', '0', '-c', 'copy', '-f', 'md5', '-'])).stdout.trim();
const streams = async (file: string) =>
  (await ffprobe(file)).streams.map((s) => [s.codec_type, s.codec_name, s.width, s.height, s.sample_rate, s.nb_frames]);

const NAMES = ['chunk-moov-at-end.mp4', 'camera-prores-422-10bit.mov', 'hevc-10bit-no-audio.mp4', 'phone-rotated-90.mp4'];

describe('streamprep faststart -o', () => {
  let out: string;
  let result: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    out = await tempDir('faststart');
    result = await runCli(['faststart', ...NAMES.map((name) => path.join(FIXTURES, name)), '-o', out]);
  });

  it('moves moov to the front of each file, keeping names and extensions (exit 0)', async () => {
    expect(result.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual([...NAMES].sort());
    expect(result.stdout).toMatch(/4 file\(s\): 4 moved, 0 unchanged, 0 skipped, 0 failed/);
  });

  it('skips outputs that exist on a second run, as optimize does; -f replaces them', async () => {
    const inputs = NAMES.map((name) => path.join(FIXTURES, name));
    const again = await runCli(['faststart', ...inputs, '-o', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/4 file\(s\): 0 moved, 0 unchanged, 4 skipped, 0 failed/);
    expect(again.stdout).toMatch(/skipped +\S*chunk-moov-at-end\.mp4: output exists \(-f replaces it\)/);
    const forced = await runCli(['faststart', ...inputs, '-o', out, '-f']);
    expect(forced.stdout).toMatch(/4 file\(s\): 4 moved, 0 unchanged, 0 skipped, 0 failed/);
  });

  it.each(NAMES)('%s: identical packets, the same streams and duration, passes check', async (name) => {
    const before = path.join(FIXTURES, name);
    const after = path.join(out, name);
    expect(await packetsMd5(after)).toBe(await packetsMd5(before));
    expect(await streams(after)).toEqual(await streams(before));
    expect((await ffprobe(after)).format.duration).toBe((await ffprobe(before)).format.duration);
    const types = await topLevelTypes(after);
    expect(types.indexOf('moov')).toBeLessThan(types.indexOf('mdat'));
    expect((await stat(after)).size).toBe((await stat(before)).size);
    expect((await runCli(['check', after])).code).toBe(0);
  });

  it('leaves faststart files alone and writes nothing for them', async () => {
    const again = await tempDir('faststart-again');
    const second = await runCli(['faststart', out, '-o', again]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/unchanged +.*already moov before mdat/);
    expect(await readdir(again)).toEqual([]);
  });
});

describe('streamprep faststart --in-place', () => {
  it('replaces a file only with its verified faststart version', async () => {
    const dir = await tempDir('inplace');
    const file = path.join(dir, 'clip.mp4');
    await copyFile(path.join(FIXTURES, 'slow-10fps.mp4'), file);
    const md5 = await packetsMd5(file);
    const result = await runCli(['faststart', file, '--in-place']);
    expect(result.code).toBe(0);
    expect(await topLevelTypes(file)).toEqual(['ftyp', 'free', 'moov', 'mdat']);
    expect(await packetsMd5(file)).toBe(md5);
    expect(await readdir(dir)).toEqual(['clip.mp4']);
  });

  it('leaves broken files untouched (exit 1, nothing written)', async () => {
    const dir = await tempDir('inplace-broken');
    await writeBrokenInputs(dir);
    const before = await readFile(path.join(dir, 'truncated.mp4'));
    const names = (await readdir(dir)).sort();
    const result = await runCli(['faststart', path.join(dir, 'truncated.mp4'), path.join(dir, 'unfinished-recording.mp4'), '--in-place']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/failed +.*truncated\.mp4: truncated: box 'mdat'/);
    expect(await readFile(path.join(dir, 'truncated.mp4'))).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual(names);
  });

  it('needs exactly one of -o and --in-place (exit 2)', async () => {
    const result = await runCli(['faststart', path.join(FIXTURES, 'slow-10fps.mp4')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/either -o <folder> or --in-place/);
  });
});

describe('offsets that cross 4 GiB after the move', () => {
  it('converts stco to co64 and keeps every packet', async () => {
    const dir = await tempDir('co64');
    const source = await readFile(path.join(FIXTURES, 'slow-10fps.mp4'));
    const walk = await walkTopLevel(bufferByteSource(source));
    const [ftyp, mdat, moov] = ['ftyp', 'mdat', 'moov'].map((type) => walk.boxes.find((b) => b.type === type));
    if (!ftyp || !mdat || !moov) throw new Error('fixture layout changed');
    const media = source.subarray(mdat.start + mdat.headerSize, mdat.end);
    // ftyp | mdat (64-bit header) holding a sparse gap, then the real media | moov, its offsets moved past the gap:
    // the last chunks sit just under 4 GiB, so moov's size in front pushes them over.
    const gap = 2 ** 32 - 200 - media.length;
    const mediaStart = ftyp.size + 16 + gap;
    const shift = mediaStart - (mdat.start + mdat.headerSize);
    const moovBytes = rewriteMoov(source.subarray(moov.start + moov.headerSize, moov.end), (offset) => offset + shift, false);
    const big = path.join(dir, 'big.mp4');
    const handle = await open(big, 'w');
    try {
      await handle.write(source.subarray(0, ftyp.size), 0);
      await handle.write(largeBox('mdat', 0, BigInt(16 + gap + media.length)), 0, 16, ftyp.size);
      await handle.write(media, 0, media.length, mediaStart);
      await handle.write(moovBytes, 0, moovBytes.length, mediaStart + media.length);
    } finally {
      await handle.close();
    }
    const out = await tempDir('co64-out');
    const result = await runCli(['faststart', big, '-o', out]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('stco → co64');
    const moved = path.join(out, 'big.mp4');
    expect(await packetsMd5(moved)).toBe(await packetsMd5(big));
    const info = JSON.parse((await runCli(['inspect', moved, '--json'])).stdout);
    expect(info.verdict).toBe('faststart');
    expect(JSON.stringify(info.boxes)).toContain('"type":"co64"');
    expect(JSON.stringify(info.boxes)).not.toContain('"type":"stco"');
    // The gap stayed a hole: far less is on disk than the file's length.
    const { blocks, size } = await stat(moved);
    expect(blocks * 512).toBeLessThan(size / 100);
    await writeFile(big, ''); // free the sparse file early
  }, 120_000);
});

describe('streamprep check --fix', () => {
  it('makes moov-after-mdat files faststart in place and passes them; others still fail', async () => {
    const dir = await tempDir('fix');
    await copyFile(path.join(FIXTURES, 'chunk-moov-at-end.mp4'), path.join(dir, 'a.mp4'));
    await copyFile(path.join(FIXTURES, 'camera-prores-422-10bit.mov'), path.join(dir, 'b.mov'));
    const md5 = await packetsMd5(path.join(dir, 'a.mp4'));
    const fixed = await runCli(['check', dir, '--fix']);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/^FIXED  .*a\.mp4  faststart \(fixed: moov before mdat\)$/m);
    expect(await packetsMd5(path.join(dir, 'a.mp4'))).toBe(md5);
    const broken = await tempDir('fix-broken');
    await writeBrokenInputs(broken);
    const unfixable = await runCli(['check', path.join(broken, 'truncated.mp4'), '--fix']);
    expect(unfixable.code).toBe(1);
  });
});
