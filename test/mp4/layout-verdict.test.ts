import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bufferByteSource } from '../../src/mp4/byte-source.js';
import { judgeLayout } from '../../src/mp4/layout-verdict.js';
import { walkTopLevel } from '../../src/mp4/top-level.js';
import { box, concat, largeBox, rawHeader } from '../helpers/boxes.js';

async function verdictOf(bytes: Uint8Array) {
  return judgeLayout(await walkTopLevel(bufferByteSource(bytes)), bytes.length);
}

describe('judgeLayout', () => {
  it.each([
    ['moov before mdat', concat(box('ftyp', 8), box('moov', 32), box('mdat', 64)), 'faststart'],
    ['moov after mdat', concat(box('ftyp', 8), box('mdat', 64), box('moov', 32)), 'moov-after-mdat'],
    ['free boxes and several mdat', concat(box('ftyp', 8), box('free', 4), box('moov', 32), box('mdat', 8), box('mdat', 8)), 'faststart'],
    ['QuickTime wide + mdat + moov', concat(box('wide'), box('mdat', 16), box('moov', 16)), 'moov-after-mdat'],
    ['fragmented, moov first', concat(box('ftyp', 8), box('moov', 16), box('moof', 8), box('mdat', 8), box('mfra', 8)), 'faststart'],
    ['64-bit mdat after moov', concat(box('ftyp', 8), box('moov', 16), largeBox('mdat', 32)), 'faststart'],
    ['size-0 mdat at the end', concat(box('ftyp', 8), box('moov', 16), rawHeader('mdat', 0), new Uint8Array(50)), 'faststart'],
    ['no moov', concat(box('ftyp', 8), box('mdat', 16)), 'no-moov'],
    ['mdat running past the end', concat(box('ftyp', 8), box('moov', 16), rawHeader('mdat', 1000), new Uint8Array(10)), 'truncated'],
    ['size smaller than its header', concat(box('ftyp', 8), rawHeader('moov', 3)), 'malformed'],
    ['stray bytes after the last box (moov first)', concat(box('ftyp', 8), box('moov', 16), box('mdat', 16), new Uint8Array(4)), 'faststart'],
    ['stray bytes after the last box (moov last)', concat(box('ftyp', 8), box('mdat', 16), box('moov', 16), new Uint8Array(7)), 'moov-after-mdat'],
    ['an empty file', new Uint8Array(0), 'not-mp4'],
    ['text', Buffer.from('#EXTM3U\n#EXT-X-VERSION:3\nseg.ts\n'), 'not-mp4'],
    ['Matroska', new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]), 'not-mp4'],
  ])('%s → %s', async (_name, bytes, expected) => {
    expect((await verdictOf(bytes)).verdict).toBe(expected);
  });

  it('says stray bytes after the last box are ignored (one verdict for check, faststart and optimize)', async () => {
    expect((await verdictOf(concat(box('ftyp', 8), box('moov', 16), box('mdat', 16), new Uint8Array(4)))).reason).toMatch(/4 stray byte\(s\) after the last box, ignored/);
  });

  it('names the offset of a malformed box', async () => {
    const result = await verdictOf(concat(box('ftyp', 8), box('moov', 8), rawHeader('free', 2)));
    expect(result).toMatchObject({ verdict: 'malformed', offset: 32 });
    expect(result.reason).toContain('offset 32');
  });

  it('returns a verdict for any bytes, with a bounded number of reads', async () => {
    const validStart = concat(box('ftyp', 8), box('moov', 16));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.boolean(), async (random, prefixed) => {
        const bytes = prefixed ? concat(validStart, random) : random;
        let reads = 0;
        const source = bufferByteSource(bytes);
        const counting = { ...source, read: (position: number, length: number) => (reads++, source.read(position, length)) };
        const result = judgeLayout(await walkTopLevel(counting), bytes.length);
        expect(typeof result.verdict).toBe('string');
        // Every step advances by at least 8 bytes.
        expect(reads).toBeLessThanOrEqual(bytes.length / 8 + 1);
      }),
      { numRuns: 500 },
    );
  });
});
