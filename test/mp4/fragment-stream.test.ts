// The fragment stream reader against fragments of known samples (written by the CMAF writer), its bytes
// handed in pieces of any size: the same track and samples as when read whole.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aacSampleDescription, writeInitSection, writeMediaSegment } from '../../src/conversation/cmaf.js';
import { FragmentStreamReader, type StreamFragment } from '../../src/mp4/fragment-stream.js';
import { box, concatBytes, fullBox, u32 } from '../../src/mp4/write/box-writer.js';

const videoStsd = fullBox('stsd', 0, 0, u32(1), box('avc1', new Uint8Array(78)));
const init = writeInitSection([
  { kind: 'video', trackId: 1, timescale: 90_000, stsd: videoStsd, width: 512, height: 288 },
  { kind: 'audio', trackId: 2, timescale: 24_000, stsd: aacSampleDescription(Uint8Array.of(0x13, 0x08), 24_000, 1, 64_000) },
]);
const sample = (n: number, sync = false) => ({ data: Uint8Array.from({ length: 10 + n }, (_, i) => (n * 7 + i) & 0xff), duration: 5000, ctsOffset: n % 3 === 0 ? 0 : -5000 + n, sync });
const fragments = [0, 1, 2].map((k) => [
  { trackId: 1, decodeTime: k * 30_000, samples: Array.from({ length: 6 }, (_, i) => sample(k * 6 + i, i === 0)) },
  { trackId: 2, decodeTime: k * 8192, samples: [{ data: Uint8Array.of(1, 2, 3), duration: 1024, ctsOffset: 0, sync: true }] },
]);
const stream = concatBytes([init, writeMediaSegment(1, fragments)]);

const readAll = (pieces: Uint8Array[]): { track: unknown; fragments: StreamFragment[] } => {
  const reader = new FragmentStreamReader();
  const out: StreamFragment[] = [];
  for (const piece of pieces) out.push(...reader.push(piece).fragments);
  return { track: reader.track, fragments: out };
};

describe('a fragmented MP4 read as it is written', () => {
  it('gives the video track, then each fragment\'s video samples with their times and sync flags', () => {
    const { track, fragments: read } = readAll([stream]);
    expect(track).toMatchObject({ trackId: 1, timescale: 90_000, width: 512, height: 288 });
    expect(read.map((fragment) => fragment.decodeTime)).toEqual([0, 30_000, 60_000]);
    const expected = fragments.flatMap((fragment) => fragment[0]!.samples);
    const got = read.flatMap((fragment) => fragment.samples);
    expect(got.map((s) => [s.duration, s.ctsOffset, s.sync])).toEqual(expected.map((s) => [s.duration, s.ctsOffset, s.sync]));
    expect(got.map((s) => [...s.data])).toEqual(expected.map((s) => [...s.data]));
  });

  it('reads the same whatever pieces the bytes come in, and nothing of a fragment before it is whole', () => {
    const whole = readAll([stream]);
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 30 }), (cuts) => {
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      const pieces = [0, ...points].map((from, i) => stream.subarray(from, points[i] ?? stream.length));
      const reader = new FragmentStreamReader();
      const seen: StreamFragment[] = [];
      let consumed = 0;
      for (const piece of pieces) {
        consumed += piece.length;
        const { fragments: out } = reader.push(piece);
        seen.push(...out);
        // Every fragment handed out lies wholly within the bytes pushed so far.
        expect(seen.length).toBeLessThanOrEqual(whole.fragments.length);
      }
      expect(consumed).toBe(stream.length);
      expect(seen).toEqual(whole.fragments);
    }), { numRuns: 200 });
  });

  it('refuses a stream that is not one', () => {
    const reader = new FragmentStreamReader();
    expect(() => reader.push(new TextEncoder().encode('\u0000\u0000\u0000\u0010\u0001\u0002\u0003\u0004garbage!'))).toThrow(/unreadable/);
    expect(() => new FragmentStreamReader().push(writeMediaSegment(1, fragments))).toThrow(/before its moov/);
  });
});
