// Real speech for known-answer tests: the recorded voices Debian's alsa-utils ships (installed by .ci/run),
// one after another, cut into chunks as a generator writes them (video from testsrc2, PCM audio).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ffmpegPath } from './media.js';

const run = promisify(execFile);
export const VOICES = ['Front_Center', 'Front_Left', 'Front_Right', 'Rear_Center', 'Rear_Left', 'Rear_Right', 'Side_Left', 'Side_Right']
  .map((name) => `/usr/share/sounds/alsa/${name}.wav`);

/** `voices` (of VOICES) twice over as one 48-kHz stereo WAV at `file`. */
export async function makeSpeech(file: string, voices: readonly string[] = VOICES): Promise<void> {
  for (const voice of voices) if (!existsSync(voice)) throw new Error(`${voice} is missing: install Debian's alsa-utils (as .ci/run does)`);
  const inputs = [...voices, ...voices].flatMap((voice) => ['-i', voice]);
  await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', ...inputs,
    '-filter_complex', `${Array.from({ length: 2 * voices.length }, (_, i) => `[${i}:a]`).join('')}concat=n=${2 * voices.length}:v=0:a=1,aformat=sample_rates=48000:channel_layouts=stereo[a]`,
    '-map', '[a]', '-c:a', 'pcm_s16le', file]);
}

/** The speech cut into chunks of `durations` seconds, one after another: `<folder>/<name(i)>.mov`, H.264 High at 25 fps of `size`. */
export async function cutSpeech(speech: string, durations: readonly number[], folder: string, name: (i: number) => string, size = '192x144'): Promise<void> {
  let start = 0;
  for (const [i, seconds] of durations.entries()) {
    await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error',
      '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=25:duration=${seconds}`,
      '-ss', start.toFixed(3), '-t', seconds.toFixed(3), '-i', speech,
      '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-c:a', 'pcm_s16le',
      path.join(folder, `${name(i)}.mov`)]);
    start += seconds;
  }
}
