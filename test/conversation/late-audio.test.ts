// A chunk whose audio starts after its video (a generator that writes its first sound half a second in):
// the samples an encode hands the conversation carry no timestamps, so they are taken from the output's
// time 0 — silence first. Both the conversation and the chunk's progressive output (its audio the
// conversation's, in a batch) keep the sound where the source has it, as a plain encode does.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ffmpegPath, tempDir } from '../helpers/media.js';

const run = promisify(execFile);
const RATE = 24_000;
const LATE_SEC = 0.48;

/** The audio as a player times it: from the file's time 0 (silence before a late start). */
const decodePcm = async (input: string, extra: string[] = []): Promise<Float32Array> => {
  const { stdout } = await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', ...extra, '-i', input, '-map', '0:a', '-af', 'aresample=first_pts=0', '-c:a', 'pcm_f32le', '-f', 'f32le', 'pipe:1'], { encoding: 'buffer', maxBuffer: 1 << 26 });
  return new Float32Array(stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.length));
};

/** When the first sound comes, seconds (the first sample above −40 dBFS). */
const onset = (samples: Float32Array, from = 0): number => {
  for (let i = from; i < samples.length; i++) if (Math.abs(samples[i] as number) > 0.01) return (i - from) / RATE;
  return Number.POSITIVE_INFINITY;
};

let dir: string;

beforeAll(async () => {
  dir = await tempDir('late-audio');
  const inputs = path.join(dir, 'in');
  await run('mkdir', ['-p', inputs]);
  // Chunk 1: 3 s of video, its tone from 0.48 s on; chunk 2: video and tone together.
  await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=192x144:rate=25:duration=3',
    '-itsoffset', String(LATE_SEC), '-f', 'lavfi', '-i', `sine=f=440:d=${3 - LATE_SEC}:r=48000`,
    '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-c:a', 'aac', path.join(inputs, 'chunk-1.mp4')]);
  await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=192x144:rate=25:duration=3',
    '-f', 'lavfi', '-i', 'sine=f=660:d=3:r=48000', '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-c:a', 'aac', path.join(inputs, 'chunk-2.mp4')]);
  await run(process.execPath, [CLI, 'optimize', inputs, '-o', path.join(dir, 'plain'), '--no-progress']);
  await run(process.execPath, [CLI, 'optimize', inputs, '-o', path.join(dir, 'talk'), '--conversation', 'talk', '--no-progress']);
}, 120_000);

describe('a chunk whose audio starts after its video', () => {
  it('keeps its sound where the source has it: in its progressive output as in a plain encode', async () => {
    const plain = onset(await decodePcm(path.join(dir, 'plain', 'chunk-1.mp4')));
    const ours = onset(await decodePcm(path.join(dir, 'talk', 'chunk-1.mp4')));
    expect(plain).toBeGreaterThan(LATE_SEC - 0.06);
    expect(Math.abs(ours - plain), `sound at ${ours.toFixed(3)} s, a plain encode ${plain.toFixed(3)} s`).toBeLessThan(0.03);
  });

  it('and in the conversation: the tone from 0.48 s of the first chunk, the next chunk at its start', async () => {
    // The playlist's audio starts with the encoder's 1024 samples of priming.
    const conversation = await decodePcm(path.join(dir, 'talk', 'talk.hls', 'playlist.m3u8'), ['-allowed_extensions', 'ALL']);
    expect(Math.abs(onset(conversation, 1024) - LATE_SEC)).toBeLessThan(0.03);
    expect(conversation.length - 1024).toBeGreaterThan(6 * RATE - 1024);
  });
});
