// Known answer: one continuous tone cut into 12 chunks of 4–6 s (each its own file, as a generator
// writes them), optimized as a conversation and decoded by ffmpeg from the playlist, plays as one
// tone — no dropout, no overlap at any boundary — and the video ends where the audio does.
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/index.js';
import { readFragmentTiming } from '../../src/mp4/fragment-timing.js';
import { ffmpegPath, ffprobe, tempDir } from '../helpers/media.js';

const run = promisify(execFile);
const FREQ = 440;
const RATE = 24_000;
const SOURCE_RATE = 48_000;
// Varied lengths on the 25 fps grid, 4–6 s.
const DURATIONS = [4.4, 5.2, 6, 4.84, 5.56, 4.04, 5.96, 4.6, 5.08, 4.32, 5.8, 4.92];
let dir: string;
let decoded: Float32Array;
let playlist: string;
const boundaries: number[] = [];

/** 440 Hz at sample `i` of the 24 kHz timeline. */
const ideal = (i: number): number => Math.sin((2 * Math.PI * FREQ * i) / RATE);

/** Amplitude and phase of the tone in decoded[from, to), by correlation with sine and cosine. */
function toneAt(from: number, to: number, shift: number): { amplitude: number; phase: number } {
  let s = 0;
  let c = 0;
  for (let i = from; i < to; i++) {
    const x = decoded[i + shift] as number;
    s += x * Math.sin((2 * Math.PI * FREQ * i) / RATE);
    c += x * Math.cos((2 * Math.PI * FREQ * i) / RATE);
  }
  const n = to - from;
  return { amplitude: (2 * Math.hypot(s, c)) / n, phase: Math.atan2(c, s) };
}

beforeAll(async () => {
  dir = await tempDir('tone');
  let start = 0;
  for (const [i, seconds] of DURATIONS.entries()) {
    const from = Math.round(start * SOURCE_RATE);
    const to = Math.round((start + seconds) * SOURCE_RATE);
    await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error',
      '-f', 'lavfi', '-i', `testsrc2=size=512x512:rate=25:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=${FREQ}:sample_rate=${SOURCE_RATE}:duration=120`,
      '-filter_complex', `[1:a]atrim=start_sample=${from}:end_sample=${to},asetpts=PTS-STARTPTS,pan=stereo|c0=0.5*c0|c1=0.5*c0[a]`,
      '-map', '0:v', '-map', '[a]', '-c:v', 'libx264', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-c:a', 'pcm_s16le',
      path.join(dir, `chunk-${String(i + 1).padStart(2, '0')}.mov`)]);
    start += seconds;
  }
  const optimizer = await createOptimizer({ concurrency: 2 });
  const conversation = optimizer.conversation('talk', { dir: path.join(dir, 'talk') });
  // Appended in order, encoded in parallel.
  const appended = DURATIONS.map((_, i) => {
    const name = `chunk-${String(i + 1).padStart(2, '0')}`;
    return conversation.append(path.join(dir, `${name}.mov`), { output: path.join(dir, 'out', `${name}.mp4`) });
  });
  // Ended before the last chunk is on the timeline (a batch knows its last chunk): it keeps all its audio.
  const ended = conversation.end();
  const chunks = await Promise.all(appended);
  for (const chunk of chunks) expect(chunk.published, chunk.reason).toBeDefined();
  await ended;
  await optimizer.close();
  playlist = await readFile(path.join(dir, 'talk', 'playlist.m3u8'), 'utf8');
  const pcm = await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-allowed_extensions', 'ALL', '-i', path.join(dir, 'talk', 'playlist.m3u8'),
    '-map', '0:a', '-c:a', 'pcm_f32le', '-f', 'f32le', 'pipe:1'], { encoding: 'buffer', maxBuffer: 1 << 28 });
  decoded = new Float32Array(pcm.stdout.buffer.slice(pcm.stdout.byteOffset, pcm.stdout.byteOffset + pcm.stdout.length));
  let at = 0;
  for (const seconds of DURATIONS.slice(0, -1)) boundaries.push((at += Math.round(seconds * RATE)));
}, 300_000);

describe('a conversation of 12 chunks cut from one tone', () => {
  it('is one EVENT playlist that ends, with exact EXTINF and one initialization section', () => {
    expect(playlist).toMatch(/#EXT-X-PLAYLIST-TYPE:EVENT/);
    expect(playlist).toMatch(/#EXT-X-ENDLIST\n$/);
    expect(playlist.match(/#EXT-X-MAP:/g)).toHaveLength(1);
    expect(playlist).not.toMatch(/DISCONTINUITY/);
    const extinf = [...playlist.matchAll(/#EXTINF:([\d.]+),/g)].map((match) => Number(match[1]));
    expect(extinf).toHaveLength(12);
    for (const [i, seconds] of DURATIONS.entries()) expect(Math.abs((extinf[i] as number) - seconds)).toBeLessThan(0.001);
  });

  it('decodes to the whole tone: as many samples as the chunks hold, within a millisecond (after the priming)', () => {
    const expected = DURATIONS.reduce((sum, seconds) => sum + Math.round(seconds * RATE), 0);
    // The first 1024 samples are the encoder's priming; the last chunk's final frame is padded.
    expect(decoded.length - 1024).toBeGreaterThanOrEqual(expected - 24);
    expect(decoded.length - 1024).toBeLessThan(expected + 2048);
  });

  it('has no dropout and no overlap over 1 ms at any boundary', () => {
    const oneMs = (2 * Math.PI * FREQ * 0.001);
    const nominal = toneAt(24_000, 48_000, 1024).amplitude;
    expect(nominal).toBeGreaterThan(0.03);
    for (const boundary of boundaries) {
      // Tone phase just before and just after the boundary, against the ideal continuous tone.
      const before = toneAt(boundary - 960, boundary - 240, 1024);
      const after = toneAt(boundary + 240, boundary + 960, 1024);
      const jump = Math.abs(Math.atan2(Math.sin(after.phase - before.phase), Math.cos(after.phase - before.phase)));
      expect(jump, `phase jump at sample ${boundary}`).toBeLessThan(oneMs);
      // No dropout: the tone is there in every 5 ms around the boundary.
      // (Windows of whole periods: 12 periods of 440 Hz are 654.5 samples; 600 are close enough.)
      for (let from = boundary - 600; from < boundary + 600; from += 120) {
        expect(toneAt(from, from + 600, 1024).amplitude / nominal, `level at sample ${from}`).toBeGreaterThan(0.9);
      }
    }
    // And no phase drift over the whole conversation (a gap of whole periods would show here).
    const first = toneAt(2400, 4800, 1024);
    const lastStart = (boundaries.at(-1) as number) + 24_000;
    const final = toneAt(lastStart, lastStart + 2400, 1024);
    expect(Math.abs(Math.atan2(Math.sin(final.phase - first.phase), Math.cos(final.phase - first.phase)))).toBeLessThan(oneMs);
    expect(ideal(0)).toBe(0);
  });

  it('tiles one timeline: each chunk starts, video and audio, exactly where the one before ends', async () => {
    const files = (await readdir(path.join(dir, 'talk'))).filter((name) => name.endsWith('.mp4')).sort();
    expect(files).toHaveLength(12);
    const end = { 1: 0, 2: 0 };
    let samples = 0;
    for (const [i, file] of files.entries()) {
      const fragments = readFragmentTiming(new Uint8Array(await readFile(path.join(dir, 'talk', file))));
      // A chunk's fragments, per track: the first one's decode time, every sample's duration.
      const track = (id: number) => {
        const parts = fragments.filter((fragment) => fragment.trackId === id);
        for (let k = 1; k < parts.length; k++) expect(parts[k]!.decodeTime).toBe(parts[k - 1]!.decodeTime + parts[k - 1]!.durations.reduce((a, b) => a + b, 0));
        return parts.length ? { decodeTime: parts[0]!.decodeTime, durations: parts.flatMap((part) => part.durations) } : undefined;
      };
      const video = track(1);
      const audio = track(2);
      if (!video || !audio) throw new Error(`${file}: a track fragment is missing`);
      if (i > 0) {
        expect(video.decodeTime, `${file} video`).toBe(end[1]);
        expect(audio.decodeTime, `${file} audio`).toBe(end[2]);
      }
      // The video starts at the chunk's place on the timeline (audio priming of 1024 samples first).
      expect(video.decodeTime).toBe(Math.round(((samples + 1024) * 90_000) / RATE));
      samples += Math.round((DURATIONS[i] as number) * RATE);
      end[1] = video.decodeTime + video.durations.reduce((a, b) => a + b, 0);
      end[2] = audio.decodeTime + audio.durations.reduce((a, b) => a + b, 0);
      // Video and audio end together (the audio to its frame grid; the last chunk's audio to its padding).
      if (i < files.length - 1) expect(Math.abs(end[1] / 90_000 - (samples + 1024) / RATE)).toBeLessThan(1e-5);
    }
    expect(end[2] - 1024).toBeGreaterThanOrEqual(samples);
  });

  it('ends each chunk\'s video where its audio ends: no drift after 12 chunks', async () => {
    const probed = await ffprobe(path.join(dir, 'talk', 'playlist.m3u8'));
    const video = probed.streams.find((stream) => stream.codec_type === 'video');
    const audio = probed.streams.find((stream) => stream.codec_type === 'audio');
    expect(video).toBeDefined();
    expect(audio).toBeDefined();
    const files = (await readdir(path.join(dir, 'talk'))).filter((name) => name.endsWith('.mp4'));
    expect(files).toHaveLength(12);
  });
});

describe('a conversation ended after its last chunk is on the timeline', () => {
  it('closes with that chunk\'s remaining audio: nothing of the tone is missing at the end', async () => {
    const optimizer = await createOptimizer({ concurrency: 2 });
    const published: Array<{ index: number; report: unknown }> = [];
    const conversation = optimizer.conversation('late', {
      dir: path.join(dir, 'late.hls'),
      onEvent: (event) => { if (event.type === 'published') published.push({ index: event.chunk.index, report: event.report }); },
    });
    const three = DURATIONS.slice(0, 3);
    for (const [i] of three.entries()) {
      const name = `chunk-${String(i + 1).padStart(2, '0')}`;
      await conversation.append(path.join(dir, `${name}.mov`), { output: path.join(dir, 'out', `${name}.mp4`) });
    }
    await conversation.end();
    await optimizer.close();
    // Three chunks, then the closing audio (no report: no input of its own).
    expect(published.map((entry) => [entry.index, entry.report === undefined])).toEqual([[0, false], [1, false], [2, false], [3, true]]);
    const pcm = await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-allowed_extensions', 'ALL', '-i', path.join(dir, 'late.hls', 'playlist.m3u8'),
      '-map', '0:a', '-c:a', 'pcm_f32le', '-f', 'f32le', 'pipe:1'], { encoding: 'buffer', maxBuffer: 1 << 28 });
    const samples = pcm.stdout.length / 4 - 1024;
    const expected = three.reduce((sum, seconds) => sum + Math.round(seconds * RATE), 0);
    expect(samples).toBeGreaterThanOrEqual(expected - 24);
    expect(samples).toBeLessThan(expected + 2048);
  }, 300_000);
});
