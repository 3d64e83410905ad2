import { describe, expect, it } from 'vitest';
import { boxesComplete, ignoredName, judgeReadiness } from '../../src/live/readiness.js';
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

describe('boxesComplete', () => {
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
    expect(boxesComplete(walk, size)).toBe(expected);
  });
});

describe('judgeReadiness', () => {
  const look = (at: number, size: number, complete?: boolean, mtimeMs = 1000) => ({ at, size, mtimeMs, complete });

  it('takes a complete MP4 seen complete at once (renamed in by an atomic writer)', () => {
    expect(judgeReadiness([look(0, 5000, true)], 100)).toEqual({ kind: 'ready' });
  });

  it('waits for an MP4 written in place to be complete and then unchanged for the settle time', () => {
    const looks = [look(0, 1000, false), look(10, 4000, false), look(20, 5000, true, 1020)];
    expect(judgeReadiness(looks, 100)).toEqual({ kind: 'wait', recheckInMs: 100 });
    expect(judgeReadiness([...looks, look(70, 5000, true, 1020)], 100)).toEqual({ kind: 'wait', recheckInMs: 50 });
    expect(judgeReadiness([...looks, look(120, 5000, true, 1020)], 100)).toEqual({ kind: 'ready' });
    // Changed again (ffmpeg's faststart pass rewrites the file): the settle time starts over.
    expect(judgeReadiness([...looks, look(120, 5600, true, 1120)], 100)).toEqual({ kind: 'wait', recheckInMs: 100 });
  });

  it('never takes an incomplete MP4 or an empty file, however long it waited', () => {
    expect(judgeReadiness([look(0, 5000, false), look(10_000, 5000, false)], 100)).toEqual({ kind: 'not-yet' });
    expect(judgeReadiness([look(0, 1000, false), look(10, 5000, true)], 100)).toEqual({ kind: 'wait', recheckInMs: 100 });
    expect(judgeReadiness([look(0, 0), look(10_000, 0)], 100)).toEqual({ kind: 'not-yet' });
  });

  it('takes other formats (and files named .mp4 that are not MP4 inside) once unchanged for the settle time', () => {
    expect(judgeReadiness([look(0, 5000)], 100)).toEqual({ kind: 'wait', recheckInMs: 100 });
    expect(judgeReadiness([look(0, 5000), look(100, 5000)], 100)).toEqual({ kind: 'ready' });
  });
});
