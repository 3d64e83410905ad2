// The progressive writer that gives a video-only MP4 its audio (a batch conversation's chunk outputs): the
// video's samples and boxes as they were, the frames as given with an edit list that trims the pre-roll,
// moov first, and the two tracks interleaved by time. Pure: files built in memory.
import { describe, expect, it } from 'vitest';
import { parseBoxHeader } from '../../src/mp4/box-header.js';
import { readSampleList } from '../../src/mp4/sample-list.js';
import { box, concatBytes, fourcc, fullBox, u16, u32, zeros } from '../../src/mp4/write/box-writer.js';
import { type ProgressiveAudio, withAudioTrack } from '../../src/mp4/write/progressive.js';

const VIDEO_TIMESCALE = 1800;
const FRAME = 100; // 1/18 s
const SIZES = [40, 12, 14, 16, 30, 11];
const filled = (size: number, value: number): Uint8Array => new Uint8Array(size).fill(value);
const videoSamples = SIZES.map((size, i) => filled(size, 0x10 + i));

/** A video-only MP4 as an encoder writes one without faststart: ftyp, mdat, then moov (samples in one chunk). */
function videoOnly(extraTrack = false): Uint8Array {
  const ftyp = box('ftyp', fourcc('isom'), u32(0x200), fourcc('isom'), fourcc('avc1'));
  const mdat = box('mdat', ...videoSamples);
  const firstSample = ftyp.length + 8;
  const matrix = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].map(u32);
  const trak = (id: number, handler: string) => box('trak',
    fullBox('tkhd', 0, 3, u32(0), u32(0), u32(id), u32(0), u32(333), zeros(8), u16(0), u16(0), u16(0), u16(0), ...matrix, u32(64 << 16), u32(48 << 16)),
    box('edts', fullBox('elst', 0, 0, u32(1), u32(333), u32(0), u32(0x00010000))),
    box('mdia',
      fullBox('mdhd', 0, 0, u32(0), u32(0), u32(VIDEO_TIMESCALE), u32(FRAME * SIZES.length), u16(0x55c4), u16(0)),
      fullBox('hdlr', 0, 0, u32(0), fourcc(handler), zeros(12), fourcc('VideoHandler\0')),
      box('minf',
        fullBox('vmhd', 0, 1, zeros(8)),
        box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1))),
        box('stbl',
          fullBox('stsd', 0, 0, u32(1), box('avc1', zeros(6), u16(1), zeros(16), u16(64), u16(48), zeros(50))),
          fullBox('stts', 0, 0, u32(1), u32(SIZES.length), u32(FRAME)),
          fullBox('stss', 0, 0, u32(2), u32(1), u32(5)),
          fullBox('stsc', 0, 0, u32(1), u32(1), u32(SIZES.length), u32(1)),
          fullBox('stsz', 0, 0, u32(0), u32(SIZES.length), ...SIZES.map(u32)),
          fullBox('stco', 0, 0, u32(1), u32(firstSample))))));
  const mvhd = fullBox('mvhd', 0, 0, u32(0), u32(0), u32(1000), u32(333), u32(0x00010000), u16(0x0100), zeros(10), ...matrix, zeros(24), u32(2));
  const moov = box('moov', mvhd, trak(1, 'vide'), ...(extraTrack ? [trak(2, 'vide')] : []));
  return concatBytes([ftyp, mdat, moov]);
}

const RATE = 24_000;
const frames = Array.from({ length: 10 }, (_, i) => filled(5 + i, 0xa0 + i));
const audio: ProgressiveAudio = { frames, stsd: fullBox('stsd', 0, 0, u32(1), box('mp4a', zeros(28))), rate: RATE, skip: 1500, presented: 5000 };

function topLevel(bytes: Uint8Array): string[] {
  const types: string[] = [];
  for (let at = 0; at < bytes.length;) {
    const header = parseBoxHeader(bytes.subarray(at), at, bytes.length);
    if (header.status !== 'ok') throw new Error('unreadable box');
    types.push(header.type);
    at = header.end;
  }
  return types;
}

describe('withAudioTrack', () => {
  const written = withAudioTrack(videoOnly(), audio);
  if (!written.ok) throw new Error(written.reason);
  const list = readSampleList(written.bytes);
  if (!list.ok) throw new Error(list.reason);
  const video = list.tracks.find((track) => track.kind === 'video');
  const sound = list.tracks.find((track) => track.kind === 'audio');
  const bytesOf = (sample: { offset: number; size: number }): Uint8Array => written.bytes.subarray(sample.offset, sample.offset + sample.size);

  it('writes moov before mdat', () => {
    expect(topLevel(written.bytes)).toEqual(['ftyp', 'moov', 'mdat']);
  });

  it('keeps the video as it was: each sample, its duration, keyframes and edit', () => {
    expect(video?.samples.map(bytesOf)).toEqual(videoSamples);
    expect(video?.samples.map((sample) => sample.duration)).toEqual(SIZES.map(() => FRAME));
    expect(video?.samples.map((sample) => sample.sync)).toEqual([true, false, false, false, true, false]);
    expect(video?.timescale).toBe(VIDEO_TIMESCALE);
    expect(video?.presentedSec).toBeCloseTo(0.333, 3);
  });

  it('adds the frames as given, 1024 samples each, the pre-roll trimmed by its edit list', () => {
    expect(sound?.trackId).toBe(2);
    expect(sound?.timescale).toBe(RATE);
    expect(sound?.samples.map(bytesOf)).toEqual(frames);
    expect(sound?.samples.every((sample) => sample.duration === 1024)).toBe(true);
    expect(sound?.editMediaTime).toBe(1500);
    expect(sound?.presentedSec).toBeCloseTo(5000 / RATE, 3);
  });

  it('interleaves by time: each video sample after the audio that ends before it does, before the audio that ends later', () => {
    for (const [i, sample] of (video?.samples ?? []).entries()) {
      const ends = ((i + 1) * FRAME) / VIDEO_TIMESCALE;
      for (const [j, frame] of (sound?.samples ?? []).entries()) {
        const frameEnds = ((j + 1) * 1024 - audio.skip) / RATE;
        if (frameEnds <= ends) expect(frame.offset, `frame ${j} before sample ${i}`).toBeLessThan(sample.offset);
        else expect(frame.offset, `frame ${j} after sample ${i}`).toBeGreaterThan(sample.offset);
      }
    }
  });

  it('without audio, moves moov first and keeps the one track', () => {
    const alone = withAudioTrack(videoOnly(), undefined);
    if (!alone.ok) throw new Error(alone.reason);
    expect(topLevel(alone.bytes)).toEqual(['ftyp', 'moov', 'mdat']);
    const tracks = readSampleList(alone.bytes);
    expect(tracks.ok && tracks.tracks.map((track) => track.kind)).toEqual(['video']);
    expect(tracks.ok && tracks.tracks[0]?.samples.map((sample) => alone.bytes.subarray(sample.offset, sample.offset + sample.size))).toEqual(videoSamples);
  });

  it('refuses a file that is not one video track, and frames that do not hold what is to be presented', () => {
    expect(withAudioTrack(videoOnly(true), audio)).toMatchObject({ ok: false, reason: expect.stringContaining('one video track') });
    expect(withAudioTrack(videoOnly(), { ...audio, presented: 10 * 1024 })).toMatchObject({ ok: false, reason: expect.stringContaining('do not hold') });
    expect(withAudioTrack(videoOnly().subarray(0, 40), audio)).toMatchObject({ ok: false });
  });
});
