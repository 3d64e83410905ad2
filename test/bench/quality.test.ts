// Quality is measured on the encoder's own frame selection: an output against itself scores exactly 1,
// and a 25 fps chunk capped at 18 fps scores what its encode deserves, not what a different choice of
// frames (fps=18 on the source) costs. Real ffmpeg.
import { copyFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveToolchain } from '../../src/binaries/toolchain.js';
import { compareFrames, measureQuality } from '../../src/bench/quality.js';
import { optimize } from '../../src/index.js';
import { loadPreset } from '../../src/presets/load.js';
import { FIXTURES, ffmpegPath, tempDir } from '../helpers/media.js';

describe('quality on the encoder\'s frames', () => {
  it('an output compared with itself scores SSIM 1 and PSNR infinity', async () => {
    const file = path.join(FIXTURES, 'chunk-moov-at-end.mp4');
    expect(await compareFrames(ffmpegPath(), file, file)).toEqual({ ssim: 1, psnr: Number.POSITIVE_INFINITY });
  });

  it('a 25 fps chunk capped at 18 fps is compared with the frames the encoder kept (SSIM ≥ 0.98; 0.93 when resampled apart)', async () => {
    const dir = await tempDir('quality');
    const source = path.join(dir, 'chunk.mp4');
    await copyFile(path.join(FIXTURES, 'chunk-moov-at-end.mp4'), source);
    const report = await optimize([source], { output: path.join(dir, 'out'), concurrency: 1 });
    const output = report.files[0]?.output as string;
    const toolchain = await resolveToolchain({}, ['libx264', 'aac']);
    const quality = await measureQuality({ toolchain, preset: await loadPreset('streaming'), source, output, workDir: dir });
    expect(quality.ssim).toBeGreaterThanOrEqual(0.98);
    expect(quality.psnr).toBeGreaterThan(35);
    expect((await readdir(dir)).sort()).toEqual(['chunk.mp4', 'out']); // the lossless reference is removed
  });
});
