// Real binaries and real files for integration tests: ffprobe of outputs, broken inputs, running the CLI.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { locateBinary } from '../../src/binaries/locate.js';

const run = promisify(execFile);

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = path.join(ROOT, 'fixtures');
export const CLI = path.join(ROOT, 'bin', 'streamprep.js');

function binary(tool: 'ffmpeg' | 'ffprobe'): string {
  const found = locateBinary(tool);
  if (!found || 'error' in found) throw new Error(`tests need ${tool}: run npm ci`);
  return found.path;
}

export const ffmpegPath = (): string => binary('ffmpeg');
export const ffprobePath = (): string => binary('ffprobe');

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  profile?: string;
  level?: number;
  width?: number;
  height?: number;
  pix_fmt?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  duration?: string;
  sample_rate?: string;
  channels?: number;
  side_data_list?: Array<{ rotation?: number }>;
  tags?: Record<string, string>;
}

export async function ffprobe(file: string): Promise<{ streams: ProbedStream[]; format: { duration?: string } }> {
  const { stdout } = await run(binary('ffprobe'), ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
  return JSON.parse(stdout);
}

/** Presentation times of a file's video frames, sorted. */
export async function frameTimes(file: string): Promise<number[]> {
  const { stdout } = await run(binary('ffprobe'), ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file]);
  return stdout.split('\n').filter(Boolean).map(Number).sort((a, b) => a - b);
}

/** Top-level box types in order, read with a loop of its own (not the code under test). */
export async function topLevelTypes(file: string): Promise<string[]> {
  const bytes = await readFile(file);
  const types: string[] = [];
  for (let offset = 0; offset + 8 <= bytes.length;) {
    let size = bytes.readUInt32BE(offset);
    if (size === 1) size = Number(bytes.readBigUInt64BE(offset + 8));
    if (size === 0) size = bytes.length - offset;
    types.push(bytes.toString('latin1', offset + 4, offset + 8));
    if (size < 8) break;
    offset += size;
  }
  return types;
}

/** The run's temporary folder (test/global-setup.ts), removed when the run ends; the system's outside a run. */
export const testTempRoot = (): string => process.env.STREAMPREP_TEST_TMP ?? os.tmpdir();

export const tempDir = (label: string): Promise<string> => mkdtemp(path.join(testTempRoot(), `streamprep-${label}-`));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/**
 * Crafted bad inputs, written into `dir`: each name maps to the reason expected in the report.
 */
export async function writeBrokenInputs(dir: string): Promise<Record<string, RegExp>> {
  const good = await readFile(path.join(FIXTURES, 'slow-10fps.mp4'));
  const moovAtEnd = await readFile(path.join(FIXTURES, 'chunk-moov-at-end.mp4'));
  await writeFile(path.join(dir, 'empty.mp4'), '');
  await writeFile(path.join(dir, 'notes.mp4'), 'just some text, not a video\n');
  await copyFile(path.join(FIXTURES, 'slow-10fps.mp4'), path.join(dir, 'segment.dat'));
  await writeFile(path.join(dir, 'playlist.mp4'), '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nsegment.dat\n#EXT-X-ENDLIST\n');
  // A faststart file cut in the middle of its mdat.
  await writeFile(path.join(dir, 'truncated.mp4'), good.subarray(0, Math.floor(good.length * 0.6)));
  // A moov-at-end file cut before its moov: no index at all.
  const types = await topLevelTypes(path.join(FIXTURES, 'chunk-moov-at-end.mp4'));
  if (types.at(-1) !== 'moov') throw new Error('chunk-moov-at-end.mp4 should end with moov');
  await writeFile(path.join(dir, 'unfinished-recording.mp4'), moovAtEnd.subarray(0, moovAtEnd.length - 400));
  // Random bytes.
  let seed = 42;
  const noise = Buffer.alloc(8192, 0).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
  await writeFile(path.join(dir, 'noise.mp4'), noise);
  // The middle of a good file: media data but no container.
  await writeFile(path.join(dir, 'headless.mp4'), good.subarray(4096, 12288));
  return {
    'empty.mp4': /empty file/,
    'notes.mp4': /text file/,
    'playlist.mp4': /HLS playlist/,
    'truncated.mp4': /truncated/,
    'unfinished-recording.mp4': /truncated|no moov/,
    'noise.mp4': /.+/,
    'headless.mp4': /.+/,
  };
}
