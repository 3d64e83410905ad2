// Does an MP4/MOV input already hold what the preset would produce? Then re-encoding it only loses
// quality and time: its moov is moved to the front instead (no ffmpeg). The check --preset rules, plus
// what the plan would otherwise change: rotation, interlacing, extra or protected tracks. Pure.
import { presetViolations } from '../check/preset-conformance.js';
import type { MoovInfo } from '../mp4/moov.js';
import type { Preset } from '../presets/preset.js';

/** Why the file must be re-encoded (empty: it conforms as it is). */
export function reasonsToReencode(moov: MoovInfo, preset: Preset): string[] {
  const reasons = presetViolations(moov, preset);
  const videos = moov.tracks.filter((track) => track.kind === 'video');
  const audios = moov.tracks.filter((track) => track.kind === 'audio');
  const video = videos[0];
  if (videos.length > 1) reasons.push(`${videos.length} video tracks`);
  if (audios.length > 1) reasons.push(`${audios.length} audio tracks`);
  if (moov.tracks.some((track) => track.kind === 'other')) reasons.push('tracks other than audio and video');
  if (moov.tracks.some((track) => track.encrypted)) reasons.push('encrypted');
  if (video?.rotation) reasons.push(`rotated ${video.rotation}°`);
  if (video?.interlaced || video?.fieldCoding) reasons.push('interlaced or field-coded');
  if (preset.audio.loudness && audios.length > 0) reasons.push('loudness normalisation asked');
  return reasons;
}
