// Publishing a chunk in parts, as the pure step it is: each part's bytes appended to the chunk's file,
// the file its initialization section and then exactly its parts, frames on the 90-kHz timeline where
// the chunk starts, the conversation's audio frames continuing where they stood, the state after each
// part what the log says (stateFromLog), and the chunk closed where its video ends.
import { describe, expect, it } from 'vitest';
import { applyEntry, initialState, stateFromLog, type TimelineState } from '../../src/conversation/assembler.js';
import { type LogEntry, type LogOpen } from '../../src/conversation/log.js';
import { closeLiveChunk, openChunkEnd, placePart, videoStartOf } from '../../src/conversation/parts.js';
import { FIRST_SEGMENT_ENDS_SEC, firstSegmentEndsSec } from '../../src/conversation/store.js';
import { readFragmentTiming } from '../../src/mp4/fragment-timing.js';
import { box, concatBytes, fullBox, u32 } from '../../src/mp4/write/box-writer.js';

const open: LogOpen = { type: 'open', v: 2, name: 'talk', generation: 1, rate: 24_000, channels: 1, bitrate: 64_000, created: 'now' };
const stsd = fullBox('stsd', 0, 0, u32(1), box('avc1', new Uint8Array(78)));
// The live encode's clock: 18 fps at timescale 18 432 (1024 per frame), first frame at 0.
const video = { timescale: 18_432, stsd, width: 512, height: 512, firstPts: 0 };
const frames = (count: number, first = 0) => Array.from({ length: count }, (_, i) => ({ data: Uint8Array.of(first + i, 1, 2, 3), duration: 1024, ctsOffset: 0, sync: first + i === 0 }));
const config = Uint8Array.of(0x13, 0x08);

describe('a chunk published in parts', () => {
  it('appends its initialization section and then each part; its file is exactly that; the log replays to the same state', () => {
    let state: TimelineState = initialState(open);
    const log: LogEntry[] = [open];
    const file: Uint8Array[] = [];
    for (let k = 0; k < 3; k++) {
      const placement = placePart(state, { video, decodeTime: k * 6 * 1024, samples: frames(6, k * 6), audioFrames: [Uint8Array.of(9), Uint8Array.of(8)], audioConfig: config, currentInit: undefined });
      expect(placement.file).toBe('0001.mp4');
      expect(placement.entry.offset).toBe(file.reduce((sum, bytes) => sum + bytes.length, 0) + (k === 0 ? placement.append.length - placement.entry.bytes : 0));
      expect(placement.entry.independent).toBe(k === 0);
      expect(placement.entry.durationSec).toBeCloseTo(1 / 3, 9);
      file.push(placement.append);
      log.push(placement.entry);
      state = applyEntry(state, placement.entry);
    }
    expect(state.open?.parts).toHaveLength(3);
    expect(state.nextFrame).toBe(6);
    expect(stateFromLog(log)).toEqual(state);
    const bytes = concatBytes(file);
    const timing = readFragmentTiming(bytes);
    const videoParts = timing.filter((fragment) => fragment.trackId === 1);
    // The chunk starts at the timeline's start (after the audio priming), frames of 1/18 s back to back.
    expect(videoParts.map((fragment) => fragment.decodeTime)).toEqual([0, 1, 2].map((k) => videoStartOf(0, 24_000) + k * 30_000));
    expect(videoParts.flatMap((fragment) => fragment.durations).every((duration) => duration === 5000)).toBe(true);
    expect(timing.filter((fragment) => fragment.trackId === 2).map((fragment) => fragment.decodeTime)).toEqual([0, 2048, 4096]);
    // Each part's media: its audio first, then its frames (a browser shows a frame once both tracks reach it).
    for (const part of log.filter((entry) => entry.type === 'part')) {
      const media = bytes.subarray(part.offset, part.offset + part.bytes);
      const mdat = Buffer.from(media).indexOf('mdat') + 4;
      expect([...media.subarray(mdat, mdat + 2)]).toEqual([9, 8]);
    }
    // Closed where its video ends: 18 frames, one second.
    expect(openChunkEnd(state)).toBe(24_000);
    const closed = closeLiveChunk(state, { source: { name: '0001.mp4' }, chunkAudio: new Float32Array(24_000), sha256: 'x' });
    expect(closed).toMatchObject({ index: 0, file: '0001.mp4', start: 0, length: 24_000, bytes: bytes.length, initBytes: state.open?.initBytes, segmentBytes: bytes.length - (state.open?.initBytes ?? 0) });
    expect(closed.parts).toHaveLength(3);
    const after = applyEntry(state, closed);
    expect(after.open).toBeUndefined();
    expect(after.position).toBe(24_000);
    // The next chunk's first part goes on where this one ended, with the initialization section in force.
    const next = placePart(after, { video, decodeTime: 0, samples: frames(6), audioFrames: [], audioConfig: config, currentInit: bytes.subarray(0, state.open?.initBytes) });
    expect(next.file).toBe('0002.mp4');
    expect(next.entry.first).toMatchObject({ start: 24_000, initFrom: 0, discontinuity: false });
    expect(readFragmentTiming(next.append).find((fragment) => fragment.trackId === 1)?.decodeTime).toBe(videoStartOf(24_000, 24_000));
  });
});

describe('the first chunk\'s short segments, for a part duration', () => {
  it('a first segment of two parts, then one-part segments to about 2.67 s, whatever the part duration', () => {
    const ends = (partSec: number) => firstSegmentEndsSec(partSec).map((end) => Number(end.toFixed(3)));
    expect(ends(1 / 3)).toEqual([0.667, 1, 1.333, 1.667, 2, 2.333, 2.667]);
    expect(FIRST_SEGMENT_ENDS_SEC.map((end) => Number(end.toFixed(3)))).toEqual(ends(1 / 3));
    expect(ends(0.2)).toEqual([0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6, 1.8, 2, 2.2, 2.4, 2.6]);
    expect(ends(0.5)).toEqual([1, 1.5, 2, 2.5]);
    expect(ends(2)).toEqual([4]); // longer parts: the first segment alone
  });
});
