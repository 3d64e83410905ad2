// The CMAF writer read back by streamprep's own box readers (and, for the layout, by the faststart check).
import { describe, expect, it } from 'vitest';
import { aacSampleDescription, splitFragments, writeInitSection, writeMediaSegment } from '../../src/conversation/cmaf.js';
import { readFragmentTiming } from '../../src/mp4/fragment-timing.js';
import { parseMoov } from '../../src/mp4/moov.js';
import { parseBoxHeader } from '../../src/mp4/box-header.js';
import { box, fullBox, u32 } from '../../src/mp4/write/box-writer.js';

const topLevel = (bytes: Uint8Array): Array<{ type: string; start: number; end: number; headerSize: number }> => {
  const out = [];
  for (let at = 0; at < bytes.length;) {
    const header = parseBoxHeader(bytes.subarray(at), at, bytes.length);
    if (header.status !== 'ok') throw new Error(`bad box at ${at}`);
    out.push({ type: header.type, start: header.start, end: header.end, headerSize: header.headerSize });
    at = header.end;
  }
  return out;
};

// A minimal AVC sample entry is not needed to test the structure: any stsd is copied verbatim.
const videoStsd = fullBox('stsd', 0, 0, u32(1), box('avc1', new Uint8Array(78)));

describe('CMAF writing', () => {
  const init = writeInitSection([
    { kind: 'video', trackId: 1, timescale: 90_000, stsd: videoStsd, width: 512, height: 512 },
    { kind: 'audio', trackId: 2, timescale: 24_000, stsd: aacSampleDescription(Uint8Array.of(0x13, 0x08), 24_000, 1, 64_000) },
  ]);

  it('writes an initialization section: ftyp, then a fragmented moov with both tracks and no samples', () => {
    expect(topLevel(init).map((entry) => entry.type)).toEqual(['ftyp', 'moov']);
    const moov = topLevel(init)[1] as { start: number; end: number; headerSize: number };
    const info = parseMoov(init.subarray(moov.start + moov.headerSize, moov.end), moov.start + moov.headerSize);
    expect(info.problems).toEqual([]);
    expect(info.fragmented).toBe(true);
    expect(info.tracks.map((track) => [track.id, track.kind, track.codec])).toEqual([[1, 'video', 'avc1'], [2, 'audio', 'mp4a']]);
    const audio = info.tracks[1];
    expect([audio?.sampleRate, audio?.channels]).toEqual([24_000, 1]);
  });

  it('writes a segment whose runs point at each track\'s bytes in mdat, with their decode times and durations', () => {
    const video = [Uint8Array.of(1, 1, 1), Uint8Array.of(2, 2)];
    const audio = [Uint8Array.of(9), Uint8Array.of(8, 8), Uint8Array.of(7)];
    const segment = writeMediaSegment(3, [[
      { trackId: 1, decodeTime: 2 ** 33, samples: video.map((data, i) => ({ data, duration: 5000 + i, ctsOffset: -i, sync: i === 0 })) },
      { trackId: 2, decodeTime: 1024, samples: audio.map((data) => ({ data, duration: 1024, ctsOffset: 0, sync: true })) },
    ]]);
    expect(topLevel(segment).map((entry) => entry.type)).toEqual(['styp', 'moof', 'mdat']);
    expect(readFragmentTiming(segment)).toEqual([
      { trackId: 1, decodeTime: 2 ** 33, durations: [5000, 5001] },
      { trackId: 2, decodeTime: 1024, durations: [1024, 1024, 1024] },
    ]);
    // data_offset (from moof's start) of each run: the first byte of that track's samples.
    const moof = topLevel(segment)[1] as { start: number };
    const mdat = topLevel(segment)[2] as { start: number };
    const view = new DataView(segment.buffer, segment.byteOffset);
    const offsets: number[] = [];
    for (let at = moof.start; at < mdat.start - 4; at++) {
      if (String.fromCharCode(...segment.subarray(at, at + 4)) === 'trun') offsets.push(view.getInt32(at + 12));
    }
    expect(offsets.map((offset) => segment[moof.start + offset])).toEqual([1, 9]);
    expect(Array.from(segment.subarray(mdat.start + 8))).toEqual([1, 1, 1, 2, 2, 9, 8, 8, 7]);
  });

  it('leaves a track with no samples out of the fragment', () => {
    const segment = writeMediaSegment(1, [[{ trackId: 1, decodeTime: 0, samples: [] }, { trackId: 2, decodeTime: 0, samples: [{ data: Uint8Array.of(1), duration: 1024, ctsOffset: 0, sync: true }] }]]);
    expect(readFragmentTiming(segment).map((fragment) => fragment.trackId)).toEqual([2]);
  });

  it('cuts a chunk into fragments at the same moments for every track, each holding its own decode time', () => {
    const sample = (duration: number) => ({ data: Uint8Array.of(0), duration, ctsOffset: 0, sync: true });
    // 2 s of video at 90 kHz (25 frames of 0.08 s) and of audio at 24 kHz (frames of 1024), cut every 0.5 s.
    const fragments = splitFragments([
      { trackId: 1, timescale: 90_000, decodeTime: 3840, samples: Array.from({ length: 25 }, () => sample(7200)) },
      { trackId: 2, timescale: 24_000, decodeTime: 0, samples: Array.from({ length: 47 }, () => sample(1024)) },
    ], 0.5);
    expect(fragments).toHaveLength(4); // [0, 0.5), [0.5, 1), [1, 1.5), [1.5, 2.04)
    for (const fragment of fragments) expect(fragment.map((track) => track.trackId).sort()).toEqual([1, 2]);
    // Together they hold every sample once, in order, and each starts where the one before ended.
    for (const trackId of [1, 2]) {
      const parts = fragments.map((fragment) => fragment.find((track) => track.trackId === trackId)!);
      expect(parts.reduce((sum, part) => sum + part.samples.length, 0)).toBe(trackId === 1 ? 25 : 47);
      for (let k = 1; k < parts.length; k++) {
        const before = parts[k - 1]!;
        expect(parts[k]!.decodeTime).toBe(before.decodeTime + before.samples.reduce((sum, s) => sum + s.duration, 0));
      }
    }
    const bytes = writeMediaSegment(7, fragments);
    expect(readFragmentTiming(bytes).filter((fragment) => fragment.trackId === 1).map((fragment) => fragment.decodeTime)).toEqual(fragments.map((fragment) => fragment.find((track) => track.trackId === 1)!.decodeTime));
  });

  it('with a first end, the first fragment holds only what comes before it (a chunk\'s first frame and its audio), the rest cut every 0.5 s from there', () => {
    const sample = (duration: number) => ({ data: Uint8Array.of(0), duration, ctsOffset: 0, sync: true });
    // Video from 3840/90 000 s (after the audio's priming frame), frames of 0.08 s; the first ends at 0.08 + 3840/90 000.
    const firstEnd = (3840 + 7200) / 90_000;
    const fragments = splitFragments([
      { trackId: 2, timescale: 24_000, decodeTime: 0, samples: Array.from({ length: 47 }, () => sample(1024)) },
      { trackId: 1, timescale: 90_000, decodeTime: 3840, samples: Array.from({ length: 25 }, () => sample(7200)) },
    ], 0.5, firstEnd);
    const first = fragments[0] ?? [];
    expect(first.find((track) => track.trackId === 1)?.samples).toHaveLength(1);
    // Audio frames that start before the first frame ends: 0, 1024, 2048 (0.085 s) — three.
    expect(first.find((track) => track.trackId === 2)?.samples).toHaveLength(Math.ceil(firstEnd * 24_000 / 1024));
    // The order given is kept in each fragment (audio first), and every sample is there once.
    for (const fragment of fragments) expect(fragment[0]?.trackId).toBe(2);
    expect(fragments.flatMap((fragment) => fragment.filter((track) => track.trackId === 1)).reduce((sum, track) => sum + track.samples.length, 0)).toBe(25);
    expect(fragments).toHaveLength(5); // [0, 0.122), then 0.5 s each from there to 2.04
  });
});
