// The binaries the benchmarks compare: streamprep's default ones, and the system's (Debian) ffmpeg.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function locate() {
  const bundled = () => {
    try {
      return require('ffmpeg-static');
    } catch {
      return require('@ffmpeg-installer/ffmpeg').path;
    }
  };
  return { ffmpeg: bundled(), ffprobe: require('@ffprobe-installer/ffprobe').path };
}

export function systemFfmpeg() {
  return existsSync('/usr/bin/ffmpeg') ? '/usr/bin/ffmpeg' : undefined;
}
