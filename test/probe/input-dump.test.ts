import { describe, expect, it } from 'vitest';
import { factsFromProbe } from '../../src/probe/facts.js';
import { parseInputDump, splitTopLevel } from '../../src/probe/input-dump.js';

// Captured from ffmpeg 4.1 (the bundled build) and 5.1 (Debian): the lines vary only in detail.
const TS = `Input #0, mpegts, from 'file:/in/screen-recording.ts':
  Duration: 00:00:01.02, start: 1.400000, bitrate: 628 kb/s
  Program 1
    Metadata:
      service_name    : Service01
    Stream #0:0[0x100]: Video: h264 (High) ([27][0][0][0] / 0x001B), yuv420p(progressive), 320x240 [SAR 1:1 DAR 4:3], 25 fps, 25 tbr, 90k tbn, 50 tbc
    Stream #0:1[0x101](eng): Audio: aac (LC) ([15][0][0][0] / 0x000F), 48000 Hz, mono, fltp, 80 kb/s
At least one output file must be specified
`;

const PHONE = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/in/phone.mov':
  Duration: 00:00:03.50, start: 0.000000, bitrate: 9000 kb/s
    Stream #0:0(und): Video: hevc (Main 10) (hvc1 / 0x31637668), yuv420p10le(tv, bt2020nc/bt2020/arib-std-b67), 1920x1080, 8000 kb/s, 29.97 fps, 29.97 tbr, 600 tbn, 600 tbc (default)
    Metadata:
      rotate          : 90
    Side data:
      displaymatrix: rotation of -90.00 degrees
    Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, 5.1(side), fltp, 256 kb/s (default)
    Stream #0:2: Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 320x240, 90k tbr, 90k tbn (attached pic)
`;

const INTERLACED = `Input #0, mpegts, from 'file:/in/camera.ts':
  Duration: 00:00:02.00, start: 0.000000, bitrate: 20000 kb/s
    Stream #0:0[0x1011]: Video: h264 (High) (HDMV / 0x564D4448), yuv420p(tv, bt709, top first), 1920x1080 [SAR 1:1 DAR 16:9], 29.97 fps, 59.94 tbr, 90k tbn
    Stream #0:1[0x1100]: Audio: vvc (xyz1 / 0x31797A78), 6 channels
    Stream #0:2[0x1200]: Video: none (vvc1 / 0x31637676), none, 1920x1080
`;

describe('splitTopLevel', () => {
  it('splits at commas outside parentheses and brackets', () => {
    expect(splitTopLevel('h264 (High), yuv420p(tv, bt709), 320x240 [SAR 1:1, DAR 4:3], 25 fps')).toEqual(['h264 (High)', 'yuv420p(tv, bt709)', '320x240 [SAR 1:1, DAR 4:3]', '25 fps']);
  });
});

describe('parseInputDump', () => {
  it('reads an MPEG-TS recording into the facts ffprobe gives', () => {
    const facts = factsFromProbe(parseInputDump(TS) ?? { streams: [], format: {} });
    expect(facts).toMatchObject({
      ok: true,
      facts: { durationSec: 1.02, video: { index: 0, codec: 'h264', width: 320, height: 240, fps: 25, constantRate: true, pixelFormat: 'yuv420p', interlaced: false }, audio: { index: 1, codec: 'aac', sampleRate: 48000, channels: 1 } },
    });
  });

  it('reads HDR colour, rotation, channel layouts, defaults, and leaves cover art out', () => {
    const outcome = factsFromProbe(parseInputDump(PHONE) ?? { streams: [], format: {} });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.facts.video).toMatchObject({ index: 0, codec: 'hevc', width: 1920, height: 1080, rotation: 270, displayWidth: 1080, displayHeight: 1920, pixelFormat: 'yuv420p10le' });
    expect(outcome.facts.video.fps).toBeCloseTo(29.97, 2);
    expect(outcome.facts.video.colour).toMatchObject({ matrix: 'bt2020nc', primaries: 'bt2020', transfer: 'arib-std-b67', range: 'tv' });
    expect(outcome.facts.audio).toEqual({ index: 1, codec: 'aac', sampleRate: 44100, channels: 6 });
  });

  it('reads field order, a variable rate, channel counts, and names a codec with no decoder', () => {
    const parsed = parseInputDump(INTERLACED);
    expect(parsed?.streams[0]).toMatchObject({ field_order: 'tt', avg_frame_rate: '29.97', r_frame_rate: '59.94', color_space: 'bt709', color_primaries: 'bt709', color_transfer: 'bt709' });
    expect(parsed?.streams[1]).toMatchObject({ codec_type: 'audio', channels: 6 });
    expect(parsed?.streams[2]).toMatchObject({ codec_name: 'none', codec_tag_string: 'vvc1' });
    const outcome = factsFromProbe(parsed ?? { streams: [], format: {} });
    expect(outcome).toMatchObject({ ok: true, facts: { video: { interlaced: true, constantRate: false } } });
  });

  it('says nothing when ffmpeg described no input', () => {
    expect(parseInputDump('file:/in/x.mp4: Invalid data found when processing input\n')).toBeUndefined();
  });
});
