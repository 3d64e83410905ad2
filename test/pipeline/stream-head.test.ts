// How much of a stream is read before its job is planned: a container whose start declares its tracks
// (Matroska, MPEG-TS, an MP4 with moov first) from its first bytes once they say all a plan needs;
// anything else from 256 KiB. Pure: bytes or facts in, a verdict out.
import { describe, expect, it } from 'vitest';
import { earlyHead, plannable, plannableEarly, startsLikeMatroska, startsLikeMpegTs, startsWithMoov } from '../../src/pipeline/stream-head.js';
import { facts } from '../helpers/facts.js';

/** A box: size, type, payload. */
const box = (type: string, payload: Uint8Array = new Uint8Array(0)): Uint8Array => {
  const out = new Uint8Array(8 + payload.length);
  new DataView(out.buffer).setUint32(0, out.length);
  out.set(Buffer.from(type, 'latin1'), 4);
  out.set(payload, 8);
  return out;
};
const join = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((part) => [...part]));
/** `count` MPEG-TS packets (sync byte, then anything). */
const tsPackets = (count: number): Uint8Array => join(...Array.from({ length: count }, () => Uint8Array.from({ length: 188 }, (_, i) => (i === 0 ? 0x47 : 0xff))));

describe('a stream\'s head', () => {
  it('is Matroska/WebM by its EBML header ID, nothing else', () => {
    expect(startsLikeMatroska(Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0x01]))).toBe(true);
    expect(startsLikeMatroska(Buffer.from('YUV4MPEG2 W512'))).toBe(false);
    expect(startsLikeMatroska(Uint8Array.from([0x47, 0x40, 0x00, 0x10]))).toBe(false); // MPEG-TS
    expect(startsLikeMatroska(Uint8Array.from([0x1a, 0x45]))).toBe(false);
  });

  it('is MPEG-TS when three 188-byte packets start with its sync byte', () => {
    expect(startsLikeMpegTs(tsPackets(3))).toBe(true);
    expect(startsLikeMpegTs(tsPackets(2))).toBe(false);
    const shifted = tsPackets(3);
    shifted[188] = 0x00;
    expect(startsLikeMpegTs(shifted)).toBe(false);
    // (One 0x47 byte is not a stream: an ASCII 'G' starts many things.)
    expect(startsLikeMpegTs(Buffer.from(`G${'x'.repeat(600)}`))).toBe(false);
  });

  it('is an MP4 that declares its tracks when moov comes right after ftyp, not when media comes first', () => {
    const ftyp = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2', 'latin1'));
    expect(startsWithMoov(join(ftyp, box('moov', new Uint8Array(40))))).toBe(true);
    // moov at the end (mdat first): its tracks are only known once the file is whole.
    expect(startsWithMoov(join(ftyp, box('mdat', new Uint8Array(40))))).toBe(false);
    expect(startsWithMoov(join(ftyp, box('free'), box('moov')))).toBe(false);
    expect(startsWithMoov(ftyp)).toBe(false);
    expect(startsWithMoov(box('moov', new Uint8Array(40)))).toBe(false);
  });

  it('says which kind it is: Matroska, declared (MPEG-TS, moov first), or neither', () => {
    expect(earlyHead(Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0x01]))).toBe('matroska');
    expect(earlyHead(tsPackets(4))).toBe('declared');
    expect(earlyHead(join(box('ftyp', new Uint8Array(8)), box('moov', new Uint8Array(8))))).toBe('declared');
    expect(earlyHead(join(box('ftyp', new Uint8Array(8)), box('mdat', new Uint8Array(8))))).toBeUndefined();
    expect(earlyHead(Buffer.from('YUV4MPEG2 W512 H512 F25:1'))).toBeUndefined();
  });

  it('is planned from once it names the video\'s size, rate and pixel format and the audio\'s rate and channels', () => {
    expect(plannable(facts())).toBe(true);
    expect(plannable(facts({ audio: null }))).toBe(true);
    // ffprobe 5.1 on the first 16 KiB of x264's Matroska: the first frame not whole yet, no pixel format.
    expect(plannable({ ...facts(), video: { ...facts().video, pixelFormat: undefined } })).toBe(false);
    expect(plannable(facts({ fps: undefined }))).toBe(false);
    expect(plannable(facts({ width: 0 }))).toBe(false);
    // MPEG-TS's first 8–16 KiB: the audio stream listed, its rate and channels not yet.
    expect(plannable(facts({ audio: { index: 1, codec: 'aac', sampleRate: undefined, channels: undefined } }))).toBe(false);
    expect(plannable(facts({ audio: { index: 1, codec: 'aac', sampleRate: 48_000, channels: undefined } }))).toBe(false);
  });

  it('believes a head that is not Matroska\'s only when its average rate agrees with the declared one', () => {
    const constant = { ...facts(), video: { ...facts().video, constantRate: true } };
    expect(plannableEarly('declared', constant)).toBe(true);
    // A fragmented MP4's first 8–16 KiB: 12800 fps declared (its timescale), 25 measured.
    expect(plannableEarly('declared', { ...constant, video: { ...constant.video, constantRate: false } })).toBe(false);
    expect(plannableEarly('declared', { ...constant, video: { ...constant.video, constantRate: undefined } })).toBe(false);
    expect(plannableEarly('matroska', { ...constant, video: { ...constant.video, constantRate: undefined } })).toBe(true);
    expect(plannableEarly('declared', { ...constant, video: { ...constant.video, pixelFormat: undefined } })).toBe(false);
  });
});
