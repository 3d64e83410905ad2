import { describe, expect, it } from 'vitest';
import { readAvcC } from '../../../src/mp4/boxes/avcc.js';
import { readAudioSpecificConfig, readEsds } from '../../../src/mp4/boxes/esds.js';
import { readEntryCount, readStts } from '../../../src/mp4/boxes/tables.js';
import { readTkhd } from '../../../src/mp4/boxes/tkhd.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const u32 = (value: number) => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];

describe('readAvcC', () => {
  it.each([
    [[1, 66, 0xc0, 30], 'Constrained Baseline', 30],
    [[1, 66, 0x00, 13], 'Baseline', 13],
    [[1, 77, 0x40, 31], 'Main', 31],
    [[1, 100, 0, 40], 'High', 40],
    [[1, 244, 0, 13], 'High 4:4:4 Predictive', 13],
  ])('%j → %s level %d', (header, profile, level) => {
    expect(readAvcC(bytes(...header, 0xff, 0xe1))).toMatchObject({ profile, levelIdc: level });
  });

  it('refuses a short or unknown record', () => {
    expect(readAvcC(bytes(1, 66))).toBeUndefined();
    expect(readAvcC(bytes(2, 66, 0, 30))).toBeUndefined();
  });
});

describe('AudioSpecificConfig', () => {
  it.each([
    [[0x12, 0x10], { audioObjectType: 2, sampleRate: 44100, channels: 2 }],
    [[0x13, 0x08], { audioObjectType: 2, sampleRate: 24000, channels: 1 }],
    [[0x11, 0x90], { audioObjectType: 2, sampleRate: 48000, channels: 2 }],
    [[0x11, 0xb0], { audioObjectType: 2, sampleRate: 48000, channels: 6 }],
    // HE-AAC, explicit: core 22050 Hz, SBR output 44100 Hz (what a decoder, and ffprobe, report).
    [[0x2b, 0x92, 0x08, 0x00], { audioObjectType: 5, sampleRate: 44100, channels: 2 }],
    // HE-AAC v2 (parametric stereo): one coded channel becomes two, at the SBR rate.
    [[0xeb, 0x09, 0x80], { audioObjectType: 29, sampleRate: 48000, channels: 2 }],
    // ALS: its real format lives in its own configuration — unknown rather than a wrong guess.
    [[0xf8, 0x86, 0x20], { audioObjectType: 36, sampleRate: undefined, channels: undefined }],
  ])('%j → %j', (config, expected) => {
    expect(readAudioSpecificConfig(bytes(...config))).toEqual(expected);
  });

  it('reads it through the esds descriptors', () => {
    // esds as ffmpeg writes it for 24 kHz mono AAC-LC.
    const esds = bytes(0, 0, 0, 0, 0x03, 0x19, 0, 1, 0, 0x04, 0x11, 0x40, 0x15, 0, 0, 0, 0, 0, 0xfa, 0, 0, 0, 0xfa, 0, 0x05, 0x02, 0x13, 0x08, 0x06, 0x01, 0x02);
    expect(readEsds(esds)).toEqual({ objectTypeIndication: 0x40, audioObjectType: 2, sampleRate: 24000, channels: 1 });
  });

  it('survives truncated descriptors', () => {
    expect(readEsds(bytes(0, 0, 0, 0, 0x03, 0x80))).toBeUndefined();
    expect(readEsds(bytes(0, 0, 0, 0, 0x04, 0x11, 0x40))).toMatchObject({ objectTypeIndication: 0x40, sampleRate: undefined });
  });
});

describe('sample tables', () => {
  it('counts entries only when they fit the payload', () => {
    const stts = bytes(0, 0, 0, 0, ...u32(2), ...u32(10), ...u32(512), ...u32(5), ...u32(1024));
    expect(readEntryCount('stts', stts)).toBe(2);
    expect(readStts(stts)).toEqual({ sampleCount: 15, totalDuration: 10 * 512 + 5 * 1024, minDelta: 512 });
    const lying = bytes(0, 0, 0, 0, ...u32(0x7fffffff), ...u32(1), ...u32(1));
    expect(readEntryCount('stts', lying)).toBeUndefined();
    expect(readStts(lying)).toBeUndefined();
  });

  it('accepts a constant-size stsz without a table, and refuses a table that does not fit', () => {
    expect(readEntryCount('stsz', bytes(0, 0, 0, 0, ...u32(100), ...u32(1_000_000)))).toBe(1_000_000);
    expect(readEntryCount('stsz', bytes(0, 0, 0, 0, ...u32(0), ...u32(1_000_000), 0, 0, 0, 1))).toBeUndefined();
  });
});

describe('readTkhd', () => {
  const tkhd = (matrix: number[], flags = 3) => bytes(
    0, 0, 0, flags, ...u32(0), ...u32(0), ...u32(1), ...u32(0), ...u32(0), ...new Array(8).fill(0), 0, 0, 0, 0, 0, 0, 0, 0,
    ...matrix.flatMap((value) => u32(value >>> 0)), ...u32(320 << 16), ...u32(176 << 16),
  );
  it.each([
    [[0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000], 0],
    [[0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000], 270],
    [[-0x10000, 0, 0, 0, -0x10000, 0, 0, 0, 0x40000000], 180],
    [[0, -0x10000, 0, 0x10000, 0, 0, 0, 0, 0x40000000], 90],
  ])('reads size and rotation %#', (matrix, rotation) => {
    expect(readTkhd(tkhd(matrix))).toEqual({ trackId: 1, width: 320, height: 176, rotation, enabled: true });
  });

  it('reads track_enabled (ffmpeg\'s default disposition)', () => {
    expect(readTkhd(tkhd([0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000], 2))?.enabled).toBe(false);
  });
});
