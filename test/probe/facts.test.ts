import { describe, expect, it } from 'vitest';
import { parseProbeJson, parseRate } from '../../src/probe/facts.js';

const probe = (streams: object[], format: object = { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '5.000' }) =>
  parseProbeJson(JSON.stringify({ streams, format }));

const video = (extra: object = {}) => ({ index: 0, codec_type: 'video', codec_name: 'h264', width: 1280, height: 720, avg_frame_rate: '30000/1001', pix_fmt: 'yuv420p', ...extra });
const audio = (extra: object = {}) => ({ index: 1, codec_type: 'audio', codec_name: 'aac', sample_rate: '48000', channels: 2, ...extra });

describe('parseProbeJson', () => {
  it('reads size, rate, format and audio', () => {
    const outcome = probe([video(), audio()]);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.facts.durationSec).toBe(5);
    expect(outcome.facts.video).toMatchObject({ index: 0, width: 1280, height: 720, displayWidth: 1280, rotation: 0, pixelFormat: 'yuv420p' });
    expect(outcome.facts.video.fps).toBeCloseTo(29.97, 2);
    expect(outcome.facts.audio).toEqual({ index: 1, codec: 'aac', sampleRate: 48000, channels: 2 });
  });

  it.each([
    ['a display matrix (ffprobe 5+)', { side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] }, 270],
    ['a rotate tag (ffprobe 4)', { tags: { rotate: '90' } }, 90],
    ['a half turn', { tags: { rotate: '180' } }, 180],
  ])('reads rotation from %s', (_name, extra, rotation) => {
    const outcome = probe([video(extra)]);
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.facts.video.rotation).toBe(rotation);
    const quarter = rotation % 180 === 90;
    expect(outcome.facts.video.displayWidth).toBe(quarter ? 720 : 1280);
  });

  it.each([['tt', true], ['bb', true], ['progressive', false], ['unknown', undefined], [undefined, undefined]])(
    'reads field order %s as interlaced: %s', (fieldOrder, interlaced) => {
      const outcome = probe([video({ field_order: fieldOrder })]);
      if (!outcome.ok) throw new Error(outcome.reason);
      expect(outcome.facts.video.interlaced).toBe(interlaced);
    });

  it('leaves out audio tracks no decoder reads, and names them', () => {
    const outcome = probe([video(), audio({ index: 1, codec_name: 'none', tags: { handler_name: 'Spatial Audio' } }), audio({ index: 2 })]);
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.facts.audio?.index).toBe(2);
    expect(outcome.facts.undecodableAudio).toEqual(['Spatial Audio']);
  });

  it('skips cover art and picks the default audio track', () => {
    const outcome = probe([
      video({ index: 0, disposition: { attached_pic: 1 }, codec_name: 'mjpeg' }),
      video({ index: 1 }),
      audio({ index: 2, disposition: { default: 0 } }),
      audio({ index: 3, disposition: { default: 1 }, channels: 6 }),
    ]);
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.facts.video.index).toBe(1);
    expect(outcome.facts.audio?.index).toBe(3);
  });

  it.each([
    [[audio()], 'no video stream (audio only)'],
    [[], 'no video stream'],
    [[video({ width: 0, height: 0 })], 'no video stream'],
  ])('refuses %j', (streams, reason) => {
    expect(probe(streams)).toEqual({ ok: false, cause: 'bad-input', reason });
  });

  it('names a video codec the ffmpeg in use cannot decode (e.g. VVC in an old build)', () => {
    const vvc = { index: 0, codec_type: 'video', codec_tag_string: 'vvc1', width: 0, height: 0 };
    expect(probe([vvc as never])).toEqual({ ok: false, cause: 'unsupported-codec', reason: expect.stringMatching(/no decoder for this video \(vvc1\)/) });
  });

  it('survives unreadable output', () => {
    expect(parseProbeJson('not json').ok).toBe(false);
  });
});

describe('parseRate', () => {
  it.each([['25/1', 25], ['30000/1001', 30000 / 1001], ['0/0', undefined], ['90000/1', undefined], [undefined, undefined], ['12', 12]])(
    '%s → %s', (rate, expected) => {
      expect(parseRate(rate)).toBe(expected);
    });
});
