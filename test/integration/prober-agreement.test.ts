// Facts from ffmpeg's own description of an input (used when ffprobe cannot read it) agree with
// ffprobe's on every container the demuxer whitelist opens, and an MPEG-TS recording — which the
// bundled static ffprobe dies on — is read all the same. Real binaries, real files.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { locateBinary } from '../../src/binaries/locate.js';
import { buildDescribeArgs, buildProbeArgs } from '../../src/ffmpeg/args.js';
import { probeMedia } from '../../src/ffmpeg/probe.js';
import { factsFromProbe, parseProbeJson } from '../../src/probe/facts.js';
import { parseInputDump } from '../../src/probe/input-dump.js';
import { FIXTURES } from '../helpers/media.js';

const run = promisify(execFile);
const tool = (name: 'ffmpeg' | 'ffprobe'): string => {
  const found = locateBinary(name);
  if (!found || 'error' in found) throw new Error(`no ${name}`);
  return found.path;
};

const FILES = ['formats/broadcast.mxf', 'formats/dvd.mpg', 'formats/legacy.avi', 'formats/stream.flv', 'formats/theora.ogv',
  'formats/upload.webm', 'formats/windows.wmv', 'surround-5.1.mkv', 'phone-rotated-90.mp4', 'phone-hlg-hevc-10bit.mp4', 'sd-bt601-640x480.mp4'];

async function describeWithFfmpeg(file: string) {
  const { stderr } = await run(tool('ffmpeg'), buildDescribeArgs(file)).catch((error: { stderr: string }) => ({ stderr: error.stderr }));
  return factsFromProbe(parseInputDump(stderr) ?? { streams: [], format: {} });
}

describe('ffmpeg describes inputs as ffprobe does', () => {
  it.each(FILES)('%s', async (name) => {
    const file = path.join(FIXTURES, name);
    const probed = parseProbeJson((await run(tool('ffprobe'), buildProbeArgs(file))).stdout);
    const described = await describeWithFfmpeg(file);
    expect(probed.ok && described.ok).toBe(true);
    if (!probed.ok || !described.ok) return;
    const { video, audio } = probed.facts;
    expect(described.facts.video).toMatchObject({
      index: video.index, codec: video.codec, width: video.width, height: video.height, rotation: video.rotation,
      displayWidth: video.displayWidth, displayHeight: video.displayHeight, pixelFormat: video.pixelFormat,
    });
    expect(described.facts.video.fps).toBeCloseTo(video.fps ?? 0, 1);
    expect(described.facts.video.colour ?? {}).toEqual(video.colour ?? {});
    // ffmpeg's description has no packet times: its audio has no duration; the rest agrees.
    expect(described.facts.audio && { ...described.facts.audio }).toEqual(audio && { ...audio, durationSec: undefined });
    // ffmpeg's description has no packet times: its container figure is within 0.1 s of what plays.
    expect(Math.abs((described.facts.durationSec ?? 0) - (probed.facts.durationSec ?? 0))).toBeLessThan(0.1);
  });

  it('reads an MPEG-TS screen recording, whatever ffprobe does with it', async () => {
    const outcome = await probeMedia({ ffprobe: tool('ffprobe'), ffmpeg: tool('ffmpeg') }, path.join(FIXTURES, 'formats/screen-recording.ts'));
    expect(outcome).toMatchObject({ ok: true, facts: { video: { codec: 'h264', width: 320, height: 240, fps: 25 }, audio: { codec: 'aac', sampleRate: 48000, channels: 1 } } });
  });
});
