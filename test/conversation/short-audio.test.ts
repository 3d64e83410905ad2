// Chunks whose audio stops before their video ends (a generator's sentence audio a little shorter than its
// frames, or AAC packets cut at a segment boundary): the conversation keeps each chunk's audio in its own
// span — the next chunk's sound at its start — and what it adds in the gap is the timeline's silence
// (dither at ±1 LSB of 16-bit audio, padding.ts), never exact zeros, which cost ffmpeg's AAC encoder
// ~30 % more time. Real ffmpeg, the CLI as a user runs it.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { DITHER_PEAK } from '../../src/conversation/padding.js';
import { CLI, ffmpegPath, tempDir } from '../helpers/media.js';

const run = promisify(execFile);
const RATE = 24_000;
const VIDEO_SEC = 2;
const AUDIO_SEC = 1.8;
const TONES = [440, 660, 880];

let dir: string;
let entries: Array<{ type: string; start: number; length: number; audio?: { tail: string; tailStart: number } }>;

beforeAll(async () => {
  dir = await tempDir('short-audio');
  const inputs = path.join(dir, 'in');
  await run('mkdir', ['-p', inputs]);
  for (const [i, f] of TONES.entries()) {
    await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=192x144:rate=25:duration=${VIDEO_SEC}`,
      '-f', 'lavfi', '-i', `sine=f=${f}:d=${AUDIO_SEC}:r=48000`, '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-c:a', 'aac', path.join(inputs, `chunk-${i + 1}.mp4`)]);
  }
  await run(process.execPath, [CLI, 'optimize', inputs, '-o', path.join(dir, 'talk'), '--conversation', 'talk', '--no-progress']);
  const log = await readFile(path.join(dir, 'talk', 'talk.hls', '.conversation.ndjson'), 'utf8');
  entries = log.trim().split('\n').map((line) => JSON.parse(line) as (typeof entries)[number]);
}, 120_000);

const floatsOf = (base64: string): Float32Array => {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
};

describe('chunks whose audio stops before their video', () => {
  it('fill the gap up to their end with the timeline\'s silence: dither within ±1 LSB of 16-bit, no exact zeros', () => {
    const chunks = entries.filter((entry) => entry.type === 'chunk');
    expect(chunks).toHaveLength(TONES.length);
    for (const chunk of chunks) {
      expect(chunk.length).toBe(VIDEO_SEC * RATE);
      const tail = floatsOf((chunk.audio as { tail: string }).tail);
      const tailStart = (chunk.audio as { tailStart: number }).tailStart;
      const end = chunk.start + chunk.length;
      expect(tailStart + tail.length).toBe(end);
      // The kept tail holds the last samples the encoder was fed (a few frames' worth): those in the gap,
      // from 1.85 s of the chunk on.
      const gapFrom = chunk.start + Math.round((AUDIO_SEC + 0.05) * RATE);
      const gap = tail.subarray(Math.max(0, gapFrom - tailStart));
      expect(gap.length).toBeGreaterThan(1000);
      for (const value of gap) {
        expect(value).not.toBe(0);
        expect(Math.abs(value)).toBeLessThanOrEqual(DITHER_PEAK);
      }
    }
  });

  it('play each chunk\'s tone in its own span: the next one at its start, silence between', async () => {
    const { stdout } = await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-allowed_extensions', 'ALL', '-i', path.join(dir, 'talk', 'talk.hls', 'playlist.m3u8'),
      '-map', '0:a', '-c:a', 'pcm_f32le', '-f', 'f32le', 'pipe:1'], { encoding: 'buffer', maxBuffer: 1 << 26 });
    // (The playlist's audio starts with the encoder's 1024 samples of priming.)
    const audio = new Float32Array(stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.length)).subarray(1024);
    const rms = (from: number, to: number): number => {
      const part = audio.subarray(Math.round(from * RATE), Math.round(to * RATE));
      return Math.sqrt(part.reduce((sum, value) => sum + value * value, 0) / part.length);
    };
    for (const [i] of TONES.entries()) {
      const start = i * VIDEO_SEC;
      expect(rms(start + 0.05, start + AUDIO_SEC - 0.05), `chunk ${i + 1}'s tone`).toBeGreaterThan(0.05);
      expect(rms(start + AUDIO_SEC + 0.06, start + VIDEO_SEC - 0.03), `the gap after chunk ${i + 1}`).toBeLessThan(0.003);
    }
  });
});
