import { describe, expect, it } from 'vitest';
import { refuseByContent } from '../../src/inputs/sniff.js';

describe('refuseByContent', () => {
  it.each([
    ['', /empty file/],
    ['#EXTM3U\n#EXT-X-TARGETDURATION:4\nhttp://example.invalid/a.ts\n', /HLS playlist/],
    ['\uFEFF#EXTM3U\n', /HLS playlist/],
    ["ffconcat version 1.0\nfile 'a.mp4'\n", /concat list/],
    ["file '/etc/passwd'\n", /concat list/],
    ['<?xml version="1.0"?><MPD></MPD>', /XML manifest/],
    ['hello, I am not a video\n', /text file/],
  ])('refuses %j', (content, reason) => {
    expect(refuseByContent(Buffer.from(content, 'utf8'))).toMatch(reason);
  });

  it('lets binary data through to ffprobe', () => {
    const mp4Start = Buffer.from([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 2, 0]);
    expect(refuseByContent(mp4Start)).toBeUndefined();
    expect(refuseByContent(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x01, 0x00]))).toBeUndefined();
  });
});
