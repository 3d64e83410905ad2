import { describe, expect, it } from 'vitest';
import { type Look, ignoredName, judgeReadiness, keepLook, mp4State } from '../../src/live/readiness.js';
import { bufferByteSource } from '../../src/mp4/byte-source.js';
import { walkTopLevel } from '../../src/mp4/top-level.js';
import { box, concat, rawHeader } from '../helpers/boxes.js';

describe('ignoredName', () => {
  it.each([
    ['chunk-001.mp4', undefined],
    ['chunk-001.MOV', undefined],
    ['clip.webm', undefined],
    ['chunk-001.mp4.part', /writer/],
    ['chunk-001.tmp', /writer/],
    ['video.crdownload', /writer/],
    ['.chunk-001.mp4', /hidden/],
    ['~lock.mp4', /hidden/],
    ['.chunk.streamprep-12-0123abcd.tmp.mp4', /streamprep/],
    ['.chunk.mp4.streamprep.lock', /streamprep/],
    ['notes.txt', /not a video/],
  ])('%j → %s', (name, expected) => {
    const reason = ignoredName(name);
    if (expected === undefined) expect(reason).toBeUndefined();
    else expect(reason).toMatch(expected);
  });
});

const walkOf = async (bytes: Uint8Array) => ({ walk: await walkTopLevel(bufferByteSource(bytes)), size: bytes.length });

describe('mp4State: complete or not', () => {
  it.each([
    ['moov after mdat, every byte accounted for', concat(box('ftyp', 8), box('mdat', 100), box('moov', 20)), true],
    ['moov first', concat(box('ftyp', 8), box('moov', 20), box('mdat', 100)), true],
    ['no moov yet (ffmpeg still writing mdat)', concat(box('ftyp', 8), box('free'), box('mdat', 100)), false],
    ['mdat size still the placeholder 0', concat(box('ftyp', 8), rawHeader('mdat', 0), new Uint8Array(100)), false],
    ['moov size still the placeholder 0', concat(box('ftyp', 8), box('mdat', 100), rawHeader('moov', 0), new Uint8Array(20)), false],
    ['moov cut off', concat(box('ftyp', 8), box('mdat', 100), box('moov', 20)).subarray(0, 130), false],
    ['junk after the boxes', concat(box('ftyp', 8), box('mdat', 100), box('moov', 20), new Uint8Array(3)), false],
  ])('%s → %s', async (_name, bytes, expected) => {
    const { walk, size } = await walkOf(bytes);
    expect(mp4State(walk, size) === 'complete').toBe(expected);
  });
});

describe('mp4State', () => {
  it.each([
    ['a whole file', concat(box('ftyp', 8), box('moov', 20), box('mdat', 100)), 'complete'],
    ['fragmented, more may come', concat(box('ftyp', 8), box('moov', 20), box('moof', 16), box('mdat', 100)), 'fragmented'],
    ['fragmented and closed by mfra', concat(box('ftyp', 8), box('moov', 20), box('moof', 16), box('mdat', 100), box('mfra', 16)), 'complete'],
    ['no moov yet', concat(box('ftyp', 8), box('mdat', 100)), 'incomplete'],
    ['a size-0 placeholder', concat(box('ftyp', 8), rawHeader('mdat', 0), new Uint8Array(100)), 'incomplete'],
    ['cut in a box', concat(box('ftyp', 8), box('moov', 20), box('mdat', 100)).subarray(0, 100), 'incomplete'],
  ])('%s → %s', async (_name, bytes, expected) => {
    const { walk, size } = await walkOf(bytes);
    expect(mp4State(walk, size)).toBe(expected);
  });
});

describe('judgeReadiness', () => {
  const rules = { settleMs: 100, fragmentSettleMs: 1500, streamSettleMs: 250, maxSettleMs: 10_000 };
  const look = (at: number, size: number, mp4?: 'complete' | 'fragmented' | 'incomplete', mtimeMs = 1000) => ({ at, size, mtimeMs, ...(mp4 ? { mp4 } : {}) });

  it('takes a complete MP4 seen complete at once (renamed in by an atomic writer)', () => {
    expect(judgeReadiness([look(0, 5000, 'complete')], rules)).toEqual({ kind: 'ready' });
  });

  it('waits for an MP4 written in place to be complete and then unchanged for the settle time', () => {
    const looks = [look(0, 1000, 'incomplete'), look(10, 4000, 'incomplete'), look(20, 5000, 'complete', 1020)];
    expect(judgeReadiness(looks, rules)).toEqual({ kind: 'wait', recheckInMs: 100 });
    expect(judgeReadiness([...looks, look(70, 5000, 'complete', 1020)], rules)).toEqual({ kind: 'wait', recheckInMs: 50 });
    expect(judgeReadiness([...looks, look(120, 5000, 'complete', 1020)], rules)).toEqual({ kind: 'ready' });
    // Changed again (ffmpeg's faststart pass rewrites the file): the settle time starts over.
    expect(judgeReadiness([...looks, look(120, 5600, 'complete', 1120)], rules)).toEqual({ kind: 'wait', recheckInMs: 100 });
  });

  it('never takes an incomplete MP4, an empty file or one shorter than a box header, however long it waited', () => {
    expect(judgeReadiness([look(0, 5000, 'incomplete'), look(10_000, 5000, 'incomplete')], rules)).toEqual({ kind: 'not-yet' });
    expect(judgeReadiness([look(0, 1000, 'incomplete'), look(10, 5000, 'complete')], rules)).toEqual({ kind: 'wait', recheckInMs: 100 });
    expect(judgeReadiness([look(0, 0), look(10_000, 0)], rules)).toEqual({ kind: 'not-yet' });
    expect(judgeReadiness([look(0, 7), look(10_000, 7)], rules)).toEqual({ kind: 'not-yet' });
  });

  it('takes a fragmented MP4 without mfra only after the longer settle, even when first seen so', () => {
    expect(judgeReadiness([look(0, 5000, 'fragmented')], rules)).toEqual({ kind: 'wait', recheckInMs: 1500 });
    expect(judgeReadiness([look(0, 5000, 'fragmented'), look(1000, 5000, 'fragmented')], rules)).toEqual({ kind: 'wait', recheckInMs: 500 });
    expect(judgeReadiness([look(0, 5000, 'fragmented'), look(1500, 5000, 'fragmented')], rules)).toEqual({ kind: 'ready' });
    // A new fragment: the wait starts over.
    expect(judgeReadiness([look(0, 5000, 'fragmented'), look(1400, 9000, 'fragmented', 2400), look(1500, 9000, 'fragmented', 2400)], rules)).toEqual({ kind: 'wait', recheckInMs: 1400 });
  });

  it('takes other formats once unchanged for the stream settle, or twice the longest pause seen while they grew', () => {
    expect(judgeReadiness([look(0, 5000)], rules)).toEqual({ kind: 'wait', recheckInMs: 250 });
    expect(judgeReadiness([look(0, 5000), look(250, 5000)], rules)).toEqual({ kind: 'ready' });
    // Written 10 KB every 400 ms: it must stay unchanged 800 ms.
    const dribbled = [look(0, 10_000, undefined, 0), look(400, 20_000, undefined, 400), look(800, 30_000, undefined, 800)];
    expect(judgeReadiness([...dribbled, look(1100, 30_000, undefined, 800)], rules)).toEqual({ kind: 'wait', recheckInMs: 500 });
    expect(judgeReadiness([...dribbled, look(1600, 30_000, undefined, 800)], rules)).toEqual({ kind: 'ready' });
    // The wait is capped.
    expect(judgeReadiness([look(0, 10, undefined, 0), look(60_000, 20, undefined, 1), look(60_001, 20, undefined, 1)], rules)).toEqual({ kind: 'wait', recheckInMs: 9999 });
  });

  it('never judges a file its writer still holds open ended by stillness, until it has been still for the longest wait; an end marker needs no asking', () => {
    const held = (at: number, size: number, mtimeMs = 1000) => ({ ...look(at, size, undefined, mtimeMs), writing: true });
    // Unchanged 2 s (eight times the stream settle) and still held: a paused writer, not an end.
    expect(judgeReadiness([held(0, 5000), held(2000, 5000)], rules)).toEqual({ kind: 'wait', recheckInMs: 250 });
    expect(judgeReadiness([held(0, 5000), held(9900, 5000)], rules)).toEqual({ kind: 'wait', recheckInMs: 100 });
    expect(judgeReadiness([held(0, 5000), held(10_000, 5000)], rules)).toEqual({ kind: 'ready' });
    // Let go: the ordinary rule at once.
    expect(judgeReadiness([held(0, 5000), { ...look(250, 5000), writing: false }], rules)).toEqual({ kind: 'ready' });
    // A fragmented MP4 without mfra likewise; a complete MP4 or Matroska that reached its named size is ready whoever holds it.
    expect(judgeReadiness([{ ...look(0, 5000, 'fragmented'), writing: true }, { ...look(3000, 5000, 'fragmented'), writing: true }], rules)).toEqual({ kind: 'wait', recheckInMs: 250 });
    expect(judgeReadiness([{ ...look(0, 5000, 'complete'), writing: true }], rules)).toEqual({ kind: 'ready' });
    expect(judgeReadiness([{ at: 0, size: 5000, mtimeMs: 1, stream: { kind: 'matroska' as const, complete: true }, writing: true }], rules)).toEqual({ kind: 'ready' });
  });

  it('remembers how long a file has been still however often it is looked at (kept looks: first and latest of a still run)', () => {
    let looks: Look[] = [look(0, 1000, undefined, 0), look(50, 2000, undefined, 50)];
    for (let at = 100; at <= 12_000; at += 50) looks = keepLook(looks, { ...look(at, 3000, undefined, 100), writing: true }, 16);
    expect(looks.map((seen) => seen.at)).toEqual([0, 50, 100, 12_000]);
    expect(judgeReadiness(looks, rules)).toEqual({ kind: 'ready' }); // held, but still for the longest wait
    // Growth still counts every change.
    let growing: ReturnType<typeof look>[] = [];
    for (let i = 0; i < 20; i++) growing = keepLook(growing, look(i * 10, 100 * (i + 1), undefined, i), 16);
    expect(growing).toHaveLength(16);
    expect(growing.at(-1)?.size).toBe(2000);
  });

  it('takes a Matroska file that reached the size its header names as a complete MP4: at once when first seen so, else after the settle', () => {
    const mkv = (at: number, size: number, complete: boolean, mtimeMs = 1000) => ({ at, size, mtimeMs, stream: { kind: 'matroska' as const, complete } });
    expect(judgeReadiness([mkv(0, 5000, true)], rules)).toEqual({ kind: 'ready' });
    expect(judgeReadiness([mkv(0, 4000, false), mkv(10, 5000, true, 1010)], rules)).toEqual({ kind: 'wait', recheckInMs: 100 });
    expect(judgeReadiness([mkv(0, 4000, false), mkv(10, 5000, true, 1010), mkv(110, 5000, true, 1010)], rules)).toEqual({ kind: 'ready' });
    // Without its size in the header: the stream rule.
    expect(judgeReadiness([mkv(0, 5000, false)], rules)).toEqual({ kind: 'wait', recheckInMs: 250 });
  });
});
