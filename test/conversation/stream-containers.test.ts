// A generator that writes MPEG-TS into `streamprep optimize - --conversation` at real-time pace and a
// generator's bitrate (~450 kbit/s: 3 s are ~220 kB, under the 256 KiB a stream's job used to wait for
// before it was planned, and ffmpeg's own analysis of a TS pipe read 5 s of it): the chunk is published
// in parts while it is written, as Matroska's is, and ends as one verified chunk. Real ffmpeg (-re).
// (A fragmented MP4's first fragments give ffprobe an average rate off its declared one: it is planned
// from 256 KiB, as before — stream-head.ts.)
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ffmpegPath, tempDir } from '../helpers/media.js';

const SECONDS = 3;
let dir: string;

beforeAll(async () => {
  dir = await tempDir('stream-containers');
}, 60_000);

interface LogLine { type: string; chunk?: number; index?: number; length?: number; closing?: boolean }

/** The generator (-re) piped into one streamprep run; resolves when both have exited, with when the first part was logged. */
async function write(container: string[], name: string): Promise<{ code: number | null; stderr: string; partWhileWriting: boolean; log: LogLine[]; bytes: number }> {
  const out = path.join(dir, name);
  const generator = spawn(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', `testsrc2=size=512x512:rate=25:duration=${SECONDS}`, '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${SECONDS}`,
    '-c:v', 'libx264', '-tune', 'zerolatency', '-b:v', '450k', '-c:a', 'aac', ...container, '-'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const streamprep = spawn(process.execPath, [CLI, 'optimize', '-', '-o', path.join(out, 'chunk.mp4'), '--conversation', 'talk', '--last', '--no-progress'], { stdio: ['pipe', 'ignore', 'pipe'] });
  let bytes = 0;
  generator.stdout.on('data', (chunk: Buffer) => { bytes += chunk.length; });
  generator.stdout.pipe(streamprep.stdin);
  let stderr = '';
  streamprep.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const log = path.join(out, 'talk.hls', '.conversation.ndjson');
  let writing = true;
  const generatorDone = new Promise((resolve) => generator.on('close', () => { writing = false; resolve(undefined); }));
  const done = new Promise<number | null>((resolve) => streamprep.on('close', resolve));
  // Watched while the generator writes: a part on the log before it has exited.
  let partWhileWriting = false;
  while (writing) {
    if ((await readFile(log, 'utf8').catch(() => '')).includes('"type":"part"')) {
      partWhileWriting = writing;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await generatorDone;
  const code = await done;
  const lines = (await readFile(log, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as LogLine);
  return { code, stderr, partWhileWriting, log: lines, bytes };
}

describe('a generator writing MPEG-TS at real-time pace and ~450 kbit/s', () => {
  let result: Awaited<ReturnType<typeof write>>;
  beforeAll(async () => {
    result = await write(['-f', 'mpegts'], 'ts');
  }, 120_000);

  it('is planned from its first bytes: its parts are on the playlist while the generator still writes', () => {
    expect(result.code, result.stderr).toBe(0);
    // (All of it is less than the 256 KiB a stream used to be planned from.)
    expect(result.bytes).toBeLessThan(256 * 1024);
    expect(result.partWhileWriting).toBe(true);
    expect(result.log.filter((line) => line.type === 'part').length).toBeGreaterThanOrEqual(SECONDS * 2);
  });

  it('ends as one verified chunk of the whole stream', () => {
    const chunks = result.log.filter((line) => line.type === 'chunk' && !line.closing);
    expect(chunks).toHaveLength(1);
    expect(Math.abs((chunks[0]?.length ?? 0) / 24_000 - SECONDS)).toBeLessThan(0.1);
    expect(result.log.at(-1)?.type).toBe('end');
  });
});
