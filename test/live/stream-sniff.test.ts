// Which streamable container a file's first bytes are, and whether a Matroska header names the file's end.
import { describe, expect, it } from 'vitest';
import { sniffStream } from '../../src/live/stream-sniff.js';

/** An EBML header (DocType "matroska"), then a Segment whose size field is `sizeField`. */
function matroska(sizeField: number[]): Buffer {
  const docType = Buffer.from([0x42, 0x82, 0x88, ...Buffer.from('matroska')]);
  const header = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80 | docType.length]), docType]);
  return Buffer.concat([header, Buffer.from([0x18, 0x53, 0x80, 0x67, ...sizeField]), Buffer.alloc(32)]);
}

describe('sniffStream', () => {
  it('Matroska with an unknown Segment size (a writer still writing, or one that cannot seek): no end', () => {
    expect(sniffStream(matroska([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toEqual({ kind: 'matroska' });
    expect(sniffStream(matroska([0xff]))).toEqual({ kind: 'matroska' }); // one-byte "unknown"
  });

  it('Matroska with a known Segment size: the end is where the Segment ends, whatever the size field\'s length', () => {
    // EBML header: 5 + 11 bytes; Segment ID 4 bytes; then the size field.
    expect(sniffStream(matroska([0x01, 0, 0, 0, 0, 0x1d, 0xe6, 0x88]))).toEqual({ kind: 'matroska', endsAt: 16 + 4 + 8 + 0x1de688 });
    expect(sniffStream(matroska([0x40, 0x10]))).toEqual({ kind: 'matroska', endsAt: 16 + 4 + 2 + 0x10 });
    expect(sniffStream(matroska([0x81]))).toEqual({ kind: 'matroska', endsAt: 16 + 4 + 1 + 1 });
  });

  it('a Matroska start too short to reach the Segment says nothing of the end', () => {
    expect(sniffStream(matroska([0x01, 0, 0, 0, 0, 0, 0, 9]).subarray(0, 18))).toEqual({ kind: 'matroska' });
  });

  it('MPEG-TS: 188-byte packets, or 192 with a timecode first; Y4M by its magic', () => {
    const ts = Buffer.alloc(188 * 5);
    for (let i = 0; i < 5; i++) ts[i * 188] = 0x47;
    expect(sniffStream(ts)).toEqual({ kind: 'mpegts' });
    const m2ts = Buffer.alloc(192 * 5);
    for (let i = 0; i < 5; i++) m2ts[i * 192 + 4] = 0x47;
    expect(sniffStream(m2ts)).toEqual({ kind: 'mpegts' });
    expect(sniffStream(Buffer.from('YUV4MPEG2 W512 H512 F25:1 Ip A1:1 C420jpeg\nFRAME\n'))).toEqual({ kind: 'y4m' });
  });

  it('anything else is none of them: text that starts with G, an MP4, a misaligned sync byte', () => {
    const text = Buffer.from(`Good morning\n${'x'.repeat(1000)}`);
    expect(sniffStream(text)).toBeUndefined();
    expect(sniffStream(Buffer.from([0, 0, 0, 24, ...Buffer.from('ftypisom'), 0, 0, 2, 0]))).toBeUndefined();
    const misaligned = Buffer.alloc(188 * 5);
    misaligned[0] = 0x47;
    misaligned[189] = 0x47;
    expect(sniffStream(misaligned)).toBeUndefined();
    expect(sniffStream(Buffer.alloc(0))).toBeUndefined();
  });
});
