// The one module that builds ffmpeg/ffprobe argument arrays: a typed job in, string[] out.
// It never spawns, never joins or splits strings.
import { findLevel } from '../h264/levels.js';
import { toneMapFilters } from './tonemap.js';
import type { Preset } from '../presets/preset.js';

/** What the arguments need of a plan: plain values (the planner's EncodePlan has them, and more). */
export interface ArgsPlan {
  videoStreamIndex: number;
  width: number;
  height: number;
  resize: 'crop' | 'scale' | undefined;
  deinterlace: 'all' | 'flagged' | false;
  colour: {
    hdr?: { transfer: string; primaries: string; matrix: string } | undefined;
    fromRgb: boolean;
    tags: { primaries: string; transfer: string; matrix: string };
  };
  capFps: number | undefined;
  level: string;
  audio: { streamIndex: number } | undefined;
  /** Even loudness: the target, and what the input measured (loudnorm's first pass). */
  loudness?: { target: { integratedLufs: number; truePeakDbtp: number }; measured: LoudnessMeasure } | undefined;
  /** A keyframe at least every this many frames. */
  keyframeInterval?: number | undefined;
  /** Where the output ends: the input's duration, and at a capped rate the number of frames that fills it. */
  trim?: { durationSec: number | undefined; fps: number | undefined; frames: number | undefined } | undefined;
}

/**
 * Demuxers an input may be opened with: video containers only. Playlists (hls, concat), image
 * sequences, raw text formats and anything that opens further files or URLs are refused.
 */
export const VIDEO_DEMUXERS = [
  'mov', 'mp4', 'm4a', '3gp', '3g2', 'mj2', 'matroska', 'webm', 'avi', 'mpegts', 'flv', 'asf', 'mpeg', 'ogg', 'mxf',
  'dv', 'ivf', 'yuv4mpegpipe',
] as const;

/**
 * How every input is opened: as a local file (the `file:` prefix makes names such as
 * `concat:a.mp4`, `http:x.mp4` or `-x.mp4` plain file names), through the file protocol only,
 * with a video container demuxer only.
 */
export function safeInputArgs(absolutePath: string): string[] {
  return [
    '-protocol_whitelist', 'file',
    '-format_whitelist', VIDEO_DEMUXERS.join(','),
    '-i', `file:${absolutePath}`,
  ];
}

/**
 * An input read from stdin as it arrives (`streamprep optimize -`): the pipe protocol only, a video
 * container demuxer only, and the one the writer names when it does. With `probeBytes` ffmpeg analyses
 * no more than that many of its first bytes: MPEG-TS (streams may appear at any time) is otherwise read
 * for 5 s of media or 5 MB before the first frame is encoded — a whole 3-s chunk at 450 kbit/s.
 */
export function pipeInputArgs(format: string | undefined, probeBytes?: number): string[] {
  if (format !== undefined && !(VIDEO_DEMUXERS as readonly string[]).includes(format)) throw new Error(`input format ${format} is not one of ${VIDEO_DEMUXERS.join(', ')}`);
  return [
    '-protocol_whitelist', 'pipe', '-format_whitelist', VIDEO_DEMUXERS.join(','),
    ...(probeBytes === undefined ? [] : ['-probesize', String(Math.max(32, Math.round(probeBytes)))]),
    ...(format ? ['-f', format] : []), '-i', 'pipe:0',
  ];
}

/** ffmpeg describing an input and stopping (it has no output): its stderr is what input-dump.ts reads. */
export function buildDescribeArgs(absolutePath: string): string[] {
  return ['-hide_banner', '-nostdin', '-loglevel', 'info', ...safeInputArgs(absolutePath)];
}

export function buildProbeArgs(absolutePath: string): string[] {
  // Every packet's time too (a demux, no decode): what plays, when a header's durations say otherwise.
  return ['-hide_banner', '-v', 'error', '-show_format', '-show_streams', '-show_entries', 'packet=stream_index,pts_time,duration_time', '-of', 'json=compact=1', ...safeInputArgs(absolutePath)];
}

/** What loudnorm's measuring pass reports of an input (its JSON, as numbers). */
export interface LoudnessMeasure {
  inputI: number;
  inputTp: number;
  inputLra: number;
  inputThresh: number;
  targetOffset: number;
}

/**
 * The output's rate and channel layout, applied before loudness is measured and normalised: a downmix,
 * and a rate that drops what lies above its half (K-weighting counts the highs), change loudness.
 */
const outputFormat = ({ sampleRate, channels }: { sampleRate: number; channels: number }): string =>
  `aformat=sample_rates=${sampleRate}:channel_layouts=${channels === 1 ? 'mono' : 'stereo'}`;

/**
 * The first pass: loudnorm measures the audio as the output will carry it (`as`: its rate and
 * channels), decoded only, no output; it prints JSON on stderr. Without `as` (an output) as it is.
 */
export function buildLoudnessMeasureArgs(absolutePath: string, audioStreamIndex: number, target: { integratedLufs: number; truePeakDbtp: number }, as?: { sampleRate: number; channels: number }): string[] {
  const downmix = as === undefined ? '' : `${outputFormat(as)},`;
  return [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info', ...safeInputArgs(absolutePath),
    '-map', `0:${audioStreamIndex}`, '-af', `${downmix}loudnorm=I=${target.integratedLufs}:TP=${target.truePeakDbtp}:LRA=20:print_format=json`, '-f', 'null', '-',
  ];
}

/** The second pass as a filter: the measured values make loudnorm apply one linear gain where the ceiling allows (no pumping). */
export function loudnessFilter(loudness: NonNullable<ArgsPlan['loudness']>, as: { sampleRate: number; channels: number }): string {
  const { target, measured } = loudness;
  return `${outputFormat(as)},loudnorm=I=${target.integratedLufs}:TP=${target.truePeakDbtp}:LRA=20:measured_I=${measured.inputI}:measured_TP=${measured.inputTp}`
    + `:measured_LRA=${measured.inputLra}:measured_thresh=${measured.inputThresh}:offset=${measured.targetOffset}:linear=true`;
}

export interface EncodeJob {
  /** Absolute input path. */
  input: string;
  /** Absolute output path (a temporary name; the format is forced to mp4). */
  output: string;
  preset: Preset;
  plan: ArgsPlan;
  /** libavformat major version of the ffmpeg that runs the job: -fps_mode exists from 60 (ffmpeg 6) on. */
  libavformatMajor?: number | undefined;
  /** Decoder and encoder threads; undefined lets ffmpeg and x264 decide. */
  threads?: number | undefined;
  /**
   * The input arrives on stdin (as it is written), in this container when named; `probeBytes`: its
   * first bytes said all a plan needs (stream-head.ts), so ffmpeg need not read more before it starts.
   */
  pipe?: { format: string | undefined; probeBytes?: number | undefined } | undefined;
  /**
   * A second output on this descriptor: the audio the encode hands the AAC encoder (same filters, same
   * end), as 32-bit float samples at the preset's rate and channels — a conversation encodes its one
   * continuous audio track from it, not from the output's AAC.
   */
  pcmFd?: number | undefined;
  /**
   * With pcmFd: the output's audio is made elsewhere (a conversation's one encode) and added afterwards —
   * the MP4 is written without audio and without faststart's second pass (the writer that adds the audio
   * puts moov first); the audio goes to the tap alone.
   */
  audioElsewhere?: boolean | undefined;
  /**
   * Live: a third output on `fd`, the same video again (the very same encode settings: x264 gives the same
   * bytes) as a fragmented MP4 cut every `partSec`, written as each fragment is done — a conversation
   * publishes them as parts while the chunk is written. Both encodes then run without lookahead
   * (x264's zerolatency tune), or the first frames would wait for later ones.
   */
  fragments?: {
    fd: number;
    partSec: number;
    /**
     * A keyframe is forced here too (both encodes), and every keyframe starts a fragment: a conversation's
     * first chunk gets a first segment after two parts, for players that start only from a whole segment.
     */
    keyframeAtSec?: number | undefined;
  } | undefined;
}

export function buildVideoFilters(plan: ArgsPlan): string {
  const filters: string[] = [];
  if (plan.deinterlace === 'all') filters.push('yadif');
  if (plan.deinterlace === 'flagged') filters.push('yadif=deint=interlaced');
  // A constant-rate source onto the output's grid, exactly round(duration × fps) frames (a denser
  // source only loses frames: nothing is duplicated); early, so later filters see only those frames.
  // (A stream's length is not known ahead: its frames are put on the grid, their number follows.)
  if (plan.trim?.fps !== undefined) filters.push(`fps=${plan.trim.fps}`, ...(plan.trim.frames === undefined ? [] : [`trim=end_frame=${plan.trim.frames}`]));
  if (plan.colour.hdr) filters.push(...toneMapFilters(plan.colour.hdr));
  if (plan.resize === 'crop') filters.push(`crop=${plan.width}:${plan.height}:0:0`);
  if (plan.resize === 'scale') filters.push(`scale=${plan.width}:${plan.height}`);
  if (plan.colour.fromRgb) filters.push('scale=out_color_matrix=bt709:out_range=tv');
  // Baseline allows 8-bit 4:2:0 only; converting last means nothing after it changes the format.
  filters.push('format=yuv420p');
  return filters.join(',');
}

function rateControlArgs(preset: Preset, levelName: string): string[] {
  const level = findLevel(levelName);
  if (!level) throw new Error(`unknown H.264 level ${levelName}`);
  // The level's bit-rate and buffer limits, so the declared level is true for bit rate too — or the
  // preset's own caps below them (validated against them when the preset was loaded).
  const factor = preset.video.profile === 'high' ? 1.25 : 1;
  const maxrate = Math.min(preset.video.maxrateKbps ?? Infinity, Math.floor(level.maxBrKbps * factor));
  const levelBuffer = Math.floor(level.maxCpbKbit * factor);
  const bufsize = Math.min(preset.video.bufsizeKbps ?? (preset.video.maxrateKbps === undefined ? levelBuffer : 2 * maxrate), levelBuffer);
  return ['-crf', String(preset.video.crf), '-maxrate', `${maxrate}k`, '-bufsize', `${bufsize}k`];
}

/** How frames are chosen under the rate cap: the encode and its quality reference must choose alike. */
function frameSelectionArgs(job: EncodeJob): string[] {
  return [
    // Variable-rate output with -r as a ceiling: each frame goes to the nearest 1/maxFps tick and a frame
    // whose tick is taken is dropped, none is ever duplicated — so no two frames are closer than
    // 1/maxFps (a burst is thinned to the cap, not below it), and slower stretches keep every frame.
    // (Selecting on exact timestamps instead would keep only every other frame of a 30-fps burst: 15 fps.)
    (job.libavformatMajor ?? 0) >= 60 ? '-fps_mode' : '-vsync', 'vfr',
    ...(job.plan.capFps === undefined ? [] : ['-r', String(job.plan.capFps)]),
    // Exact durations: audio (and video) end where the input's video does, to the sample.
    ...(job.plan.trim?.durationSec === undefined ? [] : ['-t', job.plan.trim.durationSec.toFixed(6)]),
  ];
}

/**
 * The frames an encode starts from, losslessly (FFV1 in NUT): the same input, filters and frame
 * selection as buildEncodeArgs, so a quality measure compares each output frame with the very source
 * frame the encoder was given.
 */
export function buildReferenceArgs(job: EncodeJob): string[] {
  return [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error',
    ...safeInputArgs(job.input),
    '-map', `0:${job.plan.videoStreamIndex}`, '-map_metadata', '-1',
    '-vf', buildVideoFilters(job.plan),
    ...frameSelectionArgs(job),
    '-c:v', 'ffv1', '-an', '-sn', '-dn', '-f', 'nut', '-y', `file:${job.output}`,
  ];
}

/** The video of an encode: filters, frame selection, the encoder and what the stream declares. */
function videoOutputArgs(job: EncodeJob): string[] {
  const { preset, plan } = job;
  return [
    '-vf', buildVideoFilters(plan),
    ...frameSelectionArgs(job),
    '-c:v', preset.video.codec,
    '-preset', preset.video.preset,
    ...(job.fragments ? ['-tune', 'zerolatency'] : []),
    '-profile:v', preset.video.profile,
    '-level:v', plan.level,
    ...rateControlArgs(preset, plan.level),
    ...(plan.keyframeInterval === undefined ? [] : ['-g', String(plan.keyframeInterval)]),
    // The first frame from 10 ms before it (a frame time a microsecond short of it still counts).
    ...(job.fragments?.keyframeAtSec === undefined ? [] : ['-force_key_frames', Math.max(0, job.fragments.keyframeAtSec - 0.01).toFixed(3)]),
    // What the output holds, declared in the stream (VUI) and the container: players must not guess.
    '-color_primaries', plan.colour.tags.primaries,
    '-color_trc', plan.colour.tags.transfer,
    '-colorspace', plan.colour.tags.matrix,
    '-color_range', 'tv',
    ...(job.threads === undefined ? [] : ['-threads', String(job.threads)]), // the encoder's
  ];
}

export function buildEncodeArgs(job: EncodeJob): string[] {
  const { preset, plan } = job;
  const args = [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'level+info', '-benchmark', '-progress', 'pipe:1',
    ...(job.threads === undefined ? [] : ['-threads', String(job.threads)]), // before -i: the decoder's
    ...(job.pipe ? pipeInputArgs(job.pipe.format, job.pipe.probeBytes) : safeInputArgs(job.input)),
    '-map', `0:${plan.videoStreamIndex}`,
  ];
  const elsewhere = plan.audio !== undefined && job.pcmFd !== undefined && (job.audioElsewhere ?? false);
  if (plan.audio && !elsewhere) args.push('-map', `0:${plan.audio.streamIndex}`);
  args.push('-map_metadata', '-1', '-map_chapters', '-1', ...videoOutputArgs(job));
  if (plan.audio && !elsewhere) {
    args.push(
      ...(plan.loudness ? ['-af', loudnessFilter(plan.loudness, preset.audio)] : []),
      '-c:a', preset.audio.codec,
      '-ar', String(preset.audio.sampleRate),
      '-ac', String(preset.audio.channels),
      '-b:a', `${preset.audio.bitrateKbps}k`,
    );
  } else {
    args.push('-an');
  }
  args.push('-sn', '-dn');
  // A sparse track (a cover-art video of one frame beside a whole file of audio) leaves the other's
  // packets waiting for it: older builds give up ("Too many packets buffered for output stream") at 128.
  args.push('-max_muxing_queue_size', '4096');
  if (preset.container.faststart && !elsewhere) args.push('-movflags', '+faststart');
  args.push('-f', 'mp4', '-y', `file:${job.output}`);
  if (job.pcmFd !== undefined && plan.audio) {
    args.push(
      '-map', `0:${plan.audio.streamIndex}`, '-vn', '-sn', '-dn',
      // Samples from the output's time 0: audio that starts after the video gets silence before it
      // (raw samples carry no timestamps; the MP4's audio keeps its start in its edit list instead).
      '-af', [ALIGN_TO_ZERO, ...(plan.loudness ? [loudnessFilter(plan.loudness, preset.audio)] : [])].join(','),
      ...(plan.trim?.durationSec === undefined ? [] : ['-t', plan.trim.durationSec.toFixed(6)]),
      '-c:a', 'pcm_f32le', '-ar', String(preset.audio.sampleRate), '-ac', String(preset.audio.channels),
      // Live, each frame's samples as soon as they are made; otherwise in the muxer's 32-KiB writes.
      ...(job.fragments ? ['-flush_packets', '1'] : []), '-f', 'f32le', `pipe:${job.pcmFd}`,
    );
  }
  if (job.fragments) {
    args.push(
      '-map', `0:${plan.videoStreamIndex}`, '-map_metadata', '-1', '-map_chapters', '-1', ...videoOutputArgs(job), '-an', '-sn', '-dn',
      '-max_muxing_queue_size', '4096',
      '-movflags', 'empty_moov+default_base_moof+frag_keyframe', '-frag_duration', String(Math.round(job.fragments.partSec * 1e6)),
      '-flush_packets', '1', '-f', 'mp4', `pipe:${job.fragments.fd}`,
    );
  }
  return args;
}

export interface QualityJob {
  /** The encoded file, compared as the main input. */
  output: string;
  /** What the encoder was given (buildReferenceArgs): the same size and frames, lossless. */
  reference: string;
}

/** SSIM and PSNR of an output against its reference (ffmpeg's ssim and psnr filters), frame for frame, decoded to null. */
export function buildQualityArgs(job: QualityJob): string[] {
  const graph = [
    '[0:v]format=yuv420p,setsar=1,setpts=PTS-STARTPTS,split[main1][main2]',
    '[1:v]format=yuv420p,setsar=1,setpts=PTS-STARTPTS,split[ref1][ref2]',
    '[main1][ref1]ssim',
    '[main2][ref2]psnr',
  ].join(';');
  return [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info',
    ...safeInputArgs(job.output), '-protocol_whitelist', 'file', '-i', `file:${job.reference}`,
    '-filter_complex', graph, '-an', '-f', 'null', '-',
  ];
}

/** Raw samples from time 0: silence where the audio starts late, samples before 0 dropped. */
export const ALIGN_TO_ZERO = 'aresample=first_pts=0';

/** An output's first audio track decoded to 32-bit float samples at its own rate and channels (from its time 0), on stdout. */
export function buildPcmDecodeArgs(absolutePath: string, format: { sampleRate: number; channels: number }): string[] {
  return [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', ...safeInputArgs(absolutePath),
    '-map', '0:a:0', '-vn', '-sn', '-dn', '-af', ALIGN_TO_ZERO, '-c:a', 'pcm_f32le', '-ar', String(format.sampleRate), '-ac', String(format.channels), '-f', 'f32le', 'pipe:1',
  ];
}

/**
 * 32-bit float samples from stdin encoded with the preset's audio settings, as ADTS on stdout — as they
 * come (no probing of the raw input, each frame flushed): a conversation's one continuous audio encoder.
 */
export function buildPcmEncodeArgs(preset: Preset, threads?: number): string[] {
  const { audio } = preset;
  return [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error',
    '-probesize', '32', '-analyzeduration', '0', '-f', 'f32le', '-ar', String(audio.sampleRate), '-ac', String(audio.channels), '-i', 'pipe:0',
    ...(threads === undefined ? [] : ['-threads', String(threads)]),
    '-c:a', audio.codec, '-b:a', `${audio.bitrateKbps}k`, '-flush_packets', '1', '-f', 'adts', 'pipe:1',
  ];
}
