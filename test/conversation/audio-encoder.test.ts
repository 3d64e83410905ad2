// The conversation's one audio encoder (audio-encoder.ts), with the real ffmpeg: settle() waits until
// every frame the input so far yields is out, and gives up once the encoder has been quiet for quietMs
// (one timer pushed back by the last output, not re-armed per frame). ADTS parsing is pure (splitAdts).
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Toolchain } from '../../src/binaries/toolchain.js';
import { splitAdts, startAudioEncoder } from '../../src/conversation/audio-encoder.js';
import { ENCODER_LAG } from '../../src/conversation/timeline.js';
import { STREAMING } from '../helpers/facts.js';
import { ffmpegPath, tempDir } from '../helpers/media.js';

const toolchain = (ffmpeg: string): Toolchain => ({ ffmpeg: { path: ffmpeg }, ffprobe: { path: 'ffprobe' } }) as unknown as Toolchain;
const start = { firstFrame: 0, inputStart: 0, preroll: new Float32Array(0), channels: 1 };
/** `frames` AAC frames' worth of a 440-Hz tone at 24 kHz. */
const tone = (frames: number): Float32Array => Float32Array.from({ length: frames * 1024 }, (_, i) => 0.2 * Math.sin((2 * Math.PI * 440 * i) / 24_000));
/** Far beyond any test's time: only the quiet timer or the frames can end a settle. */
const NEVER_MS = 600_000;

describe('the conversation\'s audio encoder', () => {
  it('settles once every frame the input so far yields is out, then gives the rest at its finish', async () => {
    const encoder = startAudioEncoder(toolchain(ffmpegPath()), STREAMING, start);
    encoder.write(tone(40));
    // (Quiet for 10 minutes before it would give up: only the frames end this wait.)
    await encoder.settle(NEVER_MS, NEVER_MS);
    expect(encoder.frames.length).toBeGreaterThanOrEqual(40 - ENCODER_LAG);
    encoder.write(tone(20));
    await encoder.settle(NEVER_MS, NEVER_MS);
    expect(encoder.frames.length).toBeGreaterThanOrEqual(60 - ENCODER_LAG);
    expect(await encoder.finish()).toBeUndefined();
    // The priming frame, one per 1024 samples, and the padded last one.
    expect(encoder.frames.length).toBe(61);
  }, 60_000);

  it('gives up waiting once the encoder has written nothing for quietMs', async () => {
    const dir = await tempDir('quiet-encoder');
    // An "encoder" that reads everything and never writes a byte.
    const silent = path.join(dir, 'silent-ffmpeg');
    await writeFile(silent, '#!/bin/sh\nexec cat >/dev/null\n');
    await chmod(silent, 0o755);
    const encoder = startAudioEncoder(toolchain(silent), STREAMING, start);
    try {
      encoder.write(tone(40));
      await encoder.settle(50, NEVER_MS);
      expect(encoder.frames).toHaveLength(0);
    } finally {
      encoder.stop();
    }
  }, 60_000);
});

describe('splitAdts', () => {
  it('takes whole ADTS frames, leaves a partial one for later, and refuses bytes without a sync word', () => {
    const frame = (payload: number[]): number[] => {
      const length = 7 + payload.length;
      return [0xff, 0xf1, 0x60, 0x40 | ((length >> 11) & 3), (length >> 3) & 0xff, ((length & 7) << 5) | 0x1f, 0xfc, ...payload];
    };
    const bytes = Uint8Array.from([...frame([1, 2, 3]), ...frame([4, 5]), ...frame([6, 7, 8, 9]).slice(0, 8)]);
    const split = splitAdts(bytes);
    expect(split.payloads.map((payload) => [...payload])).toEqual([[1, 2, 3], [4, 5]]);
    expect(split.used).toBe(10 + 9);
    expect(() => splitAdts(Uint8Array.from([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]))).toThrow(/no ADTS sync word/);
  });
});
