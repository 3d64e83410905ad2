// watch following a file its generator writes in place: the real ffmpeg writing Matroska (and MPEG-TS)
// at real-time pace into a watched folder. The encode starts while the file is written and the verified
// output comes once it ends; a write abandoned in the middle leaves nothing (a `stale` event); a file
// truncated while followed is never reported done nor moved; --no-follow waits for the whole file.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, readdir, readlink, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ffmpegPath, ffprobe, tempDir } from '../helpers/media.js';
import { eventsOf as of, startWatch } from '../helpers/watch.js';

const run = promisify(execFile);
let dir: string;
let source: string;
/** A Matroska stream as a pipe writer leaves it: no size in its header, no index. */
let piped: Buffer;
/** Another one, 2 s long. */
let piped2: Buffer;

/** A generator writing `seconds` of video (and audio) into `file` at real-time pace, as ffmpeg does with small clusters. */
function generate(file: string, format: 'matroska' | 'mpegts'): Promise<{ code: number | null; endedAt: number }> {
  const args = ['-hide_banner', '-loglevel', 'error', '-re', '-i', source, '-c', 'copy', '-flush_packets', '1',
    ...(format === 'matroska' ? ['-cluster_time_limit', '200'] : []), '-f', format, '-y', file];
  const child = spawn(ffmpegPath(), args, { stdio: 'ignore' });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, endedAt: Date.now() })));
}

/** How long the output's video lasts (its audio may end a frame of AAC later). */
const seconds = async (file: string): Promise<number> => Number((await ffprobe(file)).streams.find((stream) => stream.codec_type === 'video')?.duration);
const leftovers = async (folder: string): Promise<string[]> => (await readdir(folder).catch(() => [])).filter((name) => name.includes('streamprep'));

beforeAll(async () => {
  dir = await tempDir('watch-follow');
  source = path.join(dir, 'source.mkv');
  await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=sample_rate=48000',
    '-t', '3', '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '3M', '-pix_fmt', 'yuv420p', '-g', '25', '-c:a', 'aac', '-ac', '2', '-f', 'matroska', '-y', source]);
  piped = (await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-i', source, '-c', 'copy', '-f', 'matroska', 'pipe:1'], { encoding: 'buffer', maxBuffer: 1 << 26 })).stdout;
  piped2 = (await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-i', source, '-t', '2', '-c', 'copy', '-f', 'matroska', 'pipe:1'], { encoding: 'buffer', maxBuffer: 1 << 26 })).stdout;
}, 120_000);

describe('watch follows a file written in place', () => {
  it('Matroska written at real-time pace: encoded while written, one verified output, moved with --done-dir', async () => {
    const work = path.join(dir, 'mkv');
    await mkdir(path.join(work, 'in'), { recursive: true });
    const watcher = startWatch(['in', '-o', 'out', '--done-dir', 'done'], work);
    try {
      await watcher.waitFor((events) => of(events, 'watching').length > 0);
      const generated = generate(path.join(work, 'in', 'chunk-1.mkv'), 'matroska');
      const { code, endedAt } = await generated;
      expect(code).toBe(0);
      await watcher.waitFor((events) => of(events, 'started').length > 0, 60_000);
      // The encode started while the generator was still writing.
      expect(Date.parse(of(watcher.events, 'started')[0]?.time)).toBeLessThan(endedAt);
      await watcher.waitFor((events) => of(events, 'moved').length + of(events, 'failed').length + of(events, 'warning').length > 0, 60_000);
    } finally {
      await watcher.stop();
    }
    expect(of(watcher.events, 'queued')).toEqual([expect.objectContaining({ following: true })]);
    expect(of(watcher.events, 'started')).toHaveLength(1);
    expect(of(watcher.events, 'failed')).toEqual([]);
    const done = of(watcher.events, 'done')[0] as Record<string, any>;
    expect(done.report).toMatchObject({ status: 'ok', faststartVerified: true, inputBytes: (await stat(path.join(work, 'done', 'chunk-1.mkv'))).size });
    expect(done.report.adaptations).toContain('encoded as it arrived (encode time includes waiting for the writer)');
    expect(await seconds(path.join(work, 'out', 'chunk-1.mp4'))).toBeCloseTo(3, 1);
    expect(of(watcher.events, 'moved')).toHaveLength(1);
    expect(await leftovers(path.join(work, 'out'))).toEqual([]);
  }, 120_000);

  it('MPEG-TS (no end marker) is followed and ends once unchanged; --no-follow waits for the whole file', async () => {
    const work = path.join(dir, 'ts');
    await mkdir(path.join(work, 'in'), { recursive: true });
    await mkdir(path.join(work, 'in2'), { recursive: true });
    const following = startWatch(['in', '-o', 'out'], work);
    const waiting = startWatch(['in2', '-o', 'out2', '--no-follow'], work);
    let endedAt = 0;
    try {
      await following.waitFor((events) => of(events, 'watching').length > 0);
      await waiting.waitFor((events) => of(events, 'watching').length > 0);
      const [a, b] = await Promise.all([generate(path.join(work, 'in', 'chunk.ts'), 'mpegts'), generate(path.join(work, 'in2', 'chunk.mkv'), 'matroska')]);
      expect([a.code, b.code]).toEqual([0, 0]);
      endedAt = b.endedAt;
      await following.waitFor((events) => of(events, 'done').length + of(events, 'failed').length > 0, 60_000);
      await waiting.waitFor((events) => of(events, 'done').length + of(events, 'failed').length > 0, 60_000);
    } finally {
      await following.stop();
      await waiting.stop();
    }
    expect(of(following.events, 'queued')[0], JSON.stringify(following.events.map((e) => [e.time?.slice(17), e.type, e.cause, e.reason]))).toMatchObject({ following: true });
    expect(of(following.events, 'done')).toHaveLength(1);
    expect(await seconds(path.join(work, 'out', 'chunk.mp4'))).toBeCloseTo(3, 1);
    expect(of(waiting.events, 'queued')[0]).not.toHaveProperty('following');
    // Not followed: started only once the writer had finished.
    expect(Date.parse(of(waiting.events, 'started')[0]?.time)).toBeGreaterThanOrEqual(endedAt - 50);
    expect(of(waiting.events, 'done')).toHaveLength(1);
  }, 120_000);

  it('a raw-frames (Y4M) writer that pauses between frames for longer than any stillness rule, still holding its file, is not taken as ended (followed or not)', async () => {
    const work = path.join(dir, 'paused-between');
    for (const folder of ['in', 'in2']) await mkdir(path.join(work, folder), { recursive: true });
    const y4m = (await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '2', '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', 'pipe:1'], { encoding: 'buffer', maxBuffer: 1 << 26 })).stdout;
    const frames: number[] = [];
    for (let at = y4m.indexOf('FRAME'); at >= 0; at = y4m.indexOf('FRAME', at + 1)) frames.push(at);
    expect(frames).toHaveLength(50);
    const following = startWatch(['in', '-o', 'out'], work);
    const waiting = startWatch(['in2', '-o', 'out2', '--no-follow'], work);
    try {
      await following.waitFor((events) => of(events, 'watching').length > 0);
      await waiting.waitFor((events) => of(events, 'watching').length > 0);
      const handles = await Promise.all([open(path.join(work, 'in', 'chunk.y4m'), 'w'), open(path.join(work, 'in2', 'chunk.y4m'), 'w')]);
      const write = (from: number, to: number) => Promise.all(handles.map((handle) => handle.write(y4m.subarray(from, to))));
      // Half the frames at about real-time pace, a 1.5-s pause exactly between two frames (a slow model), the rest.
      for (let frame = 0; frame < 25; frame++) {
        await write(frame === 0 ? 0 : frames[frame] as number, frames[frame + 1] as number);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await write(0, 0);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await write(frames[25] as number, y4m.length);
      await Promise.all(handles.map((handle) => handle.close()));
      await following.waitFor((events) => of(events, 'done').length + of(events, 'failed').length > 0, 60_000);
      await waiting.waitFor((events) => of(events, 'done').length + of(events, 'failed').length > 0, 60_000);
    } finally {
      await following.stop();
      await waiting.stop();
    }
    expect(of(following.events, 'queued'), JSON.stringify(following.events.map((e) => [e.time?.slice(17), e.type, e.cause, e.reason]))).toHaveLength(1);
    expect(of(following.events, 'queued')[0], JSON.stringify(following.events.map((e) => [e.time?.slice(17), e.type, e.cause, e.reason]))).toMatchObject({ following: true });
    for (const [watcher, out] of [[following, 'out'], [waiting, 'out2']] as const) {
      expect(of(watcher.events, 'retrying').concat(of(watcher.events, 'skipped'), of(watcher.events, 'failed'))).toEqual([]);
      expect(of(watcher.events, 'done')).toHaveLength(1);
      // Every frame: 2 s at the preset's 18 fps.
      expect(await seconds(path.join(work, out, 'chunk.mp4'))).toBeCloseTo(2, 1);
    }
  }, 120_000);

  it('a writer that pauses in the middle of its data gets no verdict: the file is taken again when it grows, one outcome in the summary', async () => {
    const work = path.join(dir, 'paused');
    await mkdir(path.join(work, 'in'), { recursive: true });
    const watcher = startWatch(['in', '-o', 'out'], work);
    const file = path.join(work, 'in', 'chunk.mkv');
    try {
      await watcher.waitFor((events) => of(events, 'watching').length > 0);
      // 60 % of a piped Matroska stream in 20 pieces, 30 ms apart, then the writer pauses: in the middle of a cluster.
      const cut = Math.floor(piped.length * 0.6);
      const handle = await open(file, 'w');
      for (let i = 0; i < 20; i++) {
        await handle.write(piped.subarray(Math.floor((i * cut) / 20), Math.floor(((i + 1) * cut) / 20)));
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      await watcher.waitFor((events) => of(events, 'retrying').some((event) => event.cause === 'incomplete'), 60_000);
      expect(await readdir(path.join(work, 'out')).catch(() => [])).toEqual([]);
      // The writer comes back and finishes: the whole file is encoded.
      await handle.write(piped.subarray(cut));
      await handle.close();
      await watcher.waitFor((events) => of(events, 'done').length > 0, 60_000);
    } finally {
      await watcher.stop();
    }
    expect(of(watcher.events, 'skipped').concat(of(watcher.events, 'failed'), of(watcher.events, 'stale'))).toEqual([]);
    expect(of(watcher.events, 'stopped')[0]).toMatchObject({ ok: 1, failed: 0, skipped: 0 });
    expect(await seconds(path.join(work, 'out', 'chunk.mp4'))).toBeCloseTo(3, 1);
    expect(await leftovers(path.join(work, 'out'))).toEqual([]);
  }, 120_000);

  it('a write abandoned for good in the middle of its data leaves nothing; when watch stops it is failed (incomplete) and said stale', async () => {
    const work = path.join(dir, 'abandoned');
    await mkdir(path.join(work, 'in'), { recursive: true });
    const watcher = startWatch(['in', '-o', 'out'], work);
    const file = path.join(work, 'in', 'chunk.mkv');
    try {
      await watcher.waitFor((events) => of(events, 'watching').length > 0);
      await writeFile(file, piped.subarray(0, Math.floor(piped.length * 0.6)));
      await watcher.waitFor((events) => of(events, 'retrying').some((event) => event.cause === 'incomplete'), 60_000);
    } finally {
      await watcher.stop();
    }
    expect(of(watcher.events, 'failed')).toEqual([expect.objectContaining({ cause: 'incomplete' })]);
    expect(of(watcher.events, 'stale')[0]?.message).toMatch(/stopped growing in the middle of its data/);
    expect(of(watcher.events, 'stopped')[0]).toMatchObject({ ok: 0, failed: 1 });
    expect(await leftovers(path.join(work, 'out'))).toEqual([]);
  }, 120_000);

  it('a followed file truncated and written anew: what is encoded and moved is the new content, never a mix', async () => {
    const work = path.join(dir, 'shrunk');
    await mkdir(path.join(work, 'in'), { recursive: true });
    const watcher = startWatch(['in', '-o', 'out', '--done-dir', 'done'], work);
    const file = path.join(work, 'in', 'chunk.mkv');
    try {
      await watcher.waitFor((events) => of(events, 'watching').length > 0);
      const handle = await open(file, 'w');
      const half = Math.floor(piped.length / 2);
      for (let i = 0; i < 10; i++) {
        await handle.write(piped.subarray(Math.floor((i * half) / 10), Math.floor(((i + 1) * half) / 10)));
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      await watcher.waitFor((events) => of(events, 'queued').length > 0, 30_000);
      // The writer starts over: truncated, a pause, then another stream written at once.
      await handle.truncate(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await handle.write(piped2, 0, piped2.length, 0);
      await handle.close();
      await watcher.waitFor((events) => of(events, 'moved').length > 0, 60_000);
    } finally {
      await watcher.stop();
    }
    // The attempt cut short by the rewrite is retried, not reported: one outcome, the new content's.
    expect(of(watcher.events, 'failed')).toEqual([]);
    expect(of(watcher.events, 'retrying').length).toBeGreaterThanOrEqual(1);
    expect(of(watcher.events, 'done')).toHaveLength(1);
    expect(of(watcher.events, 'moved')).toHaveLength(1);
    expect(watcher.events.at(-1)).toMatchObject({ type: 'stopped', ok: 1, failed: 0 });
    expect((await readFile(path.join(work, 'done', 'chunk.mkv'))).equals(piped2)).toBe(true);
    expect(await seconds(path.join(work, 'out', 'chunk.mp4'))).toBeCloseTo(2, 1);
  }, 120_000);

  it('a followed file whose output exists is skipped, the output untouched, and the file not held open', async () => {
    const work = path.join(dir, 'exists');
    await mkdir(path.join(work, 'in'), { recursive: true });
    await mkdir(path.join(work, 'out'), { recursive: true });
    const existing = await readFile(path.join(FIXTURES, 'slow-10fps.mp4'));
    await writeFile(path.join(work, 'out', 'chunk.mp4'), existing);
    const watcher = startWatch(['in', '-o', 'out'], work);
    const file = path.join(work, 'in', 'chunk.mkv');
    /** Whether the watch process has `file` open (Linux: its descriptors in /proc). */
    const holds = async (): Promise<boolean> => {
      const fds = await readdir(`/proc/${watcher.child.pid}/fd`).catch(() => [] as string[]);
      const targets = await Promise.all(fds.map((fd) => readlink(`/proc/${watcher.child.pid}/fd/${fd}`).catch(() => '')));
      return targets.includes(file);
    };
    try {
      await watcher.waitFor((events) => of(events, 'watching').length > 0);
      const { code } = await generate(file, 'matroska');
      expect(code).toBe(0);
      await watcher.waitFor((events) => of(events, 'skipped').length > 0, 60_000);
      const deadline = Date.now() + 30_000;
      while (await holds()) {
        if (Date.now() > deadline) throw new Error(`${file} is still open in the watch process`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await watcher.stop();
    }
    expect(of(watcher.events, 'skipped').every((event) => event.cause === 'exists')).toBe(true);
    // Closed by the watcher itself, not left for the garbage collector (Node warns when it closes one).
    expect(watcher.stderr()).not.toMatch(/file descriptor|garbage collection/i);
    expect(of(watcher.events, 'done')).toEqual([]);
    expect((await readFile(path.join(work, 'out', 'chunk.mp4'))).equals(existing)).toBe(true);
  }, 120_000);

  it('with --conversations, chunks followed as they are written are published in parts while written, and take their places on the timeline', async () => {
    const work = path.join(dir, 'conversation');
    await mkdir(path.join(work, 'in', 'talk'), { recursive: true });
    const watcher = startWatch(['in', '-o', 'out', '--conversations'], work);
    const playlistFile = path.join(work, 'out', 'talk.hls', 'playlist.m3u8');
    /** Parts of each chunk file seen listed while its generator was still writing. */
    const seenWhileWriting = new Map<string, number>();
    try {
      await watcher.waitFor((events) => of(events, 'watching').length > 0);
      for (const [i, chunk] of ['chunk-1.mkv', 'chunk-2.mkv'].entries()) {
        let writing = true;
        const generated = generate(path.join(work, 'in', 'talk', chunk), 'matroska').finally(() => { writing = false; });
        const uri = `${String(i + 1).padStart(4, '0')}.mp4`;
        while (writing) {
          const listed = (await readFile(playlistFile, 'utf8').catch(() => '')).split('\n').filter((line) => line.startsWith('#EXT-X-PART:') && line.includes(`URI="${uri}"`)).length;
          if (writing) seenWhileWriting.set(uri, Math.max(seenWhileWriting.get(uri) ?? 0, listed));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect((await generated).code).toBe(0);
      }
      await writeFile(path.join(work, 'in', 'talk', '.end'), '');
      await watcher.waitFor((events) => of(events, 'conversation-ended').length > 0, 90_000);
    } finally {
      await watcher.stop();
    }
    expect(of(watcher.events, 'queued').every((event) => event.following === true)).toBe(true);
    // Each chunk was seen in parts while its generator was still writing it (3 s at real-time pace).
    expect(seenWhileWriting.get('0001.mp4')).toBeGreaterThan(0);
    expect(seenWhileWriting.get('0002.mp4')).toBeGreaterThan(0);
    // (The chunks were on the timeline before the end marker came: the encoder's last audio frames close it, a short audio-only segment.)
    const published = of(watcher.events, 'published').filter((event) => event.input);
    expect(published.map((event) => event.chunk.index)).toEqual([0, 1]);
    // One after the other on one timeline: the second starts where the first ends (3 s each: 54 frames at 18 fps).
    expect(published[1]?.chunk.startSec).toBeCloseTo(published[0]?.chunk.durationSec, 3);
    expect(published[0]?.chunk.durationSec).toBeCloseTo(3, 1);
    expect(of(watcher.events, 'done')).toHaveLength(2);
    const playlist = await readFile(playlistFile, 'utf8');
    expect(playlist.match(/#EXTINF/g)?.length).toBeGreaterThanOrEqual(2);
    expect(playlist).toContain('#EXT-X-ENDLIST');
    // Each chunk file is its initialization section, then exactly the parts its log lists.
    const log = (await readFile(path.join(work, 'out', 'talk.hls', '.conversation.ndjson'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
    for (const chunk of log.filter((line) => line.type === 'chunk' && !line.closing)) {
      expect(chunk.source).toMatchObject({ name: `chunk-${chunk.index + 1}.mkv` });
      const parts = log.filter((line) => line.type === 'part' && line.chunk === chunk.index);
      expect(parts.length).toBeGreaterThan(5);
      expect(parts[0]?.offset).toBe(chunk.initBytes);
      expect(parts.reduce((sum, part) => sum + part.bytes, chunk.initBytes)).toBe((await stat(path.join(work, 'out', 'talk.hls', chunk.file))).size);
      // --json's part events announce each part, in order, before the chunk's published event (which
      // counts them): what they say to enqueue covers the chunk's file exactly once, from byte 0.
      const announced = of(watcher.events, 'part').filter((event) => event.chunk === chunk.index);
      expect(announced.map((event) => [event.offset, event.bytes])).toEqual(parts.map((part) => [part.offset, part.bytes]));
      expect(announced.every((event) => event.conversation === 'talk' && event.url === `talk.hls/${chunk.file}`)).toBe(true);
      expect(announced.map((event) => event.continues)).toEqual(announced.map((_, i) => i > 0));
      let covered = 0;
      for (const { range } of announced) {
        expect(range.offset).toBe(covered);
        covered += range.length;
      }
      expect(covered).toBe(chunk.bytes);
      const publishedAt = watcher.events.findIndex((event) => event.type === 'published' && event.chunk.index === chunk.index);
      expect(publishedAt).toBeGreaterThan(watcher.events.lastIndexOf(announced.at(-1) as (typeof announced)[number]));
      expect(published[chunk.index]?.chunk.parts).toBe(parts.length);
    }
  }, 150_000);

  it('with --conversations, killed (-9) while a followed chunk is published in parts: the next run keeps that chunk as published and goes on after it', async () => {
    const work = path.join(dir, 'conversation-killed');
    await mkdir(path.join(work, 'in', 'talk'), { recursive: true });
    const first = startWatch(['in', '-o', 'out', '--conversations'], work);
    const log = path.join(work, 'out', 'talk.hls', '.conversation.ndjson');
    let generated: Promise<{ code: number | null }> | undefined;
    try {
      await first.waitFor((events) => of(events, 'watching').length > 0);
      generated = generate(path.join(work, 'in', 'talk', 'chunk-1.mkv'), 'matroska');
      // Killed once a few parts of the chunk are logged, while its generator still writes.
      for (;;) {
        const parts = (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((line) => line.includes('"type":"part"')).length;
        if (parts >= 3) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      first.child.kill('SIGKILL');
      await first.exit;
    } finally {
      first.child.kill('SIGKILL');
    }
    expect((await (generated as Promise<{ code: number | null }>)).code).toBe(0);
    const partsBefore = (await readFile(log, 'utf8')).split('\n').filter((line) => line.includes('"type":"part"'));
    const second = startWatch(['in', '-o', 'out', '--conversations'], work);
    try {
      await second.waitFor((events) => of(events, 'watching').length > 0);
      expect((await generate(path.join(work, 'in', 'talk', 'chunk-2.mkv'), 'matroska')).code).toBe(0);
      await writeFile(path.join(work, 'in', 'talk', '.end'), '');
      await second.waitFor((events) => of(events, 'conversation-ended').length > 0, 90_000);
    } finally {
      await second.stop();
    }
    // chunk-1 stays as its parts were published (no second copy of it); chunk-2 follows it.
    const events = of(second.events, 'published');
    expect(events.find((event) => event.input?.endsWith('chunk-1.mkv'))).toMatchObject({ resumed: true, chunk: { index: 0 } });
    expect(events.find((event) => event.input?.endsWith('chunk-2.mkv'))).toMatchObject({ chunk: { index: 1 } });
    expect(of(second.events, 'left-out')).toEqual([]);
    const entries = (await readFile(log, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
    expect(entries.filter((entry) => entry.type === 'chunk' && !entry.closing).map((entry) => entry.source?.name)).toEqual(['chunk-1.mkv', 'chunk-2.mkv']);
    // What was published before the kill is unchanged: its parts are still logged as they were, and the
    // chunk file still holds their bytes.
    const partsAfter = (await readFile(log, 'utf8')).split('\n').filter((line) => line.includes('"type":"part"'));
    expect(partsAfter.slice(0, partsBefore.length)).toEqual(partsBefore);
    const file = await readFile(path.join(work, 'out', 'talk.hls', '0001.mp4'));
    for (const part of partsBefore.map((line) => JSON.parse(line) as { offset: number; bytes: number; sha256: string })) {
      expect(createHash('sha256').update(file.subarray(part.offset, part.offset + part.bytes)).digest('hex')).toBe(part.sha256);
    }
  }, 150_000);

  it('stopped (SIGTERM) while following: exit 143, nothing written, and the next run takes the finished file', async () => {
    const work = path.join(dir, 'stopped');
    await mkdir(path.join(work, 'in'), { recursive: true });
    const file = path.join(work, 'in', 'chunk.mkv');
    const watcher = startWatch(['in', '-o', 'out'], work);
    await watcher.waitFor((events) => of(events, 'watching').length > 0);
    const generated = generate(file, 'matroska');
    await watcher.waitFor((events) => of(events, 'started').length > 0, 60_000);
    expect(await watcher.stop()).toBe(143);
    expect((await readdir(path.join(work, 'out')).catch(() => [])).filter((name) => !name.startsWith('.'))).toEqual([]);
    expect(await leftovers(path.join(work, 'out'))).toEqual([]);
    expect((await generated).code).toBe(0);
    const again = startWatch(['in', '-o', 'out', '--once'], work);
    await again.exit;
    expect(of(again.events, 'done')).toHaveLength(1);
    expect(await seconds(path.join(work, 'out', 'chunk.mp4'))).toBeCloseTo(3, 1);
  }, 120_000);
});
