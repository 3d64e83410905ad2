import { describe, expect, it } from 'vitest';
import { formatPlaylist, nextMediaSequence, playlistUri, segmentsOf } from '../../src/conversation/playlist.js';
import { blockingVerdict } from '../../src/serve/live-playlist.js';

const entry = (uri: string, durationSec: number, discontinuity = false) => ({ uri, durationSec, initBytes: 1000, segmentBytes: 50_000, discontinuity });

describe('the live playlist', () => {
  it('is an EVENT playlist of byte ranges after each chunk\'s initialization section, exact EXTINF, ended on request', () => {
    const live = formatPlaylist([entry('0001.mp4', 4.4), entry('0002.mp4', 5.2)], false);
    expect(live).toBe([
      '#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:6', '#EXT-X-PLAYLIST-TYPE:EVENT', '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES', '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXT-X-MAP:URI="0001.mp4",BYTERANGE="1000@0"',
      '#EXTINF:4.400000,', '#EXT-X-BYTERANGE:50000@1000', '0001.mp4',
      '#EXTINF:5.200000,', '#EXT-X-BYTERANGE:50000@1000', '0002.mp4', '',
    ].join('\n'));
    expect(formatPlaylist([entry('0001.mp4', 4.4)], true)).toMatch(/0001\.mp4\n#EXT-X-ENDLIST\n$/);
    expect(nextMediaSequence(live)).toBe(2);
  });

  it('keeps its target duration as it grows (6 s unless a chunk is longer)', () => {
    expect(formatPlaylist([entry('0001.mp4', 1.2)], false)).toMatch(/#EXT-X-TARGETDURATION:6\n/);
    expect(formatPlaylist([entry('0001.mp4', 1.2), entry('0002.mp4', 7.6)], false)).toMatch(/#EXT-X-TARGETDURATION:8\n/);
  });

  it('starts a new initialization section after a discontinuity', () => {
    const text = formatPlaylist([entry('0001.mp4', 4), entry('0002.mp4', 4, true)], false);
    expect(text).toMatch(/0001\.mp4\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI="0002\.mp4",BYTERANGE="1000@0"\n#EXTINF/);
  });

  it('percent-encodes names and refuses what would break a quoted attribute', () => {
    expect(playlistUri('talk 1/#2?.mp4')).toBe('talk%201/%232%3F.mp4');
    expect(() => formatPlaylist([entry('a"b.mp4', 1)], false)).toThrow(/quotes/);
  });
});

describe('blocking reload', () => {
  const two = formatPlaylist([entry('0001.mp4', 4), entry('0002.mp4', 4)], false);
  it.each([
    [0, 'ready'], [1, 'ready'], [2, 'wait'], [3, 'wait'], [4, 'too-far'],
  ] as const)('_HLS_msn=%i on a playlist of two segments: %s', (msn, verdict) => {
    expect(blockingVerdict(two, msn)).toBe(verdict);
  });
  it('answers at once when the playlist has ended', () => {
    expect(blockingVerdict(formatPlaylist([entry('0001.mp4', 4)], true), 3)).toBe('ready');
  });
});

describe('the live playlist with parts (LL-HLS)', () => {
  const part = (offset: number, bytes: number, independent = false) => ({ offset, bytes, durationSec: 1 / 3, independent });
  const live = (open: boolean) => formatPlaylist(
    [{ ...entry('0001.mp4', 4), parts: [part(1000, 100, true), part(1100, 90)] }],
    false,
    { partTargetSec: 1 / 3, open: open ? { uri: '0002.mp4', initBytes: 1000, discontinuity: false, parts: [part(1000, 80, true), part(1080, 70)], nextOffset: 1150 } : undefined },
  );

  it('announces parts (version 9, PART-INF, PART-HOLD-BACK of three parts) and lists each as a byte range', () => {
    const text = live(true);
    expect(text).toMatch(/#EXT-X-VERSION:9\n/);
    expect(text).toMatch(/#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1\.002\n/);
    expect(text).toMatch(/#EXT-X-PART-INF:PART-TARGET=0\.334\n/);
    expect(text).toContain('#EXT-X-PART:DURATION=0.333333,URI="0001.mp4",BYTERANGE="100@1000",INDEPENDENT=YES\n#EXT-X-PART:DURATION=0.333333,URI="0001.mp4",BYTERANGE="90@1100"\n#EXTINF:4.000000,');
    // The chunk under way: its parts after the last segment, then a hint for the next part's bytes.
    expect(text.endsWith('#EXT-X-PART:DURATION=0.333333,URI="0002.mp4",BYTERANGE="80@1000",INDEPENDENT=YES\n#EXT-X-PART:DURATION=0.333333,URI="0002.mp4",BYTERANGE="70@1080"\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI="0002.mp4",BYTERANGE-START=1150\n')).toBe(true);
    expect(nextMediaSequence(text)).toBe(1);
  });

  it('lists a chunk\'s runs of parts from each part that starts a segment: at once while it is written, unchanged once whole', () => {
    const parts = [part(1000, 100, true), part(1100, 90), { ...part(1190, 120, true), segment: true }, part(1310, 60)];
    const writing = formatPlaylist([], false, { partTargetSec: 1 / 3, open: { uri: '0001.mp4', initBytes: 1000, discontinuity: false, parts, nextOffset: 1370 } });
    // Its first run is a whole segment (hls.js starts only from one); the second is still parts.
    expect(writing).toContain('#EXT-X-PART:DURATION=0.333333,URI="0001.mp4",BYTERANGE="90@1100"\n#EXTINF:0.666667,\n#EXT-X-BYTERANGE:190@1000\n0001.mp4\n#EXT-X-PART:DURATION=0.333333,URI="0001.mp4",BYTERANGE="120@1190",INDEPENDENT=YES\n');
    expect(writing.endsWith('BYTERANGE="60@1310"\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI="0001.mp4",BYTERANGE-START=1370\n')).toBe(true);
    expect(nextMediaSequence(writing)).toBe(1);
    expect(blockingVerdict(writing, 1, 1)).toBe('ready');
    expect(blockingVerdict(writing, 1, 2)).toBe('wait');
    // Whole (4.5 s, 400 bytes after its initialization section): the same first segment; the second reaches its end.
    const whole = formatPlaylist([{ ...entry('0001.mp4', 4.5), segmentBytes: 400, parts }], false, { partTargetSec: 1 / 3, open: undefined });
    expect(whole).toContain('#EXTINF:0.666667,\n#EXT-X-BYTERANGE:190@1000\n0001.mp4\n');
    expect(whole).toContain('#EXTINF:3.833333,\n#EXT-X-BYTERANGE:210@1190\n0001.mp4\n');
    expect(nextMediaSequence(whole)).toBe(2);
    // Every line of the first segment, as it was listed while written, is still there, in order.
    const firstSegment = writing.slice(writing.indexOf('#EXT-X-PART'), writing.indexOf('0001.mp4\n', writing.indexOf('#EXTINF')) + 9);
    expect(whole).toContain(firstSegment);
  });

  it('a keyframe alone does not start a segment (its predecessor\'s audio may be short); a part marked so does', () => {
    expect(segmentsOf([part(1000, 100, true), part(1100, 90), part(1190, 50, true)])).toHaveLength(1);
    expect(segmentsOf([part(1000, 100, true), { ...part(1100, 90, true), segment: true }]).map((run) => run.length)).toEqual([1, 1]);
    expect(segmentsOf([])).toEqual([]);
  });

  it('has no hint between chunks, and none once ended', () => {
    expect(live(false)).not.toMatch(/PRELOAD-HINT/);
    expect(formatPlaylist([entry('0001.mp4', 4)], true, { partTargetSec: 1 / 3, open: undefined })).not.toMatch(/PRELOAD-HINT/);
  });

  it.each([
    // msn, part → verdict, on one whole segment and two parts of the next
    [0, undefined, 'ready'], [1, 0, 'ready'], [1, 1, 'ready'], [1, 2, 'wait'], [1, undefined, 'wait'], [2, 0, 'wait'], [3, 0, 'too-far'],
  ] as const)('_HLS_msn=%i&_HLS_part=%s: %s', (msn, partIndex, verdict) => {
    expect(blockingVerdict(live(true), msn, partIndex)).toBe(verdict);
  });
});
