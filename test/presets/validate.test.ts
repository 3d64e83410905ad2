import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PresetError, UsageError } from '../../src/errors.js';
import { listPresetNames, loadPreset } from '../../src/presets/load.js';
import { validatePreset } from '../../src/presets/validate.js';
import { STREAMING } from '../helpers/facts.js';

const withChange = (change: (preset: Record<string, any>) => void): unknown => {
  const copy = structuredClone(STREAMING) as Record<string, any>;
  change(copy);
  return copy;
};

describe('validatePreset', () => {
  it('accepts the streaming recipe', () => {
    expect(validatePreset('x.json', structuredClone(STREAMING))).toEqual(STREAMING);
  });

  it.each([
    ['an unknown key', (p: Record<string, any>) => { p.video.bitrate = '1M'; }, 'video.bitrate', 'is not a preset key'],
    ['a wrong type', (p: Record<string, any>) => { p.video.crf = '28'; }, 'video.crf', 'must be a number'],
    ['an impossible value', (p: Record<string, any>) => { p.video.crf = 70; }, 'video.crf', 'from 0 to 51'],
    ['an unknown level', (p: Record<string, any>) => { p.video.level = '3.3'; }, 'video.level', 'H.264 level'],
    ['an unknown profile', (p: Record<string, any>) => { p.video.profile = 'high10'; }, 'video.profile', 'must be one of'],
    ['a missing key', (p: Record<string, any>) => { delete p.audio.channels; }, 'audio.channels', 'is missing'],
    ['a fractional channel count', (p: Record<string, any>) => { p.audio.channels = 1.5; }, 'audio.channels', 'whole number'],
    ['an odd sample rate', (p: Record<string, any>) => { p.audio.sampleRate = 23000; }, 'audio.sampleRate', 'must be one of'],
    ['a section that is not an object', (p: Record<string, any>) => { p.container = true; }, 'container', 'must be an object'],
  ])('rejects %s, naming the file and the key', (_name, change, key, problem) => {
    let caught: unknown;
    try {
      validatePreset('presets/bad.json', withChange(change));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PresetError);
    expect((caught as PresetError).key).toBe(key);
    expect((caught as PresetError).message).toMatch(new RegExp(`^presets/bad\\.json: ${key.replace('.', '\\.')} .*${problem}`));
    expect((caught as PresetError).exitCode).toBe(2);
  });
});

describe('loadPreset', () => {
  it('ships the streaming preset with exactly the recipe', async () => {
    expect(await listPresetNames()).toContain('streaming');
    const preset = await loadPreset('streaming');
    expect(preset.container.faststart).toBe(true);
    expect(preset.video).toMatchObject({ codec: 'libx264', preset: 'veryfast', profile: 'baseline', level: '3.0', crf: 28, maxFps: 18 });
    expect(preset.audio).toEqual({ codec: 'aac', sampleRate: 24000, channels: 1, bitrateKbps: 64 });
  });

  it('refuses an unknown name with the list of built-ins', async () => {
    await expect(loadPreset('nope')).rejects.toThrow(UsageError);
    await expect(loadPreset('nope')).rejects.toThrow(/streaming/);
  });

  it('loads a file and names it when it is not JSON', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-preset-'));
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{ "name": ');
    await expect(loadPreset(file)).rejects.toThrow(new RegExp(`^${file}: is not valid JSON`));
    await writeFile(file, JSON.stringify({ ...STREAMING, name: 'mine' }));
    expect((await loadPreset(file)).name).toBe('mine');
  });
});
