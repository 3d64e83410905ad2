import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PresetError, UsageError } from '../../src/errors.js';
import { listPresetNames, loadPreset } from '../../src/presets/load.js';
import { jsonDepth, validatePreset } from '../../src/presets/validate.js';
import { ROOT, tempDir } from '../helpers/media.js';
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

describe('validatePreset against hostile JSON', () => {
  const real = async () => JSON.parse(await readFile(path.join(ROOT, 'presets/streaming.json'), 'utf8')) as Record<string, any>;

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('refuses %j as a key at any level (own keys only)', async (key) => {
    for (const where of ['', 'video.']) {
      const text = JSON.stringify(await real()).replace(where ? '"video":{' : '{', `${where ? '"video":{' : '{'}"${key}":1,`);
      const parsed = JSON.parse(text);
      expect(() => validatePreset('p.json', parsed)).toThrow(new RegExp(`^p\\.json: ${where.replace('.', '\\.')}${key} is not a preset key`));
    }
  });

  it('returns a plain copy with only the schema\'s keys', async () => {
    const preset = validatePreset('p.json', await real());
    expect(Object.getPrototypeOf(preset)).toBe(Object.prototype);
    expect(Object.keys(preset)).toEqual(['name', 'description', 'container', 'video', 'audio']);
  });

  it('describes a deep wrong value without walking it', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const value = { ...STREAMING, video: { ...STREAMING.video, crf: deep } };
    expect(() => validatePreset('p.json', value)).toThrow(/video\.crf must be a number \(got a list\)/);
  });

  it('counts JSON depth without recursion', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[["}]}')).toBe(3);
    expect(jsonDepth('['.repeat(100_000) + ']'.repeat(100_000))).toBe(100_000);
  });
});

describe('loadPreset', () => {
  it.each([
    ['100,000 levels deep', '['.repeat(100_000) + ']'.repeat(100_000), /larger than 64 KiB/],
    ['20,000 levels deep', '['.repeat(20_000) + ']'.repeat(20_000), /nests deeper than 16 levels/],
    ['megabytes long', `{"name":"${'x'.repeat(2_000_000)}"}`, /larger than 64 KiB/],
  ])('refuses a preset file %s with exit 2, naming the file', async (_name, text, problem) => {
    const dir = await tempDir('preset');
    const file = path.join(dir, 'hostile.json');
    await writeFile(file, text);
    const error = await loadPreset(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PresetError);
    expect((error as PresetError).message).toMatch(new RegExp(`^${file}: `));
    expect((error as PresetError).message).toMatch(problem);
    expect((error as PresetError).exitCode).toBe(2);
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const dir = await tempDir('preset');
    const fifo = path.join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    await expect(loadPreset(fifo)).rejects.toThrow(/not a regular file \(a FIFO\)/);
  });

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
    const dir = await tempDir('preset');
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{ "name": ');
    await expect(loadPreset(file)).rejects.toThrow(new RegExp(`^${file}: is not valid JSON`));
    await writeFile(file, JSON.stringify({ ...STREAMING, name: 'mine' }));
    expect((await loadPreset(file)).name).toBe('mine');
  });
});
