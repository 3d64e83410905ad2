// Turns ffprobe's JSON (-show_format -show_streams) into the few facts planning needs. Pure.
import type { Failure } from '../report/causes.js';
import { type VideoColour, colourFromProbe } from './colour.js';

export interface VideoFacts {
  /** Absolute stream index in the input, for -map 0:<index>. */
  index: number;
  codec: string;
  /** Coded (stored) size. */
  width: number;
  height: number;
  /** Display rotation in degrees, clockwise-agnostic: 0, 90, 180 or 270. */
  rotation: number;
  /** Size as shown, after rotation: what the output will be before any scaling. */
  displayWidth: number;
  displayHeight: number;
  /** Average frame rate, when the file tells it plausibly. */
  fps: number | undefined;
  /** The highest instantaneous rate (1 ÷ the shortest interval between two frames), when known. */
  peakFps?: number | undefined;
  /** Every frame lasts the same (within 1 %): a generator's or camera's constant rate, not a phone's variable one. */
  constantRate?: boolean | undefined;
  pixelFormat: string | undefined;
  /** Interlaced (field-coded) video, as from 1080i cameras; undefined when the file does not say. */
  interlaced?: boolean | undefined;
  /** H.264 whose SPS allows field-coded pictures: frames flagged interlaced are deinterlaced. */
  fieldCoding?: boolean | undefined;
  /** Primaries, transfer, matrix and range, as far as the file tells. */
  colour?: VideoColour | undefined;
  /** The video stream's own duration, when the file tells it (what the output's video must last). */
  durationSec?: number | undefined;
}

export interface AudioFacts {
  index: number;
  codec: string;
  sampleRate: number | undefined;
  channels: number | undefined;
  /** How long it plays (edit list applied, or its packets' span), when known. */
  durationSec?: number | undefined;
}

export interface MediaFacts {
  durationSec: number | undefined;
  video: VideoFacts;
  audio: AudioFacts | undefined;
  /** Audio tracks that exist but no decoder reads (e.g. Apple's spatial APAC): left out, and said so. */
  undecodableAudio?: string[];
}

export type FactsOutcome = { ok: true; facts: MediaFacts } | ({ ok: false } & Failure);

interface RawStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  codec_tag_string?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  field_order?: string;
  color_primaries?: string;
  color_transfer?: string;
  color_space?: string;
  color_range?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  sample_rate?: string;
  channels?: number;
  duration?: string;
  disposition?: { default?: number; attached_pic?: number };
  tags?: Record<string, string>;
  side_data_list?: Array<{ rotation?: number | string }>;
}

export interface RawProbe {
  streams?: RawStream[];
  format?: { duration?: string };
  /** Every packet's stream and times (ffprobe -show_entries packet=…), when asked for. */
  packets?: Array<{ stream_index?: number; pts_time?: string; duration_time?: string }>;
}

/** The highest instantaneous rate of a stream's packets: 1 ÷ the shortest interval between two presentation times. Pure. */
export function packetPeakFps(packets: RawProbe['packets'], index: number): number | undefined {
  const times = (packets ?? []).filter((packet) => packet.stream_index === index).map((packet) => Number(packet.pts_time)).filter(Number.isFinite).sort((a, b) => a - b);
  let shortest = Infinity;
  for (let i = 1; i < times.length; i++) {
    const gap = (times[i] as number) - (times[i - 1] as number);
    if (gap > 1e-6) shortest = Math.min(shortest, gap);
  }
  return Number.isFinite(shortest) ? 1 / shortest : undefined;
}

/**
 * Each stream's packets: how many, and how long they play — from the earliest presentation time to the
 * latest one's end (a packet without a duration lasts the typical interval: ASF, some AVI). The
 * content, whatever a header claims (an mvhd of 0xFFFFFFFF, a fragmented file's bogus total, an F4V's,
 * a Matroska segment's that counts its audio's padding). Pure.
 */
export function packetStats(packets: RawProbe['packets']): Map<number, { count: number; span: number }> {
  const streams = new Map<number, { times: number[]; end: number; timed: boolean }>();
  for (const packet of packets ?? []) {
    const pts = Number(packet.pts_time);
    if (packet.stream_index === undefined || packet.pts_time === undefined || !Number.isFinite(pts)) continue;
    const duration = Number(packet.duration_time);
    const timed = Number.isFinite(duration) && duration > 0;
    let known = streams.get(packet.stream_index);
    if (!known) streams.set(packet.stream_index, known = { times: [], end: -Infinity, timed: true });
    known.times.push(pts);
    known.end = Math.max(known.end, pts + (timed ? duration : 0));
    known.timed &&= timed;
  }
  const stats = new Map<number, { count: number; span: number }>();
  for (const [index, stream] of streams) {
    const times = stream.times.sort((a, b) => a - b);
    const gaps = times.slice(1).map((time, i) => time - (times[i] as number)).filter((gap) => gap > 0).sort((a, b) => a - b);
    const span = stream.timed ? stream.end - (times[0] as number) : (times.at(-1) as number) - (times[0] as number) + (gaps[Math.floor(gaps.length / 2)] ?? 0);
    if (span > 0) stats.set(index, { count: times.length, span });
  }
  return stats;
}

/**
 * How long a video stream plays: at a constant rate its frames × the frame duration (a muxer's rounded
 * or shifted timestamps — Matroska's milliseconds — neither stretch nor shrink it), else its packets'
 * span. Pure.
 */
export function videoPlays(stats: { count: number; span: number } | undefined, constantFps: number | undefined): number | undefined {
  if (!stats) return undefined;
  return constantFps !== undefined ? stats.count / constantFps : stats.span;
}

const MAX_PLAUSIBLE_FPS = 240;

/** A frame rate planning can trust, or undefined: positive, finite, at most 240. One rule for ffprobe's and moov's. */
export const plausibleFps = (fps: number | undefined): number | undefined =>
  fps !== undefined && Number.isFinite(fps) && fps > 0 && fps <= MAX_PLAUSIBLE_FPS ? fps : undefined;

/** The size as shown: a quarter turn swaps width and height. One rule for ffprobe's and moov's facts. */
export function displaySize(width: number, height: number, rotation: number): { displayWidth: number; displayHeight: number } {
  const quarterTurn = rotation === 90 || rotation === 270;
  return { displayWidth: quarterTurn ? height : width, displayHeight: quarterTurn ? width : height };
}

/**
 * Which audio track is encoded, whichever way the facts were read: the first default (enabled) track a
 * decoder reads, else the first one.
 */
export function chooseAudio<T extends { isDefault: boolean }>(tracks: readonly T[]): T | undefined {
  return tracks.find((track) => track.isDefault) ?? tracks[0];
}

/** "30000/1001" → 29.97; undefined for "0/0" and other nonsense. */
/** Whether two rates agree within 1 % (an average and a peak rate: constant frame rate). Pure. */
export const sameRate = (a: number | undefined, b: number | undefined): boolean =>
  a !== undefined && b !== undefined && Math.abs(a - b) <= 0.01 * Math.max(a, b);

export function parseRate(rate: string | undefined): number | undefined {
  if (!rate) return undefined;
  const [num, den = '1'] = rate.split('/');
  return plausibleFps(Number(num) / Number(den));
}

const positive = (value: unknown): number | undefined => {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
};

function readRotation(stream: RawStream): number {
  const fromMatrix = stream.side_data_list?.find((side) => side.rotation !== undefined)?.rotation;
  const degrees = Number(fromMatrix ?? stream.tags?.rotate ?? 0);
  if (!Number.isFinite(degrees)) return 0;
  const normalized = ((Math.round(degrees / 90) * 90) % 360 + 360) % 360;
  return normalized;
}

function readVideo(stream: RawStream): VideoFacts | undefined {
  const width = positive(stream.width);
  const height = positive(stream.height);
  if (!width || !height || stream.index === undefined) return undefined;
  const rotation = readRotation(stream);
  return {
    index: stream.index,
    codec: stream.codec_name ?? 'unknown',
    width,
    height,
    rotation,
    ...displaySize(width, height, rotation),
    fps: parseRate(stream.avg_frame_rate) ?? parseRate(stream.r_frame_rate),
    constantRate: sameRate(parseRate(stream.avg_frame_rate), parseRate(stream.r_frame_rate)),
    pixelFormat: stream.pix_fmt,
    interlaced: stream.field_order === undefined || stream.field_order === 'unknown' ? undefined : stream.field_order !== 'progressive',
    colour: colourFromProbe(stream),
  };
}

/** The container's duration unless the streams contradict it (a bogus header), then the longest stream's. Pure. */
export function trustedProbeDuration(format: number | undefined, streams: ReadonlyArray<number | undefined>): number | undefined {
  const longest = Math.max(0, ...streams.map((value) => value ?? 0));
  if (longest <= 0) return format;
  if (format === undefined || format > longest + Math.max(0.5, 0.05 * longest)) return longest;
  return format;
}

export function parseProbeJson(json: string): FactsOutcome {
  let raw: RawProbe;
  try {
    raw = JSON.parse(json) as RawProbe;
  } catch {
    return { ok: false, cause: 'bad-input', reason: 'ffprobe returned unreadable output' };
  }
  return factsFromProbe(raw);
}

/** Facts from ffprobe's JSON (or ffmpeg's own description in its shape, see input-dump.ts). */
export function factsFromProbe(raw: RawProbe): FactsOutcome {
  const streams = raw.streams ?? [];
  const videoStream = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1 && readVideo(s));
  const allAudio = streams.filter((s) => s.codec_type === 'audio' && s.index !== undefined);
  // ffprobe names a codec it has no decoder for "none" (or leaves it out): such a track cannot be encoded from.
  const decodable = (s: RawStream): boolean => Boolean(s.codec_name) && s.codec_name !== 'none';
  const audioStreams = allAudio.filter(decodable);
  const undecodableAudio = allAudio.filter((s) => !decodable(s)).map((s) => s.tags?.handler_name ?? `stream ${s.index}`);
  if (!videoStream) {
    const undecodable = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1 && !decodable(s));
    if (undecodable) {
      const tag = undecodable.codec_tag_string && !/^\[|^0x/.test(undecodable.codec_tag_string) ? ` (${undecodable.codec_tag_string})` : '';
      return { ok: false, cause: 'unsupported-codec', reason: `the ffmpeg in use has no decoder for this video${tag}; try --ffmpeg with a newer build` };
    }
    return { ok: false, cause: 'bad-input', reason: allAudio.length > 0 ? 'no video stream (audio only)' : 'no video stream' };
  }
  const audioStream = chooseAudio(audioStreams.map((s) => ({ ...s, isDefault: s.disposition?.default === 1 })));
  const stats = packetStats(raw.packets);
  const audio: AudioFacts | undefined = audioStream && {
    index: audioStream.index as number,
    codec: audioStream.codec_name ?? 'unknown',
    sampleRate: positive(audioStream.sample_rate),
    channels: positive(audioStream.channels),
    ...(stats.get(audioStream.index as number) ? { durationSec: stats.get(audioStream.index as number)?.span } : {}),
  };
  // Durations from the packets when ffprobe listed them (the content), else from the headers.
  const videoFacts = readVideo(videoStream) as VideoFacts;
  const videoSec = videoPlays(stats.get(videoStream.index as number), videoFacts.constantRate ? videoFacts.fps : undefined) ?? positive(videoStream.duration);
  return {
    ok: true,
    facts: {
      // The video's packets are what the output lasts (an audio track's span counts its priming and padding).
      durationSec: stats.has(videoStream.index as number) ? videoSec : trustedProbeDuration(positive(raw.format?.duration), streams.map((s) => positive(s.duration))),
      video: {
        ...videoFacts,
        ...(videoSec ? { durationSec: videoSec } : {}),
        ...(raw.packets ? { peakFps: packetPeakFps(raw.packets, videoStream.index as number) } : {}),
      },
      audio,
      ...(undecodableAudio.length > 0 ? { undecodableAudio } : {}),
    },
  };
}
