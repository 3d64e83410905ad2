// What a follower enqueues from a live playlist as it grows: parts as they are listed (the first from
// byte 0, with the file's initialization section), the rest of a chunk once whole, whole files for
// chunks it never saw in parts — never the same bytes twice. Pure.
import { describe, expect, it } from 'vitest';
import { formatPlaylist } from '../../src/conversation/playlist.js';
import { nextUnits, readPlaylist } from '../../src/player/follow-playlist.js';

const part = (offset: number, bytes: number) => ({ offset, bytes, durationSec: 1 / 3, independent: offset === 1000 });
const whole = (uri: string, parts?: Array<ReturnType<typeof part>>) => ({ uri, durationSec: 1, initBytes: 1000, segmentBytes: 300, discontinuity: false, parts });

describe('following a live playlist', () => {
  it('reads segments, their parts, the chunk under way and whether it has ended', () => {
    const text = formatPlaylist([whole('0001.mp4', [part(1000, 100), part(1100, 100), part(1200, 100)])], false,
      { partTargetSec: 1 / 3, open: { uri: '0002.mp4', initBytes: 1000, discontinuity: false, parts: [part(1000, 50)], nextOffset: 1050 } });
    const listed = readPlaylist(text);
    expect(listed.parts).toBe(true);
    expect(listed.ended).toBe(false);
    expect(listed.segments).toEqual([
      { uri: '0001.mp4', range: { offset: 1000, length: 300 }, parts: [{ offset: 1000, length: 100 }, { offset: 1100, length: 100 }, { offset: 1200, length: 100 }] },
      { uri: '0002.mp4', range: undefined, parts: [{ offset: 1000, length: 50 }] },
    ]);
  });

  it('enqueues each byte once as the playlist grows: parts, then what is left of a whole chunk', () => {
    const done = new Map<string, number>();
    const take = (text: string) => {
      const units = nextUnits(readPlaylist(text).segments, done, { parts: true, ranges: true });
      for (const unit of units) done.set(unit.uri, unit.range ? unit.range.offset + unit.range.length : Number.MAX_SAFE_INTEGER);
      return units.map((unit) => [unit.uri, unit.range ? `${unit.range.offset}+${unit.range.length}` : 'whole', unit.continues]);
    };
    const open = (parts: Array<ReturnType<typeof part>>, next: number) => ({ partTargetSec: 1 / 3, open: { uri: '0001.mp4', initBytes: 1000, discontinuity: false, parts, nextOffset: next } });
    expect(take(formatPlaylist([], false, open([part(1000, 100)], 1100)))).toEqual([['0001.mp4', '0+1100', false]]);
    expect(take(formatPlaylist([], false, open([part(1000, 100), part(1100, 100)], 1200)))).toEqual([['0001.mp4', '1100+100', true]]);
    // The chunk is whole: its last part and nothing more.
    expect(take(formatPlaylist([whole('0001.mp4', [part(1000, 100), part(1100, 100), part(1200, 100)])], false, { partTargetSec: 1 / 3, open: undefined })))
      .toEqual([['0001.mp4', '1200+100', true]]);
    // A chunk listed whole without parts (published whole): the file.
    expect(take(formatPlaylist([whole('0001.mp4', [part(1000, 100), part(1100, 100), part(1200, 100)]), whole('0002.mp4')], true, { partTargetSec: 1 / 3, open: undefined })))
      .toEqual([['0002.mp4', 'whole', false]]);
  });

  it('without parts (a swap player, or a playlist of whole chunks): whole files only', () => {
    const text = formatPlaylist([whole('0001.mp4', [part(1000, 300)])], false, { partTargetSec: 1 / 3, open: { uri: '0002.mp4', initBytes: 1000, discontinuity: false, parts: [part(1000, 50)], nextOffset: 1050 } });
    expect(nextUnits(readPlaylist(text).segments, new Map(), { parts: false, ranges: false }).map((unit) => [unit.uri, unit.range])).toEqual([['0001.mp4', undefined]]);
  });

  it('a chunk of several segments (a keyframe after its first parts): each byte once, with parts or without', () => {
    const keyed = (offset: number, bytes: number, independent: boolean) => ({ offset, bytes, durationSec: 1 / 3, independent, segment: independent && offset > 1000 });
    const parts = [keyed(1000, 100, true), keyed(1100, 100, false), keyed(1200, 100, true), keyed(1300, 100, false)];
    const writing = (upTo: number) => formatPlaylist([], false, { partTargetSec: 1 / 3, open: { uri: '0001.mp4', initBytes: 1000, discontinuity: false, parts: parts.slice(0, upTo), nextOffset: 1000 + 100 * upTo } });
    const done = (options: { parts: boolean; ranges: boolean }) => {
      const reached = new Map<string, number>();
      return (text: string) => nextUnits(readPlaylist(text).segments, reached, options).map((unit) => {
        reached.set(unit.uri, unit.range ? unit.range.offset + unit.range.length : Number.MAX_SAFE_INTEGER);
        return unit.range ? `${unit.range.offset}+${unit.range.length}${unit.continues ? ' cont' : ''}` : 'whole';
      });
    };
    const withParts = done({ parts: true, ranges: true });
    expect(withParts(writing(3))).toEqual(['0+1100', '1100+100 cont', '1200+100 cont']);
    expect(withParts(writing(4))).toEqual(['1300+100 cont']);
    const wholeChunk = formatPlaylist([{ ...whole('0001.mp4', parts), segmentBytes: 450 }], true, { partTargetSec: 1 / 3, open: undefined });
    expect(withParts(wholeChunk)).toEqual(['1400+50 cont']);
    // Byte ranges without parts (MSE on a playlist joined late): the first segment once whole (with the
    // initialization section), never the growing file.
    const withoutParts = done({ parts: false, ranges: true });
    expect(withoutParts(writing(3))).toEqual(['0+1200']);
    expect(withoutParts(writing(4))).toEqual([]);
    expect(withoutParts(wholeChunk)).toEqual(['1200+250 cont']);
    // Whole files only (the swap player): the file once its last segment is listed, and the chunks after it in order.
    const filesOnly = done({ parts: false, ranges: false });
    expect(filesOnly(writing(3))).toEqual([]);
    expect(filesOnly(writing(4))).toEqual([]);
    const thenAnother = formatPlaylist([{ ...whole('0001.mp4', parts), segmentBytes: 450 }, whole('0002.mp4')], false, { partTargetSec: 1 / 3, open: undefined });
    expect(filesOnly(thenAnother)).toEqual(['whole', 'whole']);
  });
});
