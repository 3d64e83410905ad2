import { describe, expect, it } from 'vitest';
import { formatPlaylist, nextMediaSequence, playlistUri } from '../../src/conversation/playlist.js';
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
