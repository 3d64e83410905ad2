import { describe, expect, it } from 'vitest';
import { buildEncodeArgs, buildProbeArgs, buildVideoFilters } from '../../src/ffmpeg/args.js';
import { planEncode } from '../../src/plan/encode-plan.js';
import { STREAMING, facts } from '../helpers/facts.js';

const job = (overrides: Parameters<typeof facts>[0] = {}, extra: { libavformatMajor?: number; threads?: number } = {}) =>
  buildEncodeArgs({ input: '/in/clip.mp4', output: '/out/.clip.tmp.mp4', preset: STREAMING, plan: planEncode(facts(overrides), STREAMING), ...extra });

/** The value that follows a flag. */
const valueOf = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1];

describe('buildEncodeArgs', () => {
  it('reads a stream from stdin, analysing no more than the head it was planned from when that head said it all', () => {
    const piped = (pipe: { format: string | undefined; probeBytes?: number }): string[] =>
      buildEncodeArgs({ input: '-', output: '/out/.x.tmp.mp4', preset: STREAMING, plan: planEncode(facts(), STREAMING), pipe });
    const early = piped({ format: undefined, probeBytes: 32_768 });
    expect(early.slice(early.indexOf('-protocol_whitelist'), early.indexOf('pipe:0') + 1)).toEqual(
      ['-protocol_whitelist', 'pipe', '-format_whitelist', expect.any(String), '-probesize', '32768', '-i', 'pipe:0']);
    // (-probesize is an input option: before its -i.)
    expect(early.indexOf('-probesize')).toBeLessThan(early.indexOf('-i'));
    expect(piped({ format: 'mpegts' })).not.toContain('-probesize');
    expect(valueOf(piped({ format: 'mpegts', probeBytes: 20_000.4 }), '-probesize')).toBe('20000');
  });

  it('applies the streaming recipe', () => {
    const args = job();
    expect(valueOf(args, '-c:v')).toBe('libx264');
    expect(valueOf(args, '-preset')).toBe('veryfast');
    expect(valueOf(args, '-profile:v')).toBe('baseline');
    expect(valueOf(args, '-level:v')).toBe('3.0');
    expect(valueOf(args, '-crf')).toBe('28');
    expect(valueOf(args, '-c:a')).toBe('aac');
    expect(valueOf(args, '-ar')).toBe('24000');
    expect(valueOf(args, '-ac')).toBe('1');
    expect(valueOf(args, '-b:a')).toBe('64k');
    expect(valueOf(args, '-movflags')).toBe('+faststart');
    expect(valueOf(args, '-vf')).toBe('format=yuv420p');
    expect(valueOf(args, '-r')).toBe('18');
  });

  it('holds the bit rate to level 3.0 Baseline (10 Mb/s)', () => {
    const args = job();
    expect(valueOf(args, '-maxrate')).toBe('10000k');
    expect(valueOf(args, '-bufsize')).toBe('10000k');
  });

  it('holds the bit rate to a preset\'s own caps below the level\'s, and sets the keyframe interval', () => {
    const capped = { ...STREAMING, video: { ...STREAMING.video, maxrateKbps: 2000, keyframeIntervalSec: 2 } };
    const args = buildEncodeArgs({ input: '/in/clip.mp4', output: '/out/x.mp4', preset: capped, plan: planEncode(facts(), capped) });
    expect([valueOf(args, '-maxrate'), valueOf(args, '-bufsize'), valueOf(args, '-g')]).toEqual(['2000k', '4000k', '36']);
    const buffered = { ...capped, video: { ...capped.video, bufsizeKbps: 3000 } };
    expect(valueOf(buildEncodeArgs({ input: '/in/clip.mp4', output: '/out/x.mp4', preset: buffered, plan: planEncode(facts(), buffered) }), '-bufsize')).toBe('3000k');
    expect(job()).not.toContain('-g');
  });

  it('ends the output where the input ends: -t, and a constant-rate source on the output grid with exactly round(d × fps) frames', () => {
    const args = job({ constantRate: true, durationSec: 4.36 });
    expect(valueOf(args, '-t')).toBe('4.360000');
    expect(valueOf(args, '-vf')).toBe('fps=18,trim=end_frame=78,format=yuv420p');
    expect(valueOf(job({ durationSec: 4.36 }), '-vf')).toBe('format=yuv420p'); // variable rate: its own frames, none duplicated
  });

  it('opens the input as a local file through the file protocol and video demuxers only', () => {
    const args = job();
    expect(valueOf(args, '-i')).toBe('file:/in/clip.mp4');
    expect(valueOf(args, '-protocol_whitelist')).toBe('file');
    expect(valueOf(args, '-format_whitelist')?.split(',')).not.toContain('hls');
    expect(args.indexOf('-nostdin')).toBeGreaterThanOrEqual(0);
    expect(args.at(-1)).toBe('file:/out/.clip.tmp.mp4');
    expect(valueOf(args, '-f')).toBe('mp4');
  });

  it('maps the chosen streams, or drops audio when there is none', () => {
    expect(job().filter((arg, i, all) => all[i - 1] === '-map')).toEqual(['0:0', '0:1']);
    const silent = job({ audio: null });
    expect(silent).toContain('-an');
    expect(silent).not.toContain('-c:a');
  });

  it('uses -fps_mode on ffmpeg 6+ and -vsync before, always vfr', () => {
    expect(valueOf(job({}, { libavformatMajor: 60 }), '-fps_mode')).toBe('vfr');
    expect(valueOf(job({}, { libavformatMajor: 58 }), '-vsync')).toBe('vfr');
  });

  it('caps the rate with -r only when the source is faster', () => {
    expect(valueOf(job({ fps: 30 }), '-r')).toBe('18');
    expect(job({ fps: 12 })).not.toContain('-r');
  });

  it('passes threads to the decoder and the encoder only when asked', () => {
    expect(job()).not.toContain('-threads');
    const args = job({}, { threads: 1 });
    const at = args.flatMap((arg, i) => (arg === '-threads' ? [i] : []));
    expect(at).toHaveLength(2);
    expect(at[0]).toBeLessThan(args.indexOf('-i'));
    expect(at[1]).toBeGreaterThan(args.indexOf('-i'));
    expect(at.map((i) => args[i + 1])).toEqual(['1', '1']);
  });

  it('an audio tap (a conversation\'s chunk) writes float samples on its descriptor, flushed frame by frame only when live', () => {
    const base = { input: '/in/clip.mp4', output: '/out/x.mp4', preset: STREAMING, plan: planEncode(facts(), STREAMING), pcmFd: 3 };
    const tap = (args: string[]): string[] => args.slice(args.lastIndexOf('-map', args.indexOf('pipe:3')));
    const whole = tap(buildEncodeArgs(base));
    expect(whole.at(-1)).toBe('pipe:3');
    expect(valueOf(whole, '-c:a')).toBe('pcm_f32le');
    expect(valueOf(whole, '-ar')).toBe('24000');
    expect(whole).not.toContain('-flush_packets');
    const live = buildEncodeArgs({ ...base, fragments: { fd: 4, partSec: 1 / 3 } });
    expect(valueOf(tap(live.slice(0, live.indexOf('pipe:3') + 1)), '-flush_packets')).toBe('1');
    // Raw samples carry no timestamps: audio that starts after the video is padded from time 0.
    expect(valueOf(whole, '-af')).toBe('aresample=first_pts=0');
  });

  it('with the audio made elsewhere (a batch conversation), the MP4 has no audio and no second faststart pass; the tap stays', () => {
    const plan = planEncode(facts(), STREAMING);
    const args = buildEncodeArgs({ input: '/in/clip.mp4', output: '/out/x.mp4', preset: STREAMING, plan, pcmFd: 3, audioElsewhere: true });
    const mp4 = args.slice(0, args.indexOf('file:/out/x.mp4') + 1);
    expect(mp4).toContain('-an');
    expect(mp4).not.toContain('-c:a');
    expect(mp4).not.toContain('+faststart');
    expect(mp4.filter((arg) => arg === '-map')).toHaveLength(1);
    expect(args.at(-1)).toBe('pipe:3');
    // Without the tap there is nothing to take the audio from: the MP4 keeps its own.
    const alone = buildEncodeArgs({ input: '/in/clip.mp4', output: '/out/x.mp4', preset: STREAMING, plan, audioElsewhere: true });
    expect(valueOf(alone, '-c:a')).toBe('aac');
    expect(alone).toContain('+faststart');
  });

  it('never splits a path with spaces or shell characters', () => {
    const args = buildEncodeArgs({
      input: "/in/my clip; rm -rf ~ 'x'.mp4", output: '/out/a b.mp4', preset: STREAMING, plan: planEncode(facts(), STREAMING),
    });
    expect(args).toContain("file:/in/my clip; rm -rf ~ 'x'.mp4");
  });
});

describe('buildVideoFilters', () => {
  it.each([
    [{}, 'format=yuv420p'],
    [{ fps: 10 }, 'format=yuv420p'],
    [{ width: 321, height: 241, fps: 10 }, 'crop=320:240:0:0,format=yuv420p'],
    [{ interlaced: true, width: 1920, height: 1080 }, /^yadif,scale=\d+:\d+,format=yuv420p$/],
    [{ width: 1920, height: 1080, fps: 30 }, /^scale=\d+:\d+,format=yuv420p$/],
  ] as const)('%j → %s (format conversion last)', (overrides, expected) => {
    const filters = buildVideoFilters(planEncode(facts(overrides), STREAMING));
    if (typeof expected === 'string') expect(filters).toBe(expected);
    else expect(filters).toMatch(expected);
  });
});

describe('buildProbeArgs', () => {
  it('probes through the same safe input options', () => {
    const args = buildProbeArgs('/in/concat:a.mp4');
    expect(valueOf(args, '-i')).toBe('file:/in/concat:a.mp4');
    expect(valueOf(args, '-protocol_whitelist')).toBe('file');
    expect(valueOf(args, '-of')).toBe('json=compact=1');
    expect(valueOf(args, '-show_entries')).toBe('packet=stream_index,pts_time,duration_time'); // what plays, not what a header claims
  });
});
