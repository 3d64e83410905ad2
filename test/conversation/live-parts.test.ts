// Glass to glass: a generator writing raw frames and PCM at real-time pace (ffmpeg -re, the README's
// recipe) into `streamprep optimize - --conversation`, one process per sentence. Each chunk is published
// in parts while it is written; the viewer (streamprep/player following the playlist through serve)
// sees the first sentence before its generator has finished it. The chunk file is exactly its parts,
// their video is the verified progressive output's, and hls.js (lowLatencyMode) plays the same playlist.
// A run killed (-9) in the middle of a chunk leaves it ended at its last published part.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.js';
import { FIRST_SEGMENT_ENDS_SEC } from '../../src/conversation/store.js';
import { readFragmentTiming } from '../../src/mp4/fragment-timing.js';
import { readSampleList } from '../../src/mp4/sample-list.js';
import type { StaticServer } from '../../src/serve/server.js';
import { isOwnFileName } from '../../src/files/temp-names.js';
import { ROOT, ffmpegPath, ffprobePath, tempDir } from '../helpers/media.js';
import { startPlayerServer, visibleWaits } from '../helpers/player-page.js';

const run = promisify(execFile);
const SECONDS = [3, 2.4, 2];
const CLI = path.join(ROOT, 'bin', 'streamprep.js');
let dir: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const servers: StaticServer[] = [];

beforeAll(async () => {
  dir = await tempDir('live-parts');
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
});

/** `generator | streamprep optimize - -o <out>/<name> --conversation talk`: the generator at real-time pace. */
function sentence(out: string, index: number, seconds: number, last: boolean, speed = 1): { generator: ChildProcess; streamprep: ChildProcess; exited: Promise<{ code: number | null; at: number; stderr: string }> } {
  // Slower than real time (the bundled ffmpeg has no -readrate): sources made at `speed` × their rate in
  // real time (-re), their timestamps then sped up to 25 fps and 48 kHz.
  const generator = spawn(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', `testsrc2=size=512x512:rate=${25 * speed}:duration=${seconds / speed}`,
    '-f', 'lavfi', '-i', `sine=frequency=${300 + 60 * index}:sample_rate=${48_000 * speed}:duration=${seconds / speed}`,
    ...(speed === 1 ? [] : ['-vf', `setpts=${speed}*PTS`, '-r', '25', '-af', 'asetrate=48000']),
    '-c:v', 'rawvideo', '-pix_fmt', 'yuv420p', '-c:a', 'pcm_s16le', '-f', 'matroska', '-'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const streamprep = spawn(process.execPath, [CLI, 'optimize', '-', '-o', path.join(out, `${String(index + 1).padStart(4, '0')}.mp4`), '--conversation', 'talk', ...(last ? ['--last'] : [])], { stdio: ['pipe', 'ignore', 'pipe'] });
  generator.stdout?.pipe(streamprep.stdin as NodeJS.WritableStream);
  // Either end may be killed (the kill -9 test): a write into a closed pipe is expected then, not an error.
  streamprep.stdin?.on('error', () => undefined);
  generator.stdout?.on('error', () => undefined);
  let stderr = '';
  streamprep.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<{ code: number | null; at: number; stderr: string }>((resolve) => streamprep.on('close', (code) => resolve({ code, at: Date.now(), stderr })));
  return { generator, streamprep, exited };
}

interface LogLine { type: string; chunk?: number; index?: number; file?: string; offset?: number; bytes?: number; sha256?: string; parts?: Array<{ offset: number; bytes: number }>; initBytes?: number }
const readLog = async (hls: string): Promise<LogLine[]> => (await readFile(path.join(hls, '.conversation.ndjson'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as LogLine);

describe('a conversation written at a generator\'s pace, published in parts', () => {
  const out = () => path.join(dir, 'live');
  let exits: Array<{ code: number | null; at: number; stderr: string }> = [];
  let partSeenWhileWriting = false;
  let result: { firstFrameAtMs?: number; events: Array<{ type: string; ms?: number }>; errors: unknown[]; done: boolean; mode: string };

  beforeAll(async () => {
    await mkdir(out());
    const server = await startPlayerServer(out());
    servers.push(server);
    const page = await browser.newPage();
    // The viewer is there before the first frame: it follows the playlist as it appears.
    await page.goto(`${server.url}play.html?follow=${encodeURIComponent('/talk.hls/playlist.m3u8')}&margin=0.25`);
    exits = [];
    for (const [i, seconds] of SECONDS.entries()) {
      const run = sentence(out(), i, seconds, i === SECONDS.length - 1);
      // While the first sentence is written, its parts are already on the playlist.
      if (i === 0) {
        const generatorDone = new Promise((resolve) => run.generator.on('close', resolve));
        let writing = true;
        void generatorDone.then(() => { writing = false; });
        while (writing) {
          const text = await readFile(path.join(out(), 'talk.hls', 'playlist.m3u8'), 'utf8').catch(() => '');
          if (/#EXT-X-PART:/.test(text) && !/#EXTINF/.test(text)) partSeenWhileWriting = true;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      exits.push(await run.exited);
    }
    await page.waitForFunction(() => (globalThis as unknown as { result: { done: boolean } }).result.done, undefined, { timeout: 60_000 });
    result = await page.evaluate(() => (globalThis as unknown as { result: typeof result }).result);
    await page.close();
  }, 180_000);

  it('every sentence is a chunk, each run exits 0', () => {
    expect(exits.map((exit) => [exit.code, exit.stderr.match(/error|failed [1-9]/i)?.[0]])).toEqual(SECONDS.map(() => [0, undefined]));
  });

  it('publishes parts of a chunk while its generator is still writing it', () => {
    expect(partSeenWhileWriting).toBe(true);
  });

  it('the viewer sees the first sentence before its generator has finished it, then plays the conversation to its end', () => {
    expect(result.errors).toEqual([]);
    expect(result.mode).toBe('mse');
    expect(result.firstFrameAtMs).toBeDefined();
    expect(result.firstFrameAtMs as number).toBeLessThan((exits[0] as { at: number }).at);
    expect(result.events.some((event) => event.type === 'ended')).toBe(true);
  });

  it('each chunk file is its initialization section, then exactly its parts in order', async () => {
    const hls = path.join(out(), 'talk.hls');
    const log = await readLog(hls);
    const chunks = log.filter((line) => line.type === 'chunk' && line.parts);
    expect(chunks).toHaveLength(SECONDS.length);
    for (const chunk of chunks) {
      const bytes = await readFile(path.join(hls, chunk.file as string));
      const parts = log.filter((line) => line.type === 'part' && line.chunk === chunk.index);
      expect(parts.length).toBeGreaterThanOrEqual(5);
      let at = chunk.initBytes as number;
      for (const part of parts) {
        expect(part.offset).toBe(at);
        expect(createHash('sha256').update(bytes.subarray(at, at + (part.bytes as number))).digest('hex')).toBe(part.sha256);
        at += part.bytes as number;
      }
      expect(at).toBe(bytes.length);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(chunk.sha256);
    }
  });

  it('the first chunk starts with short segments (hls.js starts from the first and keeps to parts), each with its audio to its end; later chunks are one segment', async () => {
    const hls = path.join(out(), 'talk.hls');
    const playlist = await readFile(path.join(hls, 'playlist.m3u8'), 'utf8');
    expect(playlist).not.toContain('#EXT-X-INDEPENDENT-SEGMENTS');
    const segments = [...playlist.matchAll(/#EXTINF:([\d.]+),\n#EXT-X-BYTERANGE:(\d+)@(\d+)\n(\S+)/g)].map((m) => ({ sec: Number(m[1]), bytes: Number(m[2]), offset: Number(m[3]), uri: m[4] as string }));
    const short = FIRST_SEGMENT_ENDS_SEC.length;
    // The first chunk (3 s): its short segments, then one to its end; the next two chunks one each.
    expect(segments.map((segment) => segment.uri).slice(0, short + 3)).toEqual([...Array(short + 1).fill('0001.mp4'), '0002.mp4', '0003.mp4']);
    expect(segments.slice(0, short).map((segment) => segment.sec)).toEqual(FIRST_SEGMENT_ENDS_SEC.map((end, i) => Number((end - (FIRST_SEGMENT_ENDS_SEC[i - 1] ?? 0)).toFixed(6))));
    const file = await readFile(path.join(hls, '0001.mp4'));
    for (const [i, segment] of segments.slice(0, short).entries()) {
      // Its media alone (initialization section + the segment's bytes): audio at least as far as video.
      const alone = path.join(dir, `segment-${i}.mp4`);
      await writeFile(alone, Buffer.concat([file.subarray(0, (segments[0] as { offset: number }).offset), file.subarray(segment.offset, segment.offset + segment.bytes)]));
      const { stdout } = await run(ffprobePath(), ['-v', 'error', '-show_packets', '-of', 'json', alone]);
      const probed = JSON.parse(stdout) as { packets: Array<{ codec_type: string; pts_time: string; duration_time: string }> };
      // (A video packet's duration is not always written: a frame lasts 1/18 s.)
      const end = (kind: string, frame: number) => Math.max(...probed.packets.filter((packet) => packet.codec_type === kind).map((packet) => Number(packet.pts_time) + (Number(packet.duration_time) || frame)));
      const start = Math.min(...probed.packets.filter((packet) => packet.codec_type === 'video').map((packet) => Number(packet.pts_time)));
      expect(end('video', 1 / 18) - start, `segment ${i}`).toBeCloseTo(segment.sec, 2);
      expect(end('audio', 1024 / 24000), `segment ${i}`).toBeGreaterThanOrEqual(end('video', 1 / 18) - 0.001);
    }
  });

  it('the parts\' video is the verified progressive output\'s, frame for frame', async () => {
    const hls = path.join(out(), 'talk.hls');
    for (const [i] of SECONDS.entries()) {
      const name = String(i + 1).padStart(4, '0');
      const progressive = new Uint8Array(await readFile(path.join(out(), `${name}.mp4`)));
      const list = readSampleList(progressive);
      if (!list.ok) throw new Error(list.reason);
      const video = list.tracks.find((track) => track.kind === 'video');
      const frames = (video?.samples ?? []).map((sample) => createHash('sha256').update(progressive.subarray(sample.offset, sample.offset + sample.size)).digest('hex'));
      const chunk = new Uint8Array(await readFile(path.join(hls, `${name}.mp4`)));
      const timing = readFragmentTiming(chunk).filter((fragment) => fragment.trackId === 1);
      expect(timing.reduce((sum, fragment) => sum + fragment.durations.length, 0)).toBe(frames.length);
      // Frame bytes: the chunk's mdat payloads hold each progressive frame, in order.
      const haystack = Buffer.from(chunk);
      let from = 0;
      for (const sample of video?.samples ?? []) {
        const found = haystack.indexOf(Buffer.from(progressive.subarray(sample.offset, sample.offset + sample.size)), from);
        expect(found).toBeGreaterThanOrEqual(from);
        from = found + sample.size;
      }
    }
  });

  it('hls.js (lowLatencyMode) plays the same playlist to its end', async () => {
    const server = await startPlayerServer(out());
    servers.push(server);
    const page = await browser.newPage();
    await page.goto(`${server.url}play.html?mode=hls&playlist=${encodeURIComponent('/talk.hls/playlist.m3u8')}`);
    await page.waitForFunction(() => (globalThis as unknown as { result: { done: boolean } }).result.done, undefined, { timeout: 60_000 });
    const played = await page.evaluate(() => (globalThis as unknown as { result: { errors: Array<{ fatal?: boolean }>; currentTime: number } }).result);
    await page.close();
    expect(played.errors.filter((error) => error.fatal)).toEqual([]);
    expect(played.currentTime).toBeGreaterThan(SECONDS.reduce((a, b) => a + b, 0) - 0.2);
  }, 90_000);

  it('waits no more than once per sentence a viewer could see (the generator pauses between sentences)', () => {
    expect(visibleWaits(result.events as Array<{ type: string; ms?: number }>).length).toBeLessThanOrEqual(SECONDS.length);
  });
});

describe('a generator at half real time', () => {
  it('the player waits once per boundary the generator missed, at the boundary (between sentences), none inside a sentence', async () => {
    const out = path.join(dir, 'half');
    await mkdir(out);
    const server = await startPlayerServer(out);
    servers.push(server);
    const page = await browser.newPage();
    await page.goto(`${server.url}play.html?follow=${encodeURIComponent('/talk.hls/playlist.m3u8')}`);
    const seconds = [3, 3, 3];
    for (const [i, length] of seconds.entries()) {
      const exit = await sentence(out, i, length, i === seconds.length - 1, 0.5).exited;
      expect(exit.code, exit.stderr).toBe(0);
    }
    await page.waitForFunction(() => (globalThis as unknown as { result: { done: boolean } }).result.done, undefined, { timeout: 60_000 });
    const played = await page.evaluate(() => (globalThis as unknown as { result: { events: Array<{ type: string; ms?: number; atSec?: number }>; errors: unknown[] } }).result);
    await page.close();
    expect(played.errors).toEqual([]);
    expect(played.events.some((event) => event.type === 'ended')).toBe(true);
    // Where each chunk starts on the timeline (its video, after the audio priming).
    const log = await readLog(path.join(out, 'talk.hls')) as Array<LogLine & { start?: number; closing?: boolean }>;
    const starts = log.filter((line) => line.type === 'chunk' && !line.closing).map((line) => ((line.start as number) + 1024) / 24_000);
    expect(starts).toHaveLength(seconds.length);
    const stalls = played.events.filter((event) => event.type === 'stall');
    const context = JSON.stringify({ starts, events: played.events.filter((event) => event.type === 'stall' || event.type === 'resume') });
    // Every boundary is missed (each 3-s sentence takes 6 s to write): at most one wait each, and each at
    // a boundary — within the last part (1/3 s) of the sentence before and a frame.
    expect(visibleWaits(played.events).length, context).toBeLessThanOrEqual(seconds.length - 1);
    for (const stall of stalls) expect(starts.slice(1).some((start) => Math.abs((stall.atSec as number) - start) <= 1 / 3 + 1 / 18), context).toBe(true);
  }, 120_000);
});

describe('a run killed in the middle of a chunk', () => {
  it('leaves the chunk ended at its last published part; the next run goes on after it, published bytes unchanged', async () => {
    const out = path.join(dir, 'killed');
    await mkdir(out);
    const hls = path.join(out, 'talk.hls');
    const first = sentence(out, 0, 2, false);
    expect((await first.exited).code).toBe(0);
    const second = sentence(out, 1, 4, false);
    // Killed once two parts of its chunk are out.
    for (;;) {
      const log = await readLog(hls).catch(() => []);
      if (log.filter((line) => line.type === 'part' && line.chunk === 1).length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    second.streamprep.kill('SIGKILL');
    second.generator.kill('SIGKILL');
    await second.exited;
    const before = await readLog(hls);
    const published = before.filter((line) => line.type === 'part' && line.chunk === 1);
    const firstFile = await readFile(path.join(hls, '0001.mp4'));
    const third = sentence(out, 2, 1.6, true);
    const done = await third.exited;
    expect(done.code, done.stderr).toBe(0);
    const after = await readLog(hls);
    const closed = after.find((line) => line.type === 'chunk' && line.index === 1);
    expect(closed?.parts?.length).toBe(published.length);
    const second2 = await readFile(path.join(hls, '0002.mp4'));
    const end = (published.at(-1)?.offset ?? 0) + (published.at(-1)?.bytes ?? 0);
    expect(second2.length).toBe(end);
    expect((await readFile(path.join(hls, '0001.mp4'))).equals(firstFile)).toBe(true);
    expect(after.filter((line) => line.type === 'chunk' && !(line as { closing?: boolean }).closing).map((line) => line.index)).toEqual([0, 1, 2]);
    // The killed run's lock and temporary files beside its output are gone: the next run removed them.
    expect((await readdir(out)).filter(isOwnFileName)).toEqual([]);
    // The whole decodes: ffmpeg reads the playlist to its end.
    const { stdout } = await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-allowed_extensions', 'ALL', '-i', path.join(hls, 'playlist.m3u8'), '-map', '0:v', '-f', 'null', '-', '-progress', 'pipe:1'], { maxBuffer: 1 << 24 });
    expect(Number(/frame=(\d+)\s*\n(?![\s\S]*frame=)/.exec(stdout)?.[1] ?? 0)).toBeGreaterThan(18 * (2 + 1.6));
  }, 120_000);
});
