// Facts read from moov must match what ffprobe says of the same file.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { locateBinary } from '../../src/binaries/locate.js';
import { buildProbeArgs } from '../../src/ffmpeg/args.js';
import { inspectFile } from '../../src/mp4/inspect-file.js';
import type { MoovInfo } from '../../src/mp4/moov.js';
import { parseProbeJson } from '../../src/probe/facts.js';
import { factsFromMoov } from '../../src/probe/facts-from-moov.js';
import { FIXTURES } from '../helpers/media.js';

const MP4_FIXTURES = [
  'chunk-moov-at-end.mp4', 'hd-1080p-30fps.mp4', 'interlaced-h264-no-fiel.mp4', 'odd-size-321x241.mp4', 'phone-hlg-hevc-10bit.mp4',
  'phone-pq-hevc-10bit.mp4', 'phone-rotated-90.mp4', 'phone-vfr-30-then-10fps.mp4', 'screen-yuv444.mp4', 'sd-bt601-640x480.mp4',
  'sdr-reference-bt709.mp4', 'slow-10fps.mp4',
];
/** More than 8 bits and no colour declared in moov: HDR may be said only in the bitstream, so ffprobe is asked. */
const DEEP_WITHOUT_COLOUR = ['camera-prores-422-10bit.mov', 'hevc-10bit-no-audio.mp4'];

async function ffprobeFacts(file: string) {
  const ffprobe = locateBinary('ffprobe');
  if (!ffprobe || 'error' in ffprobe) throw new Error('no ffprobe');
  const { stdout } = await promisify(execFile)(ffprobe.path, buildProbeArgs(file));
  const outcome = parseProbeJson(stdout);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.facts;
}

describe('factsFromMoov', () => {
  it.each(MP4_FIXTURES)('%s: agrees with ffprobe', async (name) => {
    const file = path.join(FIXTURES, name);
    const moov = (await inspectFile(file)).moov as MoovInfo;
    const mine = factsFromMoov(moov);
    const theirs = await ffprobeFacts(file);
    expect(mine).toBeDefined();
    if (!mine) return;
    expect([mine.video.index, mine.video.codec, mine.video.displayWidth, mine.video.displayHeight])
      .toEqual([theirs.video.index, theirs.video.codec, theirs.video.displayWidth, theirs.video.displayHeight]);
    expect(mine.video.rotation).toBe(theirs.video.rotation);
    // moov tells chroma and depth where the codec configuration does (8-bit 4:2:0 is left unsaid).
    expect(theirs.video.pixelFormat?.startsWith(mine.video.pixelFormat ?? 'yuv420p')).toBe(true);
    expect(mine.video.fps).toBeCloseTo(theirs.video.fps ?? 0, 0);
    expect(mine.durationSec).toBeCloseTo(theirs.durationSec ?? 0, 1);
    expect(mine.audio && [mine.audio.index, mine.audio.channels, mine.audio.sampleRate])
      .toEqual(theirs.audio && [theirs.audio.index, theirs.audio.channels, theirs.audio.sampleRate]);
    // Colour: what moov declares (colr, or the H.264 VUI) is what ffprobe reads from the stream.
    for (const key of ['primaries', 'transfer', 'matrix'] as const) {
      if (mine.video.colour?.[key]) expect(mine.video.colour[key]).toBe(theirs.video.colour?.[key]);
    }
  });

  it.each(DEEP_WITHOUT_COLOUR)('%s: deeper than 8 bits with no colour in moov goes to ffprobe', async (name) => {
    const moov = (await inspectFile(path.join(FIXTURES, name))).moov as MoovInfo;
    expect(factsFromMoov(moov)).toBeUndefined();
  });

  it('gives up (so ffprobe is asked) when moov does not tell everything', async () => {
    const moov = (await inspectFile(path.join(FIXTURES, 'slow-10fps.mp4'))).moov as MoovInfo;
    expect(factsFromMoov({ ...moov, compressed: true })).toBeUndefined();
    expect(factsFromMoov({ ...moov, problems: ['x'] })).toBeUndefined();
    expect(factsFromMoov({ ...moov, tracks: moov.tracks.map((t) => ({ ...t, fps: undefined })) })).toBeUndefined();
    expect(factsFromMoov({ ...moov, tracks: moov.tracks.map((t) => ({ ...t, codec: 'xyz1' })) })).toBeUndefined();
  });
});
