// Does a file's moov describe what a preset produces? Reads only facts from the boxes. Pure.
import { findLevel, findLevelByIdc, levelViolation } from '../h264/levels.js';
import type { MoovInfo } from '../mp4/moov.js';
import type { Preset } from '../presets/preset.js';
import { hdrKind } from '../probe/colour.js';

/** Intervals in milliseconds round 1/18 s to 55 ms (18.2 fps): a peak within 2 % is the cap itself. */
const PEAK_TOLERANCE = 1.02;
const FPS_TOLERANCE = 1.005;

/** Everything in the file that differs from the preset, one short phrase each; empty when it conforms. */
export function presetViolations(moov: MoovInfo, preset: Preset): string[] {
  if (moov.compressed) return ['moov is compressed (cmov): its tracks cannot be checked'];
  const problems: string[] = [];
  const video = moov.tracks.find((track) => track.kind === 'video');
  if (!video) return ['no video track'];
  const hdr = hdrKind(video.colour);
  const hdrProblem = hdr ? [`HDR transfer ${video.colour?.transfer} (${hdr === 'pq' ? 'PQ' : 'HLG'}): the preset promises SDR`] : [];
  if (video.codec !== 'avc1' && video.codec !== 'avc3') return [`video codec ${video.codec ?? 'unknown'}, not H.264`, ...hdrProblem, ...audioViolations(moov, preset)];
  if (!video.profile) problems.push('no H.264 profile (avcC) found');
  else if (!profileMatches(video.profile, preset)) {
    problems.push(`profile ${video.profile}, not ${preset.video.profile}`);
  }
  const presetLevel = findLevel(preset.video.level);
  const level = video.levelIdc === undefined ? undefined : findLevelByIdc(video.levelIdc);
  if (!level || !presetLevel) problems.push(`level ${video.levelIdc ?? 'unknown'} is not a known H.264 level`);
  else if (preset.video.onLevelExceeded === 'scale' && level.idc > presetLevel.idc) {
    // A lower level is stricter, so any decoder of the preset's level plays it.
    problems.push(`level ${level.name}, above ${presetLevel.name}`);
  }
  const { width, height, fps } = video;
  if (width === undefined || height === undefined) problems.push('frame size unknown');
  else {
    if (width % 2 !== 0 || height % 2 !== 0) problems.push(`odd frame size ${width}x${height}`);
    const broken = level && levelViolation(level, width, height, fps ?? preset.video.maxFps);
    if (level && broken) problems.push(`${width}x${height} breaks level ${level.name} (${broken})`);
    const { maxWidth, maxHeight } = preset.video;
    if ((maxWidth !== undefined && width > maxWidth) || (maxHeight !== undefined && height > maxHeight)) {
      problems.push(`${width}x${height} larger than ${maxWidth ?? '∞'}x${maxHeight ?? '∞'}`);
    }
  }
  if (fps !== undefined && fps > preset.video.maxFps * FPS_TOLERANCE) problems.push(`${round(fps)} fps > ${preset.video.maxFps}`);
  // The shortest interval too: a burst at a higher rate stalls a player as a higher average would.
  else if (video.maxFps !== undefined && video.maxFps > preset.video.maxFps * PEAK_TOLERANCE) {
    problems.push(`frames ${(1000 / video.maxFps).toFixed(1)} ms apart (a burst at ${round(video.maxFps)} fps) > ${preset.video.maxFps} fps`);
  }
  problems.push(...hdrProblem);
  return [...problems, ...audioViolations(moov, preset)];
}

function audioViolations(moov: MoovInfo, preset: Preset): string[] {
  const problems: string[] = [];
  for (const audio of moov.tracks.filter((track) => track.kind === 'audio')) {
    if (audio.codec !== 'mp4a') problems.push(`audio codec ${audio.codec ?? 'unknown'}, not AAC`);
    if (audio.sampleRate !== preset.audio.sampleRate) problems.push(`audio ${audio.sampleRate ?? '?'} Hz, not ${preset.audio.sampleRate}`);
    if (audio.channels !== preset.audio.channels) problems.push(`audio ${audio.channels ?? '?'} channel(s), not ${preset.audio.channels}`);
  }
  return problems;
}

function profileMatches(profile: string, preset: Preset): boolean {
  switch (preset.video.profile) {
    case 'baseline':
      return profile === 'Baseline' || profile === 'Constrained Baseline';
    case 'main':
      return profile === 'Main';
    case 'high':
      return profile === 'High';
  }
}

const round = (value: number): string => String(Math.round(value * 100) / 100);
