import { describe, expect, it } from 'vitest';
import { planEncode } from '../../src/plan/encode-plan.js';
import { STREAMING, facts } from '../helpers/facts.js';

describe('planEncode', () => {
  it('caps 25 fps at 18 and keeps a 512×512 frame', () => {
    const plan = planEncode(facts(), STREAMING);
    expect(plan).toMatchObject({ capFps: 18, outputFps: 18, width: 512, height: 512, resize: undefined, level: '3.0' });
    expect(plan.adaptations).toContain('fps 25 → 18');
  });

  it.each([8, 12, 18])('keeps a %d fps source at its rate (never duplicates frames)', (fps) => {
    const plan = planEncode(facts({ fps }), STREAMING);
    expect(plan.capFps).toBeUndefined();
    expect(plan.outputFps).toBe(fps);
  });

  it('caps a source whose rate is unknown', () => {
    expect(planEncode(facts({ fps: undefined }), STREAMING).capFps).toBe(18);
  });

  it('fits a preset\'s maximum frame, aspect kept and even, and sets the keyframe interval at the output rate', () => {
    const web = { ...STREAMING, video: { ...STREAMING.video, profile: 'main' as const, level: '3.1', maxFps: 30, maxWidth: 1280, maxHeight: 720, keyframeIntervalSec: 2 } };
    const landscape = planEncode(facts({ width: 1920, height: 1080, fps: 30 }), web);
    expect(landscape).toMatchObject({ width: 1280, height: 720, resize: 'scale', level: '3.1', keyframeInterval: 60 });
    expect(landscape.adaptations).toContain('scaled 1920x1080 → 1280x720 to fit 1280x720');
    const portrait = planEncode(facts({ width: 1080, height: 1920, fps: 25 }), web);
    expect(portrait).toMatchObject({ width: 404, height: 720, keyframeInterval: 50 });
    expect(planEncode(facts({ width: 640, height: 360 }), web)).toMatchObject({ width: 640, height: 360, resize: undefined });
    expect(planEncode(facts(), STREAMING).keyframeInterval).toBeUndefined();
  });

  it('crops odd sizes to even ones', () => {
    const plan = planEncode(facts({ width: 321, height: 241 }), STREAMING);
    expect(plan).toMatchObject({ width: 320, height: 240, resize: 'crop' });
    expect(plan.adaptations).toContain('size 321x241 → 320x240 (even)');
  });

  it('scales 1080p down to fit level 3.0 and says so', () => {
    const plan = planEncode(facts({ width: 1920, height: 1080, fps: 30 }), STREAMING);
    expect(plan.resize).toBe('scale');
    expect(plan.level).toBe('3.0');
    expect(Math.ceil(plan.width / 16) * Math.ceil(plan.height / 16)).toBeLessThanOrEqual(1620);
    expect(plan.adaptations.some((note) => note.startsWith('scaled 1920x1080 →'))).toBe(true);
  });

  it('raises the level instead when the preset asks', () => {
    const preset = { ...STREAMING, video: { ...STREAMING.video, onLevelExceeded: 'raise-level' as const } };
    const plan = planEncode(facts({ width: 1920, height: 1080, fps: 30 }), preset);
    expect(plan).toMatchObject({ width: 1920, height: 1080, resize: undefined, level: '4.0' });
    expect(plan.adaptations.some((note) => note.startsWith('level 3.0 → 4.0'))).toBe(true);
  });

  it('deinterlaces interlaced sources and says so', () => {
    const plan = planEncode(facts({ interlaced: true }), STREAMING);
    expect(plan.deinterlace).toBe('all');
    expect(plan.adaptations).toContain('deinterlaced');
    expect(planEncode(facts({ interlaced: false }), STREAMING).deinterlace).toBe(false);
    // H.264 that may code fields (no container flag): only the frames flagged interlaced.
    expect(planEncode(facts({ fieldCoding: true }), STREAMING).deinterlace).toBe('flagged');
    expect(planEncode(facts({ interlaced: false, fieldCoding: true }), STREAMING).deinterlace).toBe(false);
  });

  it('plans with the displayed (rotated) size', () => {
    const plan = planEncode(facts({ width: 1280, height: 720, rotation: 90 }), STREAMING);
    expect(plan.height).toBeGreaterThan(plan.width);
    expect(plan.adaptations).toContain('rotated 90° upright');
  });

  it('notes pixel format conversion, missing audio and downmixing', () => {
    expect(planEncode(facts({ pixelFormat: 'yuv444p10le' }), STREAMING).adaptations).toContain('yuv444p10le → yuv420p');
    const silent = planEncode(facts({ audio: null }), STREAMING);
    expect(silent.audio).toBeUndefined();
    expect(silent.adaptations).toContain('no audio');
    const surround = planEncode(facts({ audio: { index: 2, codec: 'ac3', sampleRate: 48000, channels: 6 } }), STREAMING);
    expect(surround.audio).toEqual({ streamIndex: 2 });
    expect(surround.adaptations).toContain('audio 6 ch → 1');
  });
});
