// A fragmented MP4's tracks as they play: moov holds few or no samples (and often a movie duration of
// 0), the fragments hold the rest. Each track's samples and duration are summed from its fragments'
// runs (trun), placed at their decode times (tfdt). Pure.
import type { FragmentTiming } from './fragment-timing.js';
import { type MoovInfo, trustedDuration } from './moov.js';

export function withFragmentDurations(moov: MoovInfo, timings: readonly FragmentTiming[], movieHeaderSec: number | undefined): MoovInfo {
  const byTrack = new Map<number, { samples: number; end: number; shortest: number }>();
  for (const timing of timings) {
    const known = byTrack.get(timing.trackId) ?? { samples: 0, end: 0, shortest: Infinity };
    known.samples += timing.durations.length;
    known.end = Math.max(known.end, timing.decodeTime + timing.durations.reduce((sum, duration) => sum + duration, 0));
    for (const duration of timing.durations) if (duration > 0) known.shortest = Math.min(known.shortest, duration);
    byTrack.set(timing.trackId, known);
  }
  const tracks = moov.tracks.map((track) => {
    const fragments = track.id === undefined ? undefined : byTrack.get(track.id);
    if (!fragments || !track.timescale || fragments.samples === 0) return track;
    const sampleCount = (track.sampleCount ?? 0) + fragments.samples;
    const durationSec = Math.max(track.durationSec ?? 0, fragments.end / track.timescale);
    return {
      ...track,
      sampleCount,
      durationSec,
      ...(track.kind === 'video' ? { fps: sampleCount / durationSec, maxFps: Number.isFinite(fragments.shortest) ? track.timescale / fragments.shortest : track.maxFps } : {}),
    };
  });
  return { ...moov, tracks, durationSec: trustedDuration(movieHeaderSec || undefined, tracks) };
}
