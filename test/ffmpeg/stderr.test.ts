import { describe, expect, it } from 'vitest';
import { findFailure, findFailureCause, findWriteError, parseBenchTimes, parseLoudnorm, probeFailureReason } from '../../src/ffmpeg/stderr.js';
import { findTruncation } from '../../src/ffmpeg/stderr.js';

// Captured from ffmpeg 4.1 (the bundled build) with -loglevel level+info.
const PROFILE_FAILURE = `[info] Stream mapping:
[info]   Stream #0:0 -> #0:0 (h264 (native) -> h264 (libx264))
[libx264 @ 0x43a13f80] [error] baseline profile doesn't support 4:4:4
[libx264 @ 0x43a13f80] [error] Error setting profile baseline.
[error] Error initializing output stream 0:0 -- Error while opening encoder for output stream #0:0 - maybe incorrect parameters such as bit_rate, rate, width or height
[info] Conversion failed!
`;

const SUCCESS_TAIL = `[info] video:25kB audio:5kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: 5.434747%
[info] bench: utime=0.025s stime=0.015s rtime=0.033s
[info] bench: maxrss=26524kB
[libx264 @ 0x415a1f00] [info] kb/s:200.95
`;

describe('findFailureCause', () => {
  it('returns the root cause, not the consequences', () => {
    expect(findFailureCause(PROFILE_FAILURE)).toBe("baseline profile doesn't support 4:4:4");
  });

  it('drops ffmpeg\'s own file prefix', () => {
    const stderr = '[error] file:/data/in.mp4: Invalid data found when processing input\n';
    expect(findFailureCause(stderr, '/data/in.mp4')).toBe('Invalid data found when processing input');
  });

  it('falls back to a consequence when nothing else was said', () => {
    expect(findFailureCause('[fatal] Conversion failed!\n')).toBe('Conversion failed!');
  });

  it('returns undefined when no error was logged', () => {
    expect(findFailureCause(SUCCESS_TAIL)).toBeUndefined();
  });

  it('keeps the line short', () => {
    expect(findFailureCause(`[error] ${'x'.repeat(1000)}\n`)?.length).toBeLessThanOrEqual(240);
  });
});

describe('parseBenchTimes', () => {
  it('reads user and system CPU time and peak memory', () => {
    expect(parseBenchTimes(SUCCESS_TAIL)).toEqual({ userSec: 0.025, sysSec: 0.015, maxRssKb: 26524 });
  });

  it('returns undefined without -benchmark output', () => {
    expect(parseBenchTimes(PROFILE_FAILURE)).toBeUndefined();
  });
});

describe('findFailure', () => {
  it('names a missing decoder as unsupported-codec, anything else ffmpeg tied to the input as bad-input', () => {
    expect(findFailure('[error] Decoder (codec vvc) not found for input stream #0:0\n')).toEqual({ cause: 'unsupported-codec', reason: expect.stringMatching(/no decoder for vvc/) });
    expect(findFailure('[error] Decoder (codec none) not found for input stream #0:0\n')?.reason).toMatch(/no decoder for an unknown codec/);
    expect(findFailure(PROFILE_FAILURE)).toEqual({ cause: 'bad-input', reason: "baseline profile doesn't support 4:4:4" });
    expect(findFailure(SUCCESS_TAIL)).toBeUndefined();
  });
});

describe('parseLoudnorm', () => {
  it('reads the measuring pass\'s JSON, and nothing from silence', () => {
    const measured = `[Parsed_loudnorm_0 @ 0x1] \n{\n\t"input_i" : "-23.41",\n\t"input_tp" : "-4.02",\n\t"input_lra" : "1.30",\n\t"input_thresh" : "-33.57",\n\t"output_i" : "-16.08",\n\t"target_offset" : "0.08"\n}\n`;
    expect(parseLoudnorm(measured)).toEqual({ inputI: -23.41, inputTp: -4.02, inputLra: 1.3, inputThresh: -33.57, targetOffset: 0.08 });
    expect(parseLoudnorm('{ "input_i" : "-inf", "input_tp" : "-inf", "input_lra" : "0.00", "input_thresh" : "-70.00", "target_offset" : "inf" }')).toBeUndefined();
    expect(parseLoudnorm('no json here')).toBeUndefined();
  });
});

describe('findWriteError', () => {
  it('finds a full disk that ffmpeg reports while exiting 0', () => {
    const stderr = [
      '[info] frame=   18 fps=0.0 q=-1.0 Lsize=N/A time=00:00:01.00',
      '[error] [mp4 @ 0x55d0] Error writing trailer of file:/out/.a.streamprep-1-00000000.tmp.mp4: No space left on device',
    ].join('\n');
    expect(findWriteError(stderr)).toBe('no space left on device');
    expect(findWriteError('[error] [mp4 @ 0x1] Error writing trailer of file:x: Input/output error')).toBe('input/output error');
    expect(findWriteError('[error] av_interleaved_write_frame(): Disk quota exceeded')).toBe('disk quota exceeded');
  });

  it('ignores what an input\'s metadata says (printed at info level)', () => {
    expect(findWriteError('[info]     title           : No space left on device\n[info] Error writing trailer')).toBeUndefined();
    expect(findWriteError('')).toBeUndefined();
  });
});

describe('probeFailureReason', () => {
  it('names the container a whitelist refused, from captured ffprobe output', () => {
    const stderr = '[hls @ 0x55e8c2a0] Format not on whitelist \'mov,mp4,m4a\'\nfile:/in/playlist.mp4: Invalid argument\n';
    expect(probeFailureReason(stderr, '/in/playlist.mp4')).toBe('looks like hls, which is not a video container this tool opens');
  });

  it('says invalid data plainly and drops ffprobe\'s own file prefix', () => {
    expect(probeFailureReason('file:/in/x.mp4: Invalid data found when processing input\n', '/in/x.mp4')).toBe('not a video file ffmpeg can read (invalid data)');
    expect(probeFailureReason('file:/in/x.mp4: Permission denied\n', '/in/x.mp4')).toBe('Permission denied');
  });

  it('says that a container\'s header with nothing after it ends before its first frame (ffprobe 5.1\'s words for a 282-byte Matroska header)', () => {
    const stderr = '[matroska,webm @ 0x5652adcd21c0] Duplicate element\n[matroska,webm @ 0x5652adcd21c0] Element at 0x67 ending at 0x8eec0100000070 exceeds containing master element ending at 0x1413\nfile:/in/x.mkv: End of file\n';
    expect(probeFailureReason(stderr, '/in/x.mkv')).toBe('it ends before its first frame (End of file): cut short, or its writer stopped after the header');
  });
});

describe('an input that ends in the middle of its data', () => {
  it.each([
    ['[matroska,webm @ 0x1e742bc0] Read error', 'Read error'],
    ['[matroska,webm @ 0x55af64f5a880] [error] File ended prematurely', 'File ended prematurely'],
    ['[mov,mp4,m4a,3gp,3g2,mj2 @ 0x5581] [error] stream 0, offset 0x2f1a: partial file', 'stream 0, offset 0x2f1a: partial file'],
  ])('%s', (line, said) => {
    expect(findTruncation(`[info] Input #0, …\n${line}\n[info] frame=   12`)).toBe(`it ends in the middle of its data (${said})`);
  });
  it('is not claimed for a whole input', () => {
    expect(findTruncation('[info] Input #0, matroska,webm\n[null @ 0x1] [error] Application provided invalid, non monotonically increasing dts\n[info] video:1kB')).toBeUndefined();
  });
});
