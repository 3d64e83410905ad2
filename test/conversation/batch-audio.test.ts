// A batch made into a conversation (optimize --conversation) encodes each chunk's audio once: the chunk
// outputs take theirs from the conversation's one continuous encode. Real speech (Debian's alsa-utils
// voices, as speech.test.ts), real ffmpeg: each output's audio, decoded as a player decodes it (its edit
// list honoured), is the conversation's over that chunk's span, sample for sample; an interrupted run
// leaves nothing behind, and the run that resumes it still gives every chunk its audio.
import { execFile } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { optimize } from '../../src/index.js';
import type { FileReport } from '../../src/report/types.js';
import { CLI, ffmpegPath, tempDir, topLevelTypes } from '../helpers/media.js';
import { VOICES, cutSpeech, makeSpeech } from '../helpers/speech.js';

const run = promisify(execFile);
const RATE = 24_000;
const PRIMING = 1024;
// Lengths on the 25-fps grid, as a generator's sentences.
const DURATIONS = [1.6, 2.04, 1.84, 1.72, 1.96, 1.64];
const name = (i: number): string => `chunk-${i + 1}`;

/** `input`'s audio as float samples (at the preset's 24 kHz mono: `output` for a source that is not). */
const decodePcm = async (input: string, extra: string[] = [], output: string[] = []): Promise<Float32Array> => {
  const { stdout } = await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', ...extra, '-i', input, '-map', '0:a', ...output, '-c:a', 'pcm_f32le', '-f', 'f32le', 'pipe:1'], { encoding: 'buffer', maxBuffer: 1 << 28 });
  return new Float32Array(stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.length));
};

const snr = (reference: Float32Array, decoded: Float32Array): number => {
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < reference.length; i++) {
    signal += (reference[i] as number) ** 2;
    noise += ((reference[i] as number) - ((decoded[i] as number) ?? 0)) ** 2;
  }
  return 10 * Math.log10(signal / noise);
};

let dir: string;
let speech: Float32Array;

const makeChunks = (folder: string): Promise<void> => cutSpeech(path.join(dir, 'speech.wav'), DURATIONS, folder, name);

beforeAll(async () => {
  dir = await tempDir('batch-audio');
  const wav = path.join(dir, 'speech.wav');
  await makeSpeech(wav, VOICES.slice(0, 4));
  speech = await decodePcm(wav, [], ['-ac', '1', '-ar', String(RATE)]);
}, 120_000);

describe('optimize --conversation: each chunk output with its span of the conversation\'s audio', () => {
  let conversation: Float32Array;
  const outputs: Float32Array[] = [];
  const alone: Float32Array[] = [];
  let reports: FileReport[];
  let out: string;

  beforeAll(async () => {
    const inputs = path.join(dir, 'whole');
    await run('mkdir', ['-p', inputs]);
    await makeChunks(inputs);
    out = path.join(dir, 'whole-out');
    // The CLI, as a user runs it.
    const json = path.join(dir, 'report.json');
    await run(process.execPath, [CLI, 'optimize', inputs, '-o', out, '--conversation', 'talk', '--report', json, '--no-progress']);
    reports = (JSON.parse(await readFile(json, 'utf8')) as { files: FileReport[] }).files;
    conversation = await decodePcm(path.join(out, 'talk.hls', 'playlist.m3u8'), ['-allowed_extensions', 'ALL']);
    for (const [i] of DURATIONS.entries()) outputs.push(await decodePcm(path.join(out, `${name(i)}.mp4`)));
    // The same batch without a conversation: each chunk's audio encoded alone.
    const plain = path.join(dir, 'plain-out');
    await run(process.execPath, [CLI, 'optimize', inputs, '-o', plain, '--no-progress']);
    for (const [i] of DURATIONS.entries()) alone.push(await decodePcm(path.join(plain, `${name(i)}.mp4`)));
  }, 300_000);

  it('verifies every output: faststart, the preset, its length', async () => {
    expect(reports.map((report) => [report.status, report.reason])).toEqual(DURATIONS.map(() => ['ok', undefined]));
    for (const report of reports) expect(report.verified).toEqual(expect.arrayContaining(['faststart', 'duration']));
    for (const [i] of DURATIONS.entries()) expect((await topLevelTypes(path.join(out, `${name(i)}.mp4`))).slice(0, 3)).toEqual(['ftyp', 'moov', 'mdat']);
  });

  it('decodes each output to the conversation\'s audio over its span, sample for sample', () => {
    let start = 0;
    for (const [i, seconds] of DURATIONS.entries()) {
      const length = Math.round(seconds * RATE);
      const decoded = outputs[i] as Float32Array;
      // As long as the chunk (the decoder may round its last frame up), and the very samples the
      // conversation plays there (its playlist starts with the encoder's priming).
      expect(decoded.length, name(i)).toBeGreaterThanOrEqual(length - 1);
      expect(decoded.length, name(i)).toBeLessThan(length + 1024);
      // The same frames decode to the same samples — but for the decoder's noise substitution, whose
      // random state differs when decoding starts a frame before the chunk: a few frames of noise-like
      // sound (31–76 dB here, exact in most frames). Another encode of the chunk gives about 15 dB, and
      // a frame off far less (the control below).
      const span = conversation.subarray(start + PRIMING, start + PRIMING + length - 1);
      expect(snr(span, decoded), `${name(i)}: SNR against the conversation's audio there`).toBeGreaterThan(25);
      expect(snr(span.subarray(1024), decoded), `${name(i)}: a frame off`).toBeLessThan(10);
      start += length;
    }
  });

  it('follows the speech into every chunk at least as well as each chunk encoded alone (no burst at its start)', () => {
    // The first 100 ms of every chunk after the first (the first starts as an encode alone does), one SNR each way.
    const head = Math.round(0.1 * RATE);
    const sums = { ours: { signal: 0, noise: 0 }, alone: { signal: 0, noise: 0 } };
    let start = Math.round((DURATIONS[0] as number) * RATE);
    for (const [i, seconds] of DURATIONS.entries()) {
      if (i === 0) continue;
      for (const [key, decoded] of [['ours', outputs[i]], ['alone', alone[i]]] as const) {
        for (let k = 0; k < head; k++) {
          const s = speech[start + k] as number;
          sums[key].signal += s * s;
          sums[key].noise += (s - ((decoded as Float32Array)[k] as number)) ** 2;
        }
      }
      start += Math.round(seconds * RATE);
    }
    const db = ({ signal, noise }: { signal: number; noise: number }): number => 10 * Math.log10(signal / noise);
    expect(db(sums.alone), 'not a silent comparison').toBeGreaterThan(0);
    expect(db(sums.ours), `chunk starts: ${db(sums.ours).toFixed(1)} dB, encoded alone ${db(sums.alone).toFixed(1)} dB`).toBeGreaterThan(db(sums.alone) - 0.5);
  });
});

describe('an interrupted batch conversation', () => {
  it('leaves no temporary file or lock, and the run that resumes it gives every chunk its audio', async () => {
    const inputs = path.join(dir, 'interrupted');
    await run('mkdir', ['-p', inputs]);
    await makeChunks(inputs);
    const out = path.join(dir, 'interrupted-out');
    const stop = new AbortController();
    // Stopped as soon as the first chunk's output is written: the next one is on the timeline, its
    // output waiting for the audio after it.
    const first = await optimize([inputs], { output: out, conversation: 'talk', signal: stop.signal, onFile: () => stop.abort() });
    expect(first.interrupted).toBe(true);
    const left = (await readdir(out)).filter((file) => /\.tmp|\.lock/.test(file));
    expect(left).toEqual([]);
    const resumed = await optimize([inputs], { output: out, conversation: 'talk' });
    // Each chunk either written by the first run (skipped: it exists) or by this one.
    expect(resumed.files.filter((file) => !(file.status === 'ok' || (file.status === 'skipped' && file.cause === 'exists'))).map((file) => file.reason)).toEqual([]);
    expect(resumed.files.filter((file) => file.status === 'ok').length, 'chunks the first run had not written').toBeGreaterThan(0);
    expect(resumed.conversation?.chunks).toBe(DURATIONS.length);
    let start = 0;
    for (const [i, seconds] of DURATIONS.entries()) {
      const length = Math.round(seconds * RATE);
      const decoded = await decodePcm(path.join(out, `${name(i)}.mp4`));
      expect(decoded.length, name(i)).toBeGreaterThanOrEqual(length - 1);
      expect(snr(speech.subarray(start, start + length - 1), decoded), `${name(i)}: SNR against the speech`).toBeGreaterThan(6);
      start += length;
    }
  }, 300_000);
});

describe('a batch conversation whose last chunk is broken', () => {
  it('still writes every other chunk with its audio, and ends the conversation', async () => {
    const inputs = path.join(dir, 'broken-last');
    await run('mkdir', ['-p', inputs]);
    await makeChunks(inputs);
    // The last chunk cut off in its media data: it fails before any encode, so no audio follows the one before.
    const last = path.join(inputs, `${name(DURATIONS.length - 1)}.mov`);
    const bytes = await readFile(last);
    await writeFile(last, bytes.subarray(0, 30_000));
    const out = path.join(dir, 'broken-last-out');
    const report = path.join(dir, 'broken-last.json');
    // (Bounded: the chunk before it waits for audio after its end, which must come from the conversation's end.)
    const done = await run(process.execPath, [CLI, 'optimize', inputs, '-o', out, '--conversation', 'talk', '--report', report, '--no-progress'], { timeout: 120_000 })
      .then(() => 0, (error: { code?: number }) => error.code ?? -1);
    expect(done, 'exit code: one input failed').toBe(1);
    const files = (JSON.parse(await readFile(report, 'utf8')) as { files: FileReport[] }).files;
    expect(files.map((file) => file.status)).toEqual([...DURATIONS.slice(1).map(() => 'ok'), 'failed']);
    let start = 0;
    for (const [i, seconds] of DURATIONS.slice(0, -1).entries()) {
      const length = Math.round(seconds * RATE);
      const decoded = await decodePcm(path.join(out, `${name(i)}.mp4`));
      expect(decoded.length, name(i)).toBeGreaterThanOrEqual(length - 1);
      expect(snr(speech.subarray(start, start + length - 1), decoded), `${name(i)}: SNR against the speech`).toBeGreaterThan(6);
      start += length;
    }
    expect(await readFile(path.join(out, 'talk.hls', 'playlist.m3u8'), 'utf8')).toContain('#EXT-X-ENDLIST');
  }, 300_000);
});
