// inspect --json reads track facts from moov alone; they must agree with ffprobe (which decodes) on
// frame size, display size, channels, sample rate and duration — on the fixtures and on files built
// here the way real ones come: AC-3 and E-AC-3 5.1, Opus in MP4, H.263 3GP with a pixel aspect, AMR,
// a sample entry whose size is 0, and a movie header claiming "unknown" (all ones) for its duration.
import { execFile } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ffmpegPath, ffprobe, runCli, tempDir } from '../helpers/media.js';

const run = promisify(execFile);
let dir: string;
const built: string[] = [];

async function build(name: string, args: string[]): Promise<void> {
  await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', 'testsrc2=duration=1:size=176x144:rate=15', ...args, path.join(dir, name)]);
  built.push(path.join(dir, name));
}

beforeAll(async () => {
  dir = await tempDir('inspect-corpus');
  const surround = ['-f', 'lavfi', '-i', 'sine=duration=1:sample_rate=48000,aformat=channel_layouts=5.1'];
  await build('ac3-5.1.mp4', [...surround, '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'ac3', '-b:a', '384k']);
  await build('eac3-5.1.mp4', [...surround, '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'eac3', '-b:a', '384k']);
  await build('opus.mp4', ['-f', 'lavfi', '-i', 'sine=duration=1:sample_rate=48000', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'libopus', '-b:a', '32k', '-strict', 'experimental']);
  await build('h263-aspect.3gp', ['-f', 'lavfi', '-i', 'sine=duration=1:sample_rate=8000', '-c:v', 'h263', '-aspect', '3:2', '-c:a', 'libopencore_amrnb', '-ar', '8000', '-ac', '1', '-b:a', '12.2k']);
  // A sample entry that says 0x0 (the SPS still says 176x144), and a movie duration of all ones.
  await build('plain.mp4', ['-c:v', 'libx264', '-preset', 'ultrafast', '-an']);
  const bytes = await readFile(path.join(dir, 'plain.mp4'));
  const avc1 = bytes.indexOf('avc1');
  bytes.writeUInt32BE(0, avc1 + 4 + 24); // width and height (16 bits each) of the visual sample entry
  const mvhd = bytes.indexOf('mvhd');
  bytes.writeUInt32BE(0xffffffff, mvhd + 20);
  await writeFile(path.join(dir, 'zero-size-entry.mp4'), bytes);
  built.push(path.join(dir, 'zero-size-entry.mp4'));
});

interface Expected { width?: number; height?: number; displayWidth?: number; sampleRate?: number; channels?: number; duration: number }

async function fromFfprobe(file: string): Promise<Expected> {
  const probed = await ffprobe(file);
  const video = probed.streams.find((stream) => stream.codec_type === 'video');
  const audio = probed.streams.find((stream) => stream.codec_type === 'audio');
  const [num, den] = ((video as { sample_aspect_ratio?: string })?.sample_aspect_ratio ?? '1:1').split(':').map(Number);
  const aspect = num && den ? num / den : 1;
  return {
    width: video?.width, height: video?.height, displayWidth: video?.width === undefined ? undefined : Math.round(video.width * aspect),
    sampleRate: audio?.sample_rate === undefined ? undefined : Number(audio.sample_rate), channels: audio?.channels,
    // The streams' own durations (their sample tables): the container's may be the header's claim.
    duration: Math.max(...probed.streams.map((stream) => Number(stream.duration) || 0)),
  };
}

describe('inspect --json agrees with ffprobe', () => {
  it('on every fixture and every file built here', async () => {
    const fixtures = (await readdir(FIXTURES)).filter((name) => /\.(mp4|mov)$/.test(name)).map((name) => path.join(FIXTURES, name));
    for (const file of [...fixtures, ...built]) {
      const inspected = JSON.parse((await runCli(['inspect', file, '--json'])).stdout);
      const expected = await fromFfprobe(file);
      const video = inspected.tracks.find((track: { kind: string }) => track.kind === 'video');
      const audio = inspected.tracks.find((track: { kind: string }) => track.kind === 'audio');
      const label = path.basename(file);
      expect([label, video?.width, video?.height], 'frame size').toEqual([label, expected.width, expected.height]);
      expect([label, video?.displayWidth ?? video?.width], 'display width').toEqual([label, expected.displayWidth]);
      if (expected.channels !== undefined) {
        expect([label, audio?.sampleRate, audio?.channels], 'audio').toEqual([label, expected.sampleRate, expected.channels]);
      }
      expect(Math.abs(inspected.durationSec - expected.duration), `${label} duration ${inspected.durationSec} vs ${expected.duration}`).toBeLessThan(0.1);
    }
  });
});
