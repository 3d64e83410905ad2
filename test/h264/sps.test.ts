import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSps, unescapeRbsp } from '../../src/h264/sps.js';
import { decodedFrameSize } from '../../src/h264/sps.js';
import { readColr } from '../../src/mp4/boxes/colr.js';
import { FIXTURES } from '../helpers/media.js';

/** The first SPS of a file's avcC, found by a loop of its own (not the code under test). */
async function firstSps(name: string): Promise<Uint8Array> {
  const bytes = await readFile(path.join(FIXTURES, name));
  const at = bytes.indexOf('avcC') + 4;
  const length = bytes.readUInt16BE(at + 6);
  return bytes.subarray(at + 8, at + 8 + length);
}

describe('parseSps', () => {
  it.each([
    ['interlaced-h264-no-fiel.mp4', true, undefined],
    ['slow-10fps.mp4', false, undefined],
    ['sd-bt601-640x480.mp4', false, { primaries: 6, transfer: 6, matrix: 6, fullRange: false }],
    ['sdr-reference-bt709.mp4', false, { primaries: 1, transfer: 1, matrix: 1, fullRange: false }],
  ])('%s: field coding %s, VUI colour %j', async (name, interlaced, colour) => {
    const facts = parseSps(await firstSps(name));
    expect(facts?.interlaced).toBe(interlaced);
    expect(facts?.colour).toEqual(colour);
  });

  it('never throws on cut or odd bytes', async () => {
    const sps = await firstSps('sd-bt601-640x480.mp4');
    for (let length = 0; length < sps.length; length++) expect(() => parseSps(sps.subarray(0, length))).not.toThrow();
    expect(parseSps(Uint8Array.of(0x68, 1, 2, 3))).toBeUndefined(); // a PPS, not an SPS
  });

  it('removes emulation prevention bytes', () => {
    expect([...unescapeRbsp(Uint8Array.of(0, 0, 3, 1, 0, 0, 3, 0))]).toEqual([0, 0, 1, 0, 0, 0]);
  });
});

describe('readColr', () => {
  it.each([
    [[...Buffer.from('nclx'), 0, 9, 0, 16, 0, 9, 0x80], { primaries: 9, transfer: 16, matrix: 9, fullRange: true }],
    [[...Buffer.from('nclc'), 0, 1, 0, 1, 0, 1], { primaries: 1, transfer: 1, matrix: 1 }],
    [[...Buffer.from('prof'), 1, 2, 3], undefined],
    [[...Buffer.from('nclx'), 0, 9], undefined],
  ])('%j → %j', (bytes, expected) => {
    expect(readColr(Uint8Array.from(bytes))).toEqual(expected);
  });
});

describe('decodedFrameSize (FFmpeg\'s rule: a smaller container size within the same macroblocks wins)', () => {
  it.each([
    [{ width: 640, height: 466 }, { width: 640, height: 465 }, { width: 640, height: 465 }], // Apple's DualDiscs.mov
    [{ width: 320, height: 242 }, { width: 320, height: 241 }, { width: 320, height: 241 }],
    [{ width: 1920, height: 1080 }, { width: 1920, height: 1088 }, { width: 1920, height: 1080 }], // larger: the SPS
    [{ width: 640, height: 480 }, { width: 640, height: 460 }, { width: 640, height: 480 }], // other macroblocks: the SPS
    [{ width: 640, height: 466, cropsTopOrLeft: true }, { width: 640, height: 465 }, { width: 640, height: 466 }],
    [{ width: 640, height: 466 }, undefined, { width: 640, height: 466 }],
    [{ width: 640, height: 466 }, { width: 0, height: 0 }, { width: 640, height: 466 }],
  ])('SPS %j, container %j → %j', (sps, container, expected) => {
    expect(decodedFrameSize(sps, container)).toEqual(expected);
  });
});
