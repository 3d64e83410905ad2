import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MoovInfo, TrackInfo } from '../../src/mp4/moov.js';
import { reasonsToReencode } from '../../src/plan/conformance.js';
import { validatePreset } from '../../src/presets/validate.js';
import { ROOT } from '../helpers/media.js';

const streaming = validatePreset('streaming.json', JSON.parse(await readFile(path.join(ROOT, 'presets', 'streaming.json'), 'utf8')));

const track = (overrides: Partial<TrackInfo>): TrackInfo => ({
  id: 1, kind: 'video', handler: 'vide', codec: 'avc1', durationSec: 4, sampleCount: 72, fps: 18, maxFps: 18, width: 512, height: 512,
  rotation: 0, profile: 'Constrained Baseline', levelIdc: 30, sampleRate: undefined, channels: undefined, firstSampleOffset: 100, firstSampleSize: 500, ...overrides,
});
const audio = track({ id: 2, kind: 'audio', handler: 'soun', codec: 'mp4a', fps: undefined, maxFps: undefined, width: undefined, height: undefined, profile: undefined, levelIdc: undefined, sampleRate: 24000, channels: 1 });
const moov = (tracks: TrackInfo[]): MoovInfo => ({ tree: [], tracks, durationSec: 4, compressed: false, fragmented: false, problems: [] });

describe('reasonsToReencode', () => {
  it.each([
    ['what the preset produces', [track({}), audio], []],
    ['no audio at all', [track({})], []],
    ['25 fps', [track({ fps: 25, maxFps: 25 }), audio], [/25 fps > 18/]],
    ['High profile', [track({ profile: 'High' }), audio], [/profile High/]],
    ['48 kHz stereo audio', [track({}), { ...audio, sampleRate: 48000, channels: 2 }], [/48000 Hz/, /2 channel/]],
    ['a rotation the plan would turn upright', [track({ rotation: 90 }), audio], [/rotated 90/]],
    ['field-coded H.264', [track({ fieldCoding: true }), audio], [/interlaced/]],
    ['two audio tracks', [track({}), audio, { ...audio, id: 3 }], [/2 audio tracks/]],
    ['a subtitle track', [track({}), audio, track({ id: 4, kind: 'other', handler: 'text', codec: 'tx3g' })], [/other than audio and video/]],
    ['encrypted', [track({ encrypted: true }), audio], [/encrypted/]],
  ] as Array<[string, TrackInfo[], RegExp[]]>)('%s', (_name, tracks, expected) => {
    const reasons = reasonsToReencode(moov(tracks), streaming);
    expect(reasons).toHaveLength(expected.length === 0 ? 0 : reasons.length);
    for (const pattern of expected) expect(reasons.join('; ')).toMatch(pattern);
    if (expected.length > 0) expect(reasons.length).toBeGreaterThan(0);
  });
});
