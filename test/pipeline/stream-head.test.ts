// How much of a stream is read before its job is planned: Matroska from its first bytes once they say
// all a plan needs. Pure: facts in, a verdict out.
import { describe, expect, it } from 'vitest';
import { plannable, startsLikeMatroska } from '../../src/pipeline/process-stream.js';
import { facts } from '../helpers/facts.js';

describe('a stream\'s head', () => {
  it('is Matroska/WebM by its EBML header ID, nothing else', () => {
    expect(startsLikeMatroska(Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0x01]))).toBe(true);
    expect(startsLikeMatroska(Buffer.from('YUV4MPEG2 W512'))).toBe(false);
    expect(startsLikeMatroska(Uint8Array.from([0x47, 0x40, 0x00, 0x10]))).toBe(false); // MPEG-TS
    expect(startsLikeMatroska(Uint8Array.from([0x1a, 0x45]))).toBe(false);
  });

  it('is planned from once it names the video\'s size, rate and pixel format and the audio\'s rate and channels', () => {
    expect(plannable(facts())).toBe(true);
    expect(plannable(facts({ audio: null }))).toBe(true);
    // ffprobe 5.1 on the first 16 KiB of x264's Matroska: the first frame not whole yet, no pixel format.
    expect(plannable({ ...facts(), video: { ...facts().video, pixelFormat: undefined } })).toBe(false);
    expect(plannable(facts({ fps: undefined }))).toBe(false);
    expect(plannable(facts({ width: 0 }))).toBe(false);
    // MPEG-TS's first 8–32 KiB: the audio stream listed, its rate and channels not yet.
    expect(plannable(facts({ audio: { index: 1, codec: 'aac', sampleRate: undefined, channels: undefined } }))).toBe(false);
    expect(plannable(facts({ audio: { index: 1, codec: 'aac', sampleRate: 48_000, channels: undefined } }))).toBe(false);
  });
});
