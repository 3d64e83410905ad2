// Known answer with real speech: the recorded voices alsa-utils ships (Debian's /usr/share/sounds/alsa,
// installed by .ci/run), twice over, cut into 12 chunks as a generator writes them. The conversation's
// audio, decoded from its playlist, must be as close to the source around every chunk boundary as the
// same speech encoded continuously with the same settings (boundary SNR within 1 dB), and no 10-ms
// window after a chunk start may be louder than the source there by more than the continuous encode is.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/index.js';
import { ffmpegPath, tempDir } from '../helpers/media.js';
import { cutSpeech, makeSpeech } from '../helpers/speech.js';

const run = promisify(execFile);
const RATE = 24_000;
// Varied lengths on the 25-fps grid (a generator's sentences), 22.4 s in all.
const DURATIONS = [2.04, 1.6, 2.2, 1.84, 1.96, 1.72, 2.08, 1.64, 2.12, 1.76, 1.88, 1.56];
const WINDOW = Math.round(0.05 * RATE);

let source: Float32Array;
let conversation: Float32Array;
let continuous: Float32Array;
const boundaries: number[] = [];

const decodePcm = async (input: string, extra: string[] = []): Promise<Float32Array> => {
  const { stdout } = await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', ...extra, '-i', input, '-map', '0:a', '-ac', '1', '-ar', String(RATE), '-c:a', 'pcm_f32le', '-f', 'f32le', 'pipe:1'], { encoding: 'buffer', maxBuffer: 1 << 28 });
  return new Float32Array(stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.length));
};

/** Signal and error energy of `decoded` (shifted by `shift` samples) against the source over [from, to). */
function errorEnergy(decoded: Float32Array, shift: number, from: number, to: number): { signal: number; noise: number } {
  let signal = 0;
  let noise = 0;
  for (let i = from; i < to; i++) {
    const s = source[i] as number;
    const e = s - ((decoded[i + shift] as number) ?? 0);
    signal += s * s;
    noise += e * e;
  }
  return { signal, noise };
}

const energy = (samples: Float32Array, from: number, to: number): number => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (samples[i] as number) ** 2;
  return sum;
};

beforeAll(async () => {
  const dir = await tempDir('speech');
  // The voices one after another, twice: 22.9 s of speech at 48 kHz stereo, as a generator's audio.
  const speech = path.join(dir, 'speech.wav');
  await makeSpeech(speech);
  await cutSpeech(speech, DURATIONS, dir, (i) => `chunk-${String(i + 1).padStart(2, '0')}`, '256x256');
  const optimizer = await createOptimizer({ concurrency: 2 });
  const talk = optimizer.conversation('talk', { dir: path.join(dir, 'talk') });
  const appended = DURATIONS.map((_, i) => {
    const name = `chunk-${String(i + 1).padStart(2, '0')}`;
    return talk.append(path.join(dir, `${name}.mov`), { output: path.join(dir, 'out', `${name}.mp4`), last: i === DURATIONS.length - 1 });
  });
  for (const chunk of await Promise.all(appended)) expect(chunk.published, chunk.reason).toBeDefined();
  await talk.end();
  await optimizer.close();
  // The reference is encoded by the very ffmpeg the conversation's encoder ran (AAC encoders differ between builds).
  const encoderBinary = optimizer.toolchain.ffmpeg.path;
  // The source as the preset hears it (24 kHz mono), the conversation, and one continuous encode of the
  // same speech with the same settings (its priming trimmed by the MP4's edit list).
  const total = DURATIONS.reduce((sum, seconds) => sum + seconds, 0);
  source = (await decodePcm(speech)).subarray(0, Math.round(total * RATE));
  conversation = await decodePcm(path.join(dir, 'talk', 'playlist.m3u8'), ['-allowed_extensions', 'ALL']);
  const whole = path.join(dir, 'continuous.m4a');
  await run(encoderBinary, ['-hide_banner', '-loglevel', 'error', '-i', speech, '-t', total.toFixed(3), '-c:a', 'aac', '-ar', String(RATE), '-ac', '1', '-b:a', '64k', whole]);
  continuous = await decodePcm(whole);
  let at = 0;
  for (const seconds of DURATIONS.slice(0, -1)) boundaries.push((at += Math.round(seconds * RATE)));
}, 300_000);

describe('a conversation of 12 chunks of real speech', () => {
  it('is as close to the source around every boundary as a continuous encode of the same speech (within 1 dB)', () => {
    // The playlist's audio starts with the encoder's 1024 samples of priming.
    // One SNR over every boundary's ±50 ms (silent boundaries add nothing to either sum).
    const around = (decoded: Float32Array, shift: number): number => {
      let signal = 0;
      let noise = 0;
      for (const boundary of boundaries) {
        const part = errorEnergy(decoded, shift, boundary - WINDOW, boundary + WINDOW);
        signal += part.signal;
        noise += part.noise;
      }
      return 10 * Math.log10(signal / noise);
    };
    const ours = around(conversation, 1024);
    const reference = around(continuous, 0);
    // Not a silent comparison: the reference itself follows the speech.
    expect(reference).toBeGreaterThan(6);
    expect(ours, `boundary SNR ${ours.toFixed(1)} dB against ${reference.toFixed(1)} dB continuous`).toBeGreaterThan(reference - 1);
  });

  it('has no burst after any chunk start: no 10-ms window louder than the source by more than the continuous encode is', () => {
    const ten = Math.round(0.01 * RATE);
    for (const boundary of boundaries) {
      for (let from = boundary; from < boundary + 5 * ten; from += ten) {
        const src = energy(source, from, from + ten) + 1e-9;
        const ours = 10 * Math.log10((energy(conversation, from + 1024, from + 1024 + ten) + 1e-9) / src);
        const reference = 10 * Math.log10((energy(continuous, from, from + ten) + 1e-9) / src);
        expect(ours, `${(from / RATE).toFixed(3)} s`).toBeLessThan(Math.max(reference, 0) + 1);
      }
    }
  });

  it('lasts as the speech does: the whole source is there', () => {
    expect(conversation.length - 1024).toBeGreaterThanOrEqual(source.length - 24);
    expect(conversation.length - 1024).toBeLessThan(source.length + 2048);
  });
});
