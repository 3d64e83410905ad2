import { describe, expect, it } from 'vitest';
import { encodersFromConfiguration, parseEncoders, parseLibavformatMajor, parseVersionLine } from '../../src/binaries/version.js';

const DEBIAN = `ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers
built with gcc 12 (Debian 12.2.0-14+deb12u1)
configuration: --prefix=/usr --extra-version=0+deb12u1 --enable-gpl --enable-libx264 --enable-libx265
libavutil      57. 28.100 / 57. 28.100
libavformat    59. 27.100 / 59. 27.100
`;
const STATIC = `ffmpeg version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2018 the FFmpeg developers
configuration: --enable-gpl --enable-version3 --enable-static --enable-libvpx
libavformat    58. 24.100 / 58. 24.100
`;

describe('ffmpeg -version', () => {
  it('reads the version and libavformat major of release and git builds', () => {
    expect(parseVersionLine(DEBIAN)).toBe('5.1.9-0+deb12u1');
    expect(parseLibavformatMajor(DEBIAN)).toBe(59);
    expect(parseVersionLine(STATIC)).toBe('N-47683-g0e8eb07980-static');
    expect(parseLibavformatMajor(STATIC)).toBe(58);
  });

  it('trusts the configuration line only when it names libx264', () => {
    expect(encodersFromConfiguration(DEBIAN)).toEqual(new Set(['libx264', 'aac']));
    expect(encodersFromConfiguration(STATIC)).toBeUndefined();
    expect(encodersFromConfiguration(DEBIAN.replace('--enable-gpl', '--disable-encoder=aac'))).toBeUndefined();
  });
});

describe('ffmpeg -encoders', () => {
  it('lists encoder names', () => {
    const listed = ` V..... = Video
 ------
 V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC (codec h264)
 A....D aac                  AAC (Advanced Audio Coding)
 S..... srt                  SubRip subtitle`;
    expect([...parseEncoders(listed)]).toEqual(['libx264', 'aac', 'srt']);
  });
});
