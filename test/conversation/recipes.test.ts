// The README's generator recipe, run as printed: raw frames at real-time pace on its standard input, the
// speech in a WAV file, x264 with its defaults (its lookahead leaves the file header-only for over a
// second) writing Matroska into a conversation folder that `watch --conversations` follows. Every chunk
// must be published, in order, run after run; likewise without audio and from a raw-frames writer.
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, ffmpegPath, ffprobe, tempDir } from '../helpers/media.js';
import { eventsOf, expectNoSilentDrop, startWatch, type WatchEvent } from '../helpers/watch.js';

const SECONDS = 1.2;
const CHUNKS = 3;

/** The shell blocks of the README, as printed (line continuations joined). */
async function readmeCommands(): Promise<string[]> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((match) => (match[1] as string).replace(/\\\n\s*/g, ' ').split('\n').filter((line) => line.trim() && !line.startsWith('#')));
}

/** Runs `argv` with raw RGB frames written into its stdin at real-time pace by a second ffmpeg (`-re`). */
function runFed(argv: string[], cwd: string, seconds: number): Promise<number | null> {
  const feeder = spawn(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', `testsrc2=size=512x512:rate=25:duration=${seconds}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const quiet = path.basename(argv[0] as string).startsWith('ffmpeg') ? ['-hide_banner', '-loglevel', 'error'] : [];
  const generator = spawn(argv[0] as string, [...quiet, ...argv.slice(1)], { cwd, stdio: ['pipe', 'ignore', 'inherit'] });
  feeder.stdout.pipe(generator.stdin);
  return new Promise((resolve) => generator.on('exit', (code) => resolve(code)));
}

const writeTone = (file: string, seconds: number): Promise<number | null> => new Promise((resolve) => {
  spawn(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=300:sample_rate=48000:duration=${seconds}`, '-y', file]).on('exit', resolve);
});

async function conversationRun(label: string, ext: string, write: (folder: string, name: string, cwd: string) => Promise<number | null>): Promise<WatchEvent[]> {
  const dir = await tempDir(label);
  await mkdir(path.join(dir, 'inbox', 'talk'), { recursive: true });
  await writeTone(path.join(dir, 'speech.wav'), SECONDS);
  const watcher = startWatch(['inbox', '-o', 'out', '--conversations'], dir);
  try {
    await watcher.waitFor((events) => eventsOf(events, 'watching').length > 0);
    for (let n = 1; n <= CHUNKS; n++) expect(await write(path.join(dir, 'inbox', 'talk'), `chunk-${n}.${ext}`, dir)).toBe(0);
    await writeFile(path.join(dir, 'inbox', 'talk', '.end'), '');
    await watcher.waitFor((events) => eventsOf(events, 'conversation-ended').length > 0, 90_000);
  } finally {
    await watcher.stop();
  }
  return watcher.events;
}

function expectAllPublished(events: WatchEvent[], ext = 'mkv'): void {
  const published = eventsOf(events, 'published').filter((event) => event.input);
  expect(published.map((event) => path.basename(event.input)), JSON.stringify(events.map((e) => [e.type, e.input && path.basename(e.input), e.cause, e.reason]))).toEqual(Array.from({ length: CHUNKS }, (_, i) => `chunk-${i + 1}.${ext}`));
  expect(eventsOf(events, 'failed')).toEqual([]);
  // Taken once each: a writer's last touches to its header are not a new file.
  expect(eventsOf(events, 'skipped')).toEqual([]);
  expect(eventsOf(events, 'left-out').map((event) => `${path.basename(event.input)}: ${event.cause}: ${event.reason}`), JSON.stringify(events.map((e) => [e.time?.slice(17), e.type, e.input && path.basename(e.input), e.cause ?? e.chunk?.index, e.following]))).toEqual([]);
  // One after another on one timeline, each exactly as long as its chunk: a stream's length is its video's
  // packets (not its container's duration, which counts the audio's encoder delay: 1.221 s for 1.2) —
  // or, a chunk followed and published in parts while written, its frames on the 18-fps grid (22 frames).
  for (const [i, event] of published.entries()) {
    expect([SECONDS, Math.round(SECONDS * 18) / 18].map((seconds) => Math.abs(event.chunk.durationSec - seconds)).some((off) => off < 0.0005), `${event.chunk.durationSec} s`).toBe(true);
    if (i > 0) expect(event.chunk.startSec).toBeCloseTo(published[i - 1]!.chunk.startSec + published[i - 1]!.chunk.durationSec, 6);
  }
  expect(eventsOf(events, 'conversation-ended')[0]?.chunks).toBeGreaterThanOrEqual(CHUNKS);
  expectNoSilentDrop(events);
}

describe('the README\'s generator recipe, fed at real-time pace into watch --conversations', () => {
  it('publishes every chunk in order, five runs in a row', async () => {
    const recipe = (await readmeCommands()).find((line) => line.includes('-cluster_time_limit') && line.includes('inbox/talk/'));
    expect(recipe, 'the README\'s generator recipe').toBeDefined();
    const argv = (recipe as string).trim().split(/\s+/);
    expect(argv[0]).toBe('ffmpeg');
    for (let run = 0; run < 5; run++) {
      const events = await conversationRun('recipe', 'mkv', (_folder, name, cwd) => runFed([ffmpegPath(), ...argv.slice(1, -1), path.join('inbox', 'talk', name)], cwd, SECONDS));
      expectAllPublished(events);
    }
  }, 600_000);

  it('without audio, and from a writer of raw frames (Y4M, no end marker), likewise', async () => {
    const video = await conversationRun('recipe-video', 'mkv', (folder, name) => runFed([ffmpegPath(), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', '512x512', '-r', '25', '-i', '-', '-c:v', 'libx264',
      '-f', 'matroska', '-cluster_time_limit', '200', '-flush_packets', '1', path.join(folder, name)], folder, SECONDS));
    expectAllPublished(video);
    const raw = await conversationRun('recipe-raw', 'y4m', (folder, name) => runFed([ffmpegPath(), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', '512x512', '-r', '25', '-i', '-', '-pix_fmt', 'yuv420p',
      '-f', 'yuv4mpegpipe', path.join(folder, name)], folder, SECONDS));
    expectAllPublished(raw, 'y4m');
  }, 300_000);
});

describe('the README\'s before/after recipe for optimize -', () => {
  it('both lines run as printed, fed raw frames at real-time pace: chunk.mp4, then out/chunk.mp4 encoded as the frames come', async () => {
    const commands = await readmeCommands();
    const before = commands.find((line) => line.startsWith('ffmpeg ') && line.trim().endsWith(' chunk.mp4'));
    const after = commands.find((line) => line.includes('| streamprep optimize - -o out/chunk.mp4'));
    expect(before, 'the README\'s "before" line').toBeDefined();
    expect(after, 'the README\'s "after" line').toBeDefined();
    const dir = await tempDir('recipe-optimize');
    await writeTone(path.join(dir, 'speech.wav'), SECONDS);
    for (const line of [before, after] as string[]) {
      // As a user's shell runs it: `ffmpeg` and `streamprep` from the PATH (here: this ffmpeg, this CLI).
      const command = line.replace(/^ffmpeg /, `'${ffmpegPath()}' -hide_banner -loglevel error `).replace(/\| streamprep /, `| '${process.execPath}' '${CLI}' `);
      expect(await runFed(['bash', '-o', 'pipefail', '-c', command], dir, SECONDS)).toBe(0);
    }
    for (const file of ['chunk.mp4', path.join('out', 'chunk.mp4')]) {
      const probed = await ffprobe(path.join(dir, file));
      const video = probed.streams.find((stream) => stream.codec_type === 'video');
      expect(Math.abs(Number(video?.duration) - SECONDS)).toBeLessThan(0.1);
    }
    const optimized = (await ffprobe(path.join(dir, 'out', 'chunk.mp4'))).streams;
    expect(optimized.find((stream) => stream.codec_type === 'video')?.profile).toBe('Constrained Baseline');
    expect(optimized.find((stream) => stream.codec_type === 'audio')?.sample_rate).toBe('24000');
  }, 300_000);
});
