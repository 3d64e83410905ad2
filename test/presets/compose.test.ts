// Presets that compose: extends (a built-in or a file), merged key by key, with where each value came
// from; loops, long chains and missing parents refused naming the file; a bad value blamed on its file;
// new keys validated (bit-rate caps against the level's limits). Real files in a temporary folder.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PresetError } from '../../src/errors.js';
import { mergeOver } from '../../src/presets/compose.js';
import { loadPreset, loadPresetSources } from '../../src/presets/load.js';
import { tempDir } from '../helpers/media.js';

async function files(entries: Record<string, unknown>): Promise<string> {
  const dir = await tempDir('presets-compose');
  for (const [name, value] of Object.entries(entries)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  }
  return dir;
}

describe('mergeOver', () => {
  it('replaces values key by key inside sections and says who set each', () => {
    const sources = new Map<string, string>();
    const merged = mergeOver({ name: 'a', video: { crf: 28, preset: 'veryfast' } }, { video: { crf: 30 }, extends: 'a' }, 'b.json', sources);
    expect(merged).toEqual({ name: 'a', video: { crf: 30, preset: 'veryfast' } });
    expect([...sources]).toEqual([['video.crf', 'b.json']]);
  });
});

describe('extends', () => {
  it('a file that changes one key of a built-in: the rest comes from it, and presets show says so', async () => {
    const dir = await files({ 'mine.json': { extends: 'streaming', video: { crf: 32 } } });
    const { preset, sources } = await loadPresetSources(path.join(dir, 'mine.json'));
    expect(preset).toMatchObject({ name: 'mine', video: { crf: 32, preset: 'veryfast', profile: 'baseline' }, audio: { sampleRate: 24000 } });
    expect(sources.get('video.crf')).toBe(path.join(dir, 'mine.json'));
    expect(sources.get('video.preset')).toBe('built-in streaming');
    expect(sources.get('name')).toBe(path.join(dir, 'mine.json'));
  });

  it('chains files relative to the one that names them', async () => {
    const dir = await files({ 'team/base.json': { extends: 'web', audio: { bitrateKbps: 96 } }, 'mine.json': { extends: './team/base.json', name: 'mine', video: { crf: 25 } } });
    const preset = await loadPreset(path.join(dir, 'mine.json'));
    expect(preset).toMatchObject({ name: 'mine', video: { crf: 25, profile: 'main', maxWidth: 1280 }, audio: { bitrateKbps: 96, sampleRate: 48000 } });
  });

  it.each([
    ['a loop', { 'a.json': { extends: './b.json' }, 'b.json': { extends: './a.json' } }, /extends leads back to .*a\.json \(a loop\)/],
    ['a missing parent', { 'a.json': { extends: './nowhere.json' } }, /nowhere\.json: cannot be read: no such file/],
    ['an unknown built-in', { 'a.json': { extends: 'cinema' } }, /unknown preset "cinema"/],
    ['a chain longer than 8', Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}.json`, { extends: i === 9 ? 'streaming' : `./p${i + 1}.json` }])), /chains more than 8 presets/],
    ['extends that is not a name', { 'a.json': { extends: 42 } }, /a\.json: extends must be a built-in preset name/],
  ])('refuses %s, naming the file', async (_name, entries, message) => {
    const dir = await files(entries as Record<string, unknown>);
    const first = Object.keys(entries)[0] as string;
    await expect(loadPreset(path.join(dir, first))).rejects.toThrow(message);
  });

  it('blames a bad value on the file that set it, not on the one that extends it', async () => {
    const dir = await files({ 'base.json': { extends: 'streaming', video: { crf: 90 } }, 'mine.json': { extends: './base.json', video: { preset: 'fast' } } });
    const error = await loadPreset(path.join(dir, 'mine.json')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PresetError);
    expect((error as PresetError).message).toBe(`${path.join(dir, 'base.json')}: video.crf must be from 0 to 51 (got 90)`);
  });
});

describe('new keys', () => {
  it.each([
    [{ maxrateKbps: 20_000 }, /video\.maxrateKbps must be at most 10000 \(the limit of level 3\.0, baseline profile; got 20000\)/],
    [{ bufsizeKbps: 20_000 }, /video\.bufsizeKbps must be at most 10000/],
    [{ maxWidth: 7 }, /video\.maxWidth must be from 16 to 8192/],
    [{ keyframeIntervalSec: 0 }, /video\.keyframeIntervalSec must be from 0\.1 to 60/],
  ])('%j is refused with the key and the limit', async (video, message) => {
    const dir = await files({ 'x.json': { extends: 'streaming', video } });
    await expect(loadPreset(path.join(dir, 'x.json'))).rejects.toThrow(message);
  });

  it('the web built-in: 720p Main 3.1, keyframes every 2 s, made from streaming', async () => {
    const { preset, sources } = await loadPresetSources('web');
    expect(preset.video).toMatchObject({ profile: 'main', level: '3.1', maxWidth: 1280, maxHeight: 720, keyframeIntervalSec: 2, codec: 'libx264' });
    expect(sources.get('video.codec')).toBe('built-in streaming');
  });
});
