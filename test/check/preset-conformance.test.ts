import { describe, expect, it } from 'vitest';
import { presetViolations } from '../../src/check/preset-conformance.js';
import type { MoovInfo, TrackInfo } from '../../src/mp4/moov.js';
import { STREAMING } from '../helpers/facts.js';

const track = (overrides: Partial<TrackInfo>): TrackInfo => ({
  id: 1, kind: 'video', handler: 'vide', codec: 'avc1', durationSec: 5, sampleCount: 90, fps: 18, maxFps: 18,
  width: 512, height: 512, rotation: 0, profile: 'Constrained Baseline', levelIdc: 30, sampleRate: undefined,
  channels: undefined, firstSampleOffset: 1000, firstSampleSize: 100, ...overrides,
});
const audio = (overrides: Partial<TrackInfo> = {}) =>
  track({ id: 2, kind: 'audio', handler: 'soun', codec: 'mp4a', fps: undefined, width: undefined, height: undefined, profile: undefined,
    levelIdc: undefined, sampleRate: 24000, channels: 1, ...overrides });
const moov = (...tracks: TrackInfo[]): MoovInfo => ({ tree: [], tracks, durationSec: 5, compressed: false, fragmented: false, problems: [] });

describe('presetViolations', () => {
  it('finds nothing wrong with what the streaming preset produces', () => {
    expect(presetViolations(moov(track({}), audio()), STREAMING)).toEqual([]);
    expect(presetViolations(moov(track({ levelIdc: 21, fps: 10, width: 320, height: 240 })), STREAMING)).toEqual([]);
  });

  it.each([
    [[track({ profile: 'High', levelIdc: 40 })], ['profile High, not baseline', 'level 4.0, above 3.0']],
    [[track({ fps: 25 })], ['25 fps > 18']],
    [[track({ width: 1280, height: 720 })], ['1280x720 breaks level 3.0 (3600 macroblocks per frame > 1620)']],
    [[track({ width: 321, height: 240 })], ['odd frame size 321x240']],
    [[track({ codec: 'hvc1' })], ['video codec hvc1, not H.264']],
    [[track({}), audio({ sampleRate: 48000, channels: 2 })], ['audio 48000 Hz, not 24000', 'audio 2 channel(s), not 1']],
    [[audio()], ['no video track']],
  ])('%#: reports what differs', (tracks, expected) => {
    expect(presetViolations(moov(...tracks), STREAMING)).toEqual(expected);
  });

  it('accepts a higher level that fits when the preset raises levels', () => {
    const preset = { ...STREAMING, video: { ...STREAMING.video, onLevelExceeded: 'raise-level' as const } };
    expect(presetViolations(moov(track({ width: 1920, height: 1080, levelIdc: 40 })), preset)).toEqual([]);
    expect(presetViolations(moov(track({ width: 1920, height: 1080, levelIdc: 31 })), preset)).toEqual([
      '1920x1080 breaks level 3.1 (8160 macroblocks per frame > 3600)',
    ]);
  });

  it('cannot check a compressed moov', () => {
    expect(presetViolations({ ...moov(track({})), compressed: true }, STREAMING)).toEqual(['moov is compressed (cmov): its tracks cannot be checked']);
  });
});
