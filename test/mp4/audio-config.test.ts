// inspect reads audio as a decoder does, from the codec's configuration rather than the sample entry's
// placeholders: ALAC's channels from its ALACSpecificConfig (the entry said 2 where the config says 1),
// AC-3's reduced-rate streams (bsid 9 decodes at half its fscod's rate: 22050 Hz, not 44100).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { readFile, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBox } from '../helpers/craft.js';
import { ffmpegPath, runCli, tempDir } from '../helpers/media.js';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await tempDir('audio-config');
  const video = ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10:duration=1'];
  await run(ffmpegPath(), ['-v', 'error', '-y', ...video, '-f', 'lavfi', '-i', 'sine=duration=1:sample_rate=44100', '-map', '0', '-map', '1', '-c:v', 'libx264', '-c:a', 'alac', '-ac', '1', path.join(dir, 'alac.mov')]);
  await run(ffmpegPath(), ['-v', 'error', '-y', ...video, '-f', 'lavfi', '-i', 'sine=duration=1:sample_rate=44100', '-map', '0', '-map', '1', '-c:v', 'libx264', '-c:a', 'ac3', '-ac', '1', path.join(dir, 'ac3.mp4')]);
}, 60_000);

const audioLine = async (file: string): Promise<string> => (await runCli(['inspect', file])).stdout.split('\n').find((line) => / audio /.test(line)) ?? '';

describe('audio as the decoder sees it', () => {
  it('ALAC: the channels of its configuration, not the sample entry\'s placeholder', async () => {
    const bytes = Buffer.from(await readFile(path.join(dir, 'alac.mov')));
    const entry = findBox(bytes, 'alac', findBox(bytes, 'stsd'));
    bytes.writeUInt16BE(2, entry + 8 + 8 + 8); // the sound description's channel count: 2
    await writeFile(path.join(dir, 'alac-entry-2.mov'), bytes);
    expect(await audioLine(path.join(dir, 'alac-entry-2.mov'))).toMatch(/alac +44100 Hz +1 ch/);
  }, 60_000);

  it('AC-3 at half rate (bsid 9): 22050 Hz from a 44.1-kHz fscod', async () => {
    const bytes = Buffer.from(await readFile(path.join(dir, 'ac3.mp4')));
    const dac3 = findBox(bytes, 'dac3') + 8;
    const fields = bytes.readUIntBE(dac3, 3);
    expect(fields >> 22).toBe(1); // fscod 1: 44.1 kHz
    bytes.writeUIntBE((fields & ~(0x1f << 17)) | (9 << 17), dac3, 3);
    await writeFile(path.join(dir, 'ac3-half.mp4'), bytes);
    expect(await audioLine(path.join(dir, 'ac3.mp4'))).toMatch(/ac-3 +44100 Hz/);
    expect(await audioLine(path.join(dir, 'ac3-half.mp4'))).toMatch(/ac-3 +22050 Hz/);
  }, 60_000);
});
