// Media facts read from an MP4/QuickTime moov instead of an ffprobe run: no extra process per chunk.
// Returns undefined whenever moov does not tell everything planning needs; the caller then asks ffprobe.
import type { MoovInfo, TrackInfo } from '../mp4/moov.js';
import { hasColour } from './colour.js';
import { type MediaFacts, chooseAudio, displaySize, plausibleFps, sameRate } from './facts.js';

/** Sample entries ffmpeg decodes and whose moov facts we trust. */
const VIDEO_CODECS: Record<string, string> = {
  avc1: 'h264', avc3: 'h264', hvc1: 'hevc', hev1: 'hevc', mp4v: 'mpeg4', av01: 'av1', vp09: 'vp9',
  apcn: 'prores', apch: 'prores', apcs: 'prores', apco: 'prores', ap4h: 'prores', jpeg: 'mjpeg', mjpa: 'mjpeg',
};

/** Codecs that usually carry more than 8 bits (and so may carry HDR) when their depth is not in moov. */
const HIGH_DEPTH_CODECS = new Set(['av01', 'vp09', 'apcn', 'apch', 'apcs', 'apco', 'ap4h']);

/** What an H.264 profile implies about chroma and bit depth, for the report's notes. */
const PROFILE_PIXEL_FORMAT: Record<string, string> = {
  'High 10': 'yuv420p10', 'High 4:2:2': 'yuv422p', 'High 4:4:4 Predictive': 'yuv444p', 'CAVLC 4:4:4': 'yuv444p',
};

/** Audio sample entries ffmpeg decodes; any other audio track sends the file to ffprobe. */
const AUDIO_CODECS = new Set(['mp4a', 'ac-3', 'ec-3', 'lpcm', 'sowt', 'twos', 'ipcm', 'in24', 'in32', 'fl32', 'alac', 'Opus', 'fLaC', '.mp3', 'ulaw', 'alaw']);

/** ProRes sample entries: 4:2:2 10-bit, or 4:4:4 10-bit for 4444. */
const PRORES_PIXEL_FORMAT: Record<string, string> = {
  apcn: 'yuv422p10', apch: 'yuv422p10', apcs: 'yuv422p10', apco: 'yuv422p10', ap4h: 'yuv444p10',
};

/** The source's pixel format as far as moov tells it (for the report's notes only). */
function pixelFormatOf(track: TrackInfo): string | undefined {
  if (track.profile) return PROFILE_PIXEL_FORMAT[track.profile];
  if (track.hevc) {
    const chroma = ['gray', 'yuv420p', 'yuv422p', 'yuv444p'][track.hevc.chromaFormat] ?? 'yuv420p';
    const format = track.hevc.bitDepth > 8 ? `${chroma}${track.hevc.bitDepth}` : chroma;
    return format === 'yuv420p' ? undefined : format;
  }
  return track.codec ? PRORES_PIXEL_FORMAT[track.codec] : undefined;
}


export function factsFromMoov(moov: MoovInfo): MediaFacts | undefined {
  if (moov.compressed || moov.fragmented || moov.problems.length > 0) return undefined;
  const videoIndex = moov.tracks.findIndex((track) => track.kind === 'video');
  const video: TrackInfo | undefined = moov.tracks[videoIndex];
  if (!video?.codec || !VIDEO_CODECS[video.codec] || !video.width || !video.height || !video.sampleCount) return undefined;
  const fps = plausibleFps(video.fps);
  if (fps === undefined) return undefined;
  // Deeper than 8 bits and no colour declared in moov: it may be HDR said only in the bitstream, which ffprobe reads.
  const mayBeHdr = video.hevc ? video.hevc.bitDepth > 8 : HIGH_DEPTH_CODECS.has(video.codec);
  if (mayBeHdr && !hasColour(video.colour)) return undefined;
  if (moov.tracks.some((track) => track.kind === 'audio' && !AUDIO_CODECS.has(track.codec ?? ''))) return undefined;
  const audible = moov.tracks.map((track, index) => ({ track, index, isDefault: track.enabled !== false }))
    .filter(({ track }) => track.kind === 'audio' && track.sampleCount);
  const chosen = chooseAudio(audible);
  const audioIndex = chosen?.index ?? -1;
  const audio = chosen?.track;
  if (audio && (!audio.channels || !audio.sampleRate)) return undefined;
  return {
    durationSec: moov.durationSec || video.presentedSec || video.durationSec,
    video: {
      index: videoIndex,
      codec: VIDEO_CODECS[video.codec] as string,
      width: video.width,
      height: video.height,
      rotation: video.rotation,
      ...displaySize(video.width, video.height, video.rotation),
      fps,
      constantRate: sameRate(video.fps, video.maxFps),
      peakFps: video.maxFps,
      pixelFormat: pixelFormatOf(video),
      interlaced: video.interlaced,
      ...(video.fieldCoding ? { fieldCoding: true } : {}),
      ...(video.colour ? { colour: video.colour } : {}),
      // What plays: the edit list's stretch of the samples, when it has one.
      ...(video.presentedSec ?? video.durationSec ? { durationSec: video.presentedSec ?? video.durationSec } : {}),
    },
    audio: audio ? {
      index: audioIndex, codec: audio.codec ?? 'unknown', sampleRate: audio.sampleRate, channels: audio.channels,
      ...(audio.presentedSec ?? audio.durationSec ? { durationSec: audio.presentedSec ?? audio.durationSec } : {}),
    } : undefined,
  };
}
