import { describe, expect, it } from 'vitest';
import {
  NAME_MAX, isOwnFileName, isOwnLockName, isOwnTempName, lockNameFor, nameTooLong, tempNameFor, truncateUtf8,
} from '../../src/files/temp-names.js';

describe('temporary names', () => {
  it('are hidden, keep the extension and are recognised by their exact shape', () => {
    const name = tempNameFor('clip.mp4', 1234, '9f8e7d6c');
    expect(name).toBe('.clip.streamprep-1234-9f8e7d6c.tmp.mp4');
    expect(isOwnTempName(name)).toBe(true);
    expect(isOwnLockName(lockNameFor('clip.mp4'))).toBe(true);
  });

  it.each([
    'promo.streamprep-v2.mp4',
    '.promo.streamprep-v2.mp4',
    'x.streamprep-1-abcdef01.tmp.mp4',
    '.x.streamprep-1-ab.tmp.mp4',
    '.x.streamprep-1-ABCDEF01.tmp.mp4',
    'my.streamprep.lock.mp4',
  ])('a user\'s %j is not taken for one of ours', (name) => {
    expect(isOwnFileName(name)).toBe(false);
  });

  it.each([5, 100, 228, 240, 251, 255])('fit in NAME_MAX for a %i-byte name, and stay distinct', (length) => {
    const base = `${'a'.repeat(length - 4)}.mp4`;
    const other = `${'a'.repeat(length - 5)}b.mp4`;
    for (const name of [tempNameFor(base, 4_194_304, 'ffffffff'), lockNameFor(base)]) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(NAME_MAX);
      expect(isOwnFileName(name)).toBe(true);
    }
    expect(lockNameFor(base)).not.toBe(lockNameFor(other));
  });

  it('cut multi-byte names between characters', () => {
    const base = `${'日'.repeat(84)}.mp4`; // 252 + 4 bytes
    const name = tempNameFor(base, 1, '00000000');
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(NAME_MAX);
    expect(name).not.toContain('\uFFFD');
    expect(truncateUtf8('日本', 4)).toBe('日');
  });

  it('say when an output name itself is too long', () => {
    expect(nameTooLong(`/out/${'b'.repeat(252)}.mp4`)).toMatch(/256 bytes, more than the 255/);
    expect(nameTooLong(`/out/${'b'.repeat(251)}.mp4`)).toBeUndefined();
  });
});
